import sqlParser from "node-sql-parser";
import type { ColumnType } from "../../../report/marts.ts";

type Row = Record<string, unknown>;
interface Field {
  name: string;
  type: ColumnType;
}
interface Table {
  fields: Field[];
  rows: Row[];
}

/** GoogleSQL's names of the column types a table of the report's may use. */
const BIGQUERY_TYPES: Record<string, ColumnType> = {
  STRING: "STRING",
  INT64: "INT64",
  FLOAT64: "FLOAT64",
  BOOL: "BOOL",
  DATE: "DATE",
  TIMESTAMP: "TIMESTAMP",
};

/**
 * Tables the report creates and writes itself (the alert log, `dora.alerts_sent`), for the BigQuery
 * REST stub: `create table if not exists`, `insert … values` and plain selects with `and`-joined
 * equalities. Each statement is parsed with node-sql-parser's BigQuery grammar and checked as
 * BigQuery would: GoogleSQL type names, known columns, parameters cast to the column's own type.
 * Anything else answers undefined, for the stub's mart selects.
 */
export class WritableTables {
  readonly tables = new Map<string, Table>();
  readonly statements: string[] = [];
  private readonly parser = new sqlParser.Parser();

  constructor(private readonly tableNames: readonly string[]) {}

  handle(query: string, parameters: string[]): { fields: Field[]; rows: Row[] } | undefined {
    if (!this.tableNames.some((name) => query.includes(`.\`${name}\``))) return undefined;
    this.statements.push(query);
    let index = 0;
    // node-sql-parser has no positional `?`: each becomes a named parameter @p<position>
    const named = query.replace(/\?/g, () => `@p${index++}`);
    let ast: Ast;
    try {
      ast = this.parser.astify(named, { database: "BigQuery" }) as unknown as Ast;
    } catch (error) {
      throw new Error(`Syntax error: ${(error as Error).message.split("\n")[0]}`);
    }
    const value = (expr: Expr, field: Field) => this.value(expr, field, parameters);
    if (ast.type === "create") {
      const key = this.key(ast.table[0]!);
      const fields = ast.create_definitions.map((d) => {
        const type = BIGQUERY_TYPES[d.definition.dataType.toUpperCase()];
        if (!type) throw new Error(`Type not found: ${d.definition.dataType}`);
        return { name: columnName(d.column), type };
      });
      if (!this.tables.has(key)) this.tables.set(key, { fields, rows: [] });
      else if (!ast.if_not_exists) throw new Error(`Already Exists: Table p:${key}`);
      return { fields: [], rows: [] };
    }
    if (ast.type === "insert") {
      const table = this.table(ast.table[0]!);
      const fields = ast.columns.map((name) => field(table, name));
      for (const tuple of ast.values.values) {
        if (tuple.value.length !== fields.length) throw new Error(`Inserted row has wrong column count; Has ${tuple.value.length}, expected ${fields.length}`);
        table.rows.push(Object.fromEntries(fields.map((f, i) => [f.name, value(tuple.value[i]!, f)])));
      }
      return { fields: [], rows: [] };
    }
    if (ast.type === "select") {
      const table = this.table(ast.from[0]!);
      const fields = ast.columns.map((c) => field(table, columnName(c.expr)));
      const conditions = ast.where ? flatten(ast.where) : [];
      const rows = table.rows.filter((row) =>
        conditions.every((c) => {
          const f = field(table, columnName(c.left));
          return row[f.name] === value(c.right, f);
        }),
      );
      return { fields, rows: rows.map((row) => Object.fromEntries(fields.map((f) => [f.name, row[f.name]]))) };
    }
    throw new Error(`stub cannot run a ${(ast as { type: string }).type} statement`);
  }

  private key(table: { db: string | null; table: string }): string {
    if (!table.db) throw new Error(`Table "${table.table}" must be qualified with a dataset (e.g. dataset.table).`);
    return `${table.db}.${table.table}`;
  }

  private table(name: { db: string | null; table: string }): Table {
    const table = this.tables.get(this.key(name));
    if (!table) throw new Error(`Not found: Table p:${this.key(name)} was not found in location EU`);
    return table;
  }

  /** A literal or parameter as stored: BigQuery compares a parameter only with a column of its type, so it must be cast to it. */
  private value(expr: Expr, field: Field, parameters: string[]): unknown {
    const cast = expr.type === "cast" ? expr.target[0]!.dataType.toUpperCase() : undefined;
    const inner = expr.type === "cast" ? expr.expr : expr;
    const wanted = field.type === "STRING" ? undefined : field.type;
    if (cast !== wanted) throw new Error(`No matching signature: ${field.name} is ${field.type}, given ${cast ?? "a string parameter"}`);
    if (inner.type !== "param") throw new Error(`stub takes parameters only, not ${inner.type}`);
    const text = parameters[Number(inner.value.slice(1))];
    if (text === undefined) throw new Error(`Query parameter ${inner.value} not found`);
    if (field.type === "DATE" && !/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new Error(`Invalid date: '${text}'`);
    if (field.type === "TIMESTAMP" && Number.isNaN(Date.parse(text))) throw new Error(`Invalid timestamp: '${text}'`);
    return field.type === "TIMESTAMP" ? new Date(text).toISOString() : text;
  }
}

interface Column {
  type: "column_ref";
  column: string | { expr: { value: string } };
}
type Expr = { type: "cast"; expr: Expr; target: Array<{ dataType: string }> } | { type: "param"; value: string } | { type: "column_ref" };
interface Condition {
  type: "binary_expr";
  operator: string;
  left: Column | Condition;
  right: Expr | Condition;
}
type Ast =
  | { type: "create"; if_not_exists: string | null; table: Array<{ db: string | null; table: string }>; create_definitions: Array<{ column: Column; definition: { dataType: string } }> }
  | { type: "insert"; table: Array<{ db: string | null; table: string }>; columns: string[]; values: { values: Array<{ value: Expr[] }> } }
  | { type: "select"; from: Array<{ db: string | null; table: string }>; columns: Array<{ expr: Column }>; where: Condition | null };

function columnName(column: Column | Condition): string {
  if (column.type !== "column_ref") throw new Error("stub compares columns only");
  return typeof column.column === "string" ? column.column : column.column.expr.value;
}

function field(table: Table, name: string): Field {
  const found = table.fields.find((f) => f.name === name);
  if (!found) throw new Error(`Unrecognized name: ${name}`);
  return found;
}

/** `a = x and b = y` as its equalities. */
function flatten(condition: Condition): Array<{ left: Column; right: Expr }> {
  if (condition.operator === "AND") return [...flatten(condition.left as Condition), ...flatten(condition.right as Condition)];
  if (condition.operator !== "=") throw new Error(`stub cannot filter with ${condition.operator}`);
  return [{ left: condition.left as Column, right: condition.right as Expr }];
}
