// Analyzes every statement the BigQuery build of a compiled Dataform graph would run, with
// GoogleSQL's analyzer, in dependency order: the raw tables as the loaders create them, then each
// action's resolved output registered as a table for the actions after it.
import { RAW_SCHEMA } from "../../ingest/load/bigquery.ts";
import { targetName, type CompiledGraph, type Target } from "../compiled-graph.ts";
import { bigqueryLanguageOptions } from "./bigquery-language.ts";
import { tableOptionProblems } from "./bigquery-table-options.ts";
import { assertionStatements, fullBuild, incrementalRun, operationStatements, type Statement } from "./execution-sql.ts";
import { partitionColumn, partitionReads } from "./partition-pruning.ts";
import type { GoogleSqlService, SimpleColumn, SimpleTable, TypeProto } from "./service.ts";
import { scalarType, schemaColumns, typeName } from "./types.ts";

/** One statement GoogleSQL refuses. */
export interface Finding {
  file: string;
  action: string;
  statement: string;
  message: string;
}

export interface GraphAnalysis {
  findings: Finding[];
  /** Each action's output columns (tables, views, assertions, operations with output), by `project.dataset.name`. */
  schemas: Map<string, SimpleColumn[]>;
  /** Every statement analyzed, in order. */
  analyzed: Array<{ action: string; statement: string }>;
  /** Actions not analyzed because an action they read has findings. */
  skipped: string[];
  /** Each scan of a partitioned table by an incremental run's query, and whether its filter prunes. */
  partitionReads: Array<{ action: string; table: string; column: string; pruned: boolean }>;
}

/** A BigQuery script statement giving a variable a value: `DECLARE name TYPE [DEFAULT (query)]` or `SET name = (query)`. */
export interface VariableStatement {
  name: string;
  /** The declared type; none for SET. */
  type?: string;
  query?: string;
}

const DECLARE = /^\s*declare\s+([A-Za-z_][A-Za-z0-9_]*)\s+([A-Za-z0-9_]+)(?:\s+default\s+\(([\s\S]*)\))?\s*;?\s*$/i;
const SET = /^\s*set\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*\(([\s\S]*)\)\s*;?\s*$/i;

/** The variable statement `sql` is, if it is one. */
export function variableStatement(sql: string): VariableStatement | undefined {
  const declare = DECLARE.exec(sql);
  if (declare) return { name: declare[1], type: declare[2], ...(declare[3] !== undefined ? { query: declare[3] } : {}) };
  const set = SET.exec(sql);
  return set ? { name: set[1], query: set[2] } : undefined;
}

export function formatFinding(finding: Finding): string {
  return `${finding.file}: ${finding.action} (${finding.statement}): ${finding.message}`;
}

/** `name TYPE, …`: a schema as one line. */
export function formatColumns(columns: SimpleColumn[]): string {
  return columns.map((c) => `${c.name} ${typeName(c.type)}`).join(", ");
}

interface Node {
  name: string;
  file: string;
  dependencies: string[];
  /** Analyzes the action; returns its output columns, or undefined when it has none or failed. */
  analyze: (context: Context, node: Node) => Promise<SimpleColumn[] | undefined>;
}

class Context {
  readonly tables = new Map<string, SimpleTable>();
  readonly findings: Finding[] = [];
  readonly analyzed: GraphAnalysis["analyzed"] = [];
  /** The variables of the script being analyzed: BigQuery runs each action's statements as one script. */
  readonly variables = new Map<string, TypeProto>();
  readonly partitionReads: GraphAnalysis["partitionReads"] = [];
  constructor(
    private readonly service: GoogleSqlService,
    private readonly languageOptions: unknown,
  ) {}

  /** Analyzes one statement; a refusal becomes a finding. Returns the resolved statement, or undefined. */
  async analyze(node: Node, statement: Statement): Promise<Record<string, unknown> | undefined> {
    this.analyzed.push({ action: node.name, statement: statement.label });
    const variable = variableStatement(statement.sql);
    if (variable) return this.analyzeVariable(node, statement, variable);
    return this.resolve(node, statement.label, statement.sql);
  }

  private async resolve(node: Node, label: string, sql: string): Promise<Record<string, unknown> | undefined> {
    const catalog = {
      name: "bigquery",
      table: [...this.tables.values()],
      // a script variable is a name the query reads, with a value of its type
      constant: [...this.variables].map(([name, type]) => ({ namePath: [name], type })),
      builtinFunctionOptions: { languageOptions: this.languageOptions },
    };
    const result = await this.service.analyze(sql, catalog, this.languageOptions);
    if ("error" in result) {
      this.findings.push({ file: node.file, action: node.name, statement: label, message: result.error });
      return undefined;
    }
    return result.resolved;
  }

  /** A DECLARE or SET (the analyzer takes no script statements): its query analyzed, of the variable's type. */
  private async analyzeVariable(node: Node, statement: Statement, variable: VariableStatement): Promise<Record<string, unknown> | undefined> {
    const finding = (message: string) => {
      this.findings.push({ file: node.file, action: node.name, statement: statement.label, message });
      return undefined;
    };
    const type = variable.type === undefined ? this.variables.get(variable.name.toLowerCase()) : scalarType(variable.type);
    if (!type) return finding(variable.type === undefined ? `SET ${variable.name}: no such variable declared before it` : `DECLARE ${variable.name}: type ${variable.type} not known here`);
    if (variable.query !== undefined) {
      const columns = outputColumns(await this.resolve(node, statement.label, `select (${variable.query}) as value`));
      if (!columns) return undefined;
      if (typeName(columns[0].type) !== typeName(type)) return finding(`${variable.name} is ${typeName(type)}, its value ${typeName(columns[0].type)}`);
    }
    this.variables.set(variable.name.toLowerCase(), type);
    return { variable: variable.name };
  }

  /** The output columns of a query, or undefined (and a finding) when GoogleSQL refuses it. */
  async queryColumns(node: Node, label: string, sql: string): Promise<SimpleColumn[] | undefined> {
    this.analyzed.push({ action: node.name, statement: label });
    return outputColumns(await this.resolve(node, label, sql));
  }

  register(name: string, columns: SimpleColumn[]): void {
    this.tables.set(name, { name, column: columns });
  }

  /** Analyzes a script's statements in order, stopping at the first refusal; each one's resolved statement, or undefined. */
  async analyzeScript(node: Node, statements: Statement[]): Promise<Array<Record<string, unknown>> | undefined> {
    this.variables.clear();
    const resolved: Array<Record<string, unknown>> = [];
    for (const statement of statements) {
      const one = await this.analyze(node, statement);
      if (!one) return undefined;
      resolved.push(one);
    }
    return resolved;
  }

  async analyzeAll(node: Node, statements: Statement[]): Promise<boolean> {
    return (await this.analyzeScript(node, statements)) !== undefined;
  }
}

function outputColumns(resolved: Record<string, unknown> | undefined): SimpleColumn[] | undefined {
  const query = resolved?.resolvedQueryStmtNode as { outputColumnList?: Array<{ name: string; column: { type: SimpleColumn["type"] } }> } | undefined;
  return query?.outputColumnList?.map((c) => ({ name: c.name, type: c.column.type }));
}

/** Analyzes the graph's every action in dependency order with BigQuery's language options. */
export async function analyzeGraph(graph: CompiledGraph, service: GoogleSqlService): Promise<GraphAnalysis> {
  const context = new Context(service, await bigqueryLanguageOptions(service));
  const schemas = new Map<string, SimpleColumn[]>();
  const failed = new Set<string>();
  const skipped: string[] = [];
  for (const node of dependencyOrder(nodesOf(graph))) {
    const blocker = node.dependencies.find((d) => failed.has(d));
    if (blocker) {
      failed.add(node.name);
      skipped.push(`${node.name} (reads ${blocker})`);
      continue;
    }
    const before = context.findings.length;
    context.variables.clear();
    const columns = await node.analyze(context, node);
    if (context.findings.length > before) failed.add(node.name);
    if (columns) {
      context.register(node.name, columns);
      schemas.set(node.name, columns);
    }
  }
  return { findings: context.findings, schemas, analyzed: context.analyzed, skipped, partitionReads: context.partitionReads };
}

/** A node for an action of the graph, read after the actions it depends on. */
function nodeOf(action: { target?: Target; fileName?: string; dependencyTargets?: Target[] }, analyze: Node["analyze"], name = targetName(action.target)): Node {
  return { name, file: action.fileName ?? "", dependencies: (action.dependencyTargets ?? []).map(targetName), analyze };
}

function nodesOf(graph: CompiledGraph): Node[] {
  const rawDataset = graph.projectConfig?.vars?.raw_dataset ?? "airbyte_internal";
  const enabled = <T extends { disabled?: boolean }>(actions: T[] | undefined) => (actions ?? []).filter((a) => !a.disabled);
  // the raw tables are partitioned by day of extraction, as the loaders and Airbyte create them
  const partitioned = new Map<string, string>();
  for (const declaration of graph.declarations ?? []) {
    if (declaration.target?.schema === rawDataset) partitioned.set(targetName(declaration.target), "_airbyte_extracted_at");
  }
  for (const table of graph.tables ?? []) {
    const column = table.enumType === "VIEW" ? undefined : partitionColumn(table.bigquery?.partitionBy);
    if (column) partitioned.set(targetName(table.target), column);
  }
  const declarations = (graph.declarations ?? []).map((declaration) =>
    nodeOf(declaration, async (context, node) => {
      if (declaration.target?.schema === rawDataset) return schemaColumns(RAW_SCHEMA);
      context.findings.push({ file: node.file, action: node.name, statement: "declaration", message: `no schema known: only raw tables of dataset ${rawDataset} are declared` });
      return undefined;
    }),
  );
  const operations = enabled(graph.operations).map((operation) =>
    nodeOf(operation, async (context, node) => {
      let columns: SimpleColumn[] | undefined;
      for (const statement of operationStatements(operation)) {
        const resolved = await context.analyze(node, statement);
        if (!resolved) return undefined;
        columns = createdColumns(resolved) ?? columns;
      }
      return operation.hasOutput ? columns : undefined;
    }),
  );
  const tables = enabled(graph.tables).map((table) =>
    nodeOf(table, async (context, node) => {
      const columns = await context.queryColumns(node, "query", table.query ?? "");
      if (!columns) return undefined;
      // the table exists from here on: an incremental run's pre-operations and query read it
      context.register(node.name, columns);
      if (!(await context.analyzeAll(node, fullBuild(table)))) return undefined;
      const problems = table.enumType === "VIEW" ? [] : tableOptionProblems(table.bigquery, columns);
      for (const message of problems) context.findings.push({ file: node.file, action: node.name, statement: "partitioning and clustering", message });
      if (table.enumType !== "INCREMENTAL") return columns;
      const run = await context.analyzeScript(node, incrementalRun(table, columns.map((c) => c.name)));
      if (!run) return undefined;
      // what the run reads: the MERGE's source or the INSERT's query (a MERGE reads its target's keys whole)
      const dml = run[(table.incrementalPreOps ?? []).length] as { resolvedMergeStmtNode?: { fromScan?: unknown }; resolvedInsertStmtNode?: { query?: unknown } };
      for (const read of partitionReads(dml.resolvedMergeStmtNode?.fromScan ?? dml.resolvedInsertStmtNode?.query, partitioned)) {
        context.partitionReads.push({ action: node.name, ...read });
        if (!read.pruned) {
          const message = `reads ${read.table} without a filter comparing ${read.column} with a constant: BigQuery scans every partition`;
          context.findings.push({ file: node.file, action: node.name, statement: "partition pruning", message });
        }
      }
      return columns;
    }),
  );
  const assertions = enabled(graph.assertions).map((assertion) =>
    nodeOf(assertion, async (context, node) => {
      const columns = await context.queryColumns(node, "assertion query", assertion.query ?? "");
      if (!columns) return undefined;
      const [view, count] = assertionStatements(assertion);
      if (!(await context.analyzeAll(node, [view]))) return undefined;
      context.register(node.name, columns);
      return (await context.analyzeAll(node, [count])) ? columns : undefined;
    }),
  );
  // a unit test runs the tested dataset's query on inline inputs: it reads no table
  const tests = enabled(graph.tests).map((test) =>
    nodeOf(
      { fileName: test.fileName },
      async (context, node) => {
        await context.analyzeAll(node, [
          { label: "unit test query", sql: test.testQuery ?? "" },
          { label: "unit test expected output", sql: test.expectedOutputQuery ?? "" },
        ]);
        return undefined;
      },
      `test ${test.name}`,
    ),
  );
  return [...declarations, ...operations, ...tables, ...assertions, ...tests];
}

/** The columns of the table a CREATE TABLE statement makes. */
function createdColumns(resolved: Record<string, unknown>): SimpleColumn[] | undefined {
  const stack: unknown[] = [resolved];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!value || typeof value !== "object") continue;
    const definitions = (value as { columnDefinitionList?: Array<{ name: string; type: SimpleColumn["type"] }> }).columnDefinitionList;
    if (definitions) return definitions.map((d) => ({ name: d.name, type: d.type }));
    stack.push(...Object.values(value));
  }
  return undefined;
}

/** Each node after the nodes it reads (dependencies outside the graph are ignored); a cycle keeps compile order. */
function dependencyOrder(nodes: Node[]): Node[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: Node[] = [];
  const visit = (node: Node) => {
    if (done.has(node.name) || visiting.has(node.name)) return;
    visiting.add(node.name);
    for (const dependency of node.dependencies) {
      const next = byName.get(dependency);
      if (next) visit(next);
    }
    visiting.delete(node.name);
    done.add(node.name);
    order.push(node);
  };
  nodes.forEach(visit);
  return order;
}
