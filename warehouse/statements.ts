/**
 * The DuckDB statements for one action, following what `dataform run` sends to BigQuery
 * (ExecutionSql in the Dataform CLI) with DuckDB's spelling. Dataform's SQL (queries, pre- and
 * post-operations) arrives already rewritten; our own DDL quotes identifiers itself.
 */
import { createHash } from "node:crypto";
import { quoteIdentifier, quoteLiteral } from "../core/duckdb.ts";
import type { ActionDescriptor, Table, Target } from "./compiled-graph.ts";

/** What the warehouse holds at a target before the action runs. */
export interface RelationState {
  type: "TABLE" | "VIEW";
  columns: string[];
  /** A view's comment: an assertion's view names the query it was created from (`builtFrom`). */
  comment?: string;
}

export function qualified(target: Target | undefined): string {
  return [target?.database, target?.schema, target?.name]
    .filter((part): part is string => !!part)
    .map(quoteIdentifier)
    .join(".");
}

export function createSchema(target: Target | undefined): string {
  const schema = [target?.database, target?.schema].filter((part): part is string => !!part).map(quoteIdentifier);
  return `CREATE SCHEMA IF NOT EXISTS ${schema.join(".")}`;
}

/** Drops what stands at the target when it is of the other kind (DuckDB won't replace a view by a table). */
function dropOtherKind(target: string, wanted: "TABLE" | "VIEW", existing: RelationState | undefined): string[] {
  if (!existing || existing.type === wanted) return [];
  return [`DROP ${existing.type} IF EXISTS ${target}`];
}

export function viewStatements(target: Target | undefined, query: string, existing: RelationState | undefined): string[] {
  const name = qualified(target);
  return [...dropOtherKind(name, "VIEW", existing), `CREATE OR REPLACE VIEW ${name} AS\n${query}`];
}

/**
 * An assertion's view, commented with the fingerprint of its query: a later run with the same
 * query keeps the view (DuckDB binds a view's query again at each read, `*` included).
 */
export function assertionViewStatements(target: Target | undefined, query: string, existing: RelationState | undefined): string[] {
  return [...viewStatements(target, query, existing), `COMMENT ON VIEW ${qualified(target)} IS ${quoteLiteral(builtFrom(query))}`];
}

/** The comment that names the query an assertion's view was created from. */
export function builtFrom(query: string): string {
  return `doraform: built from the query with SHA-256 ${createHash("sha256").update(query).digest("hex")}`;
}

export function tableStatements(target: Target | undefined, query: string, existing: RelationState | undefined): string[] {
  const name = qualified(target);
  return [...dropOtherKind(name, "TABLE", existing), `CREATE OR REPLACE TABLE ${name} AS\n${query}`];
}

/** Dataform's rule: write incrementally when the target exists as a table, unless a full refresh of an unprotected table. */
export function writesIncrementally(table: Table, existing: RelationState | undefined, fullRefresh: boolean): boolean {
  return (!fullRefresh || !!table.protected) && existing?.type === "TABLE";
}

/**
 * The incremental write into an existing table, with the column list taken from that table (as
 * Dataform takes it from the warehouse's metadata): MERGE on uniqueKey, partition overwrite, or append.
 * `incoming`: a temporary table to keep a MERGE's incoming rows in.
 */
export function incrementalStatements(table: Table, query: string, columns: readonly string[], incoming?: string): string[] {
  const name = qualified(table.target);
  const quoted = columns.map(quoteIdentifier);
  const uniqueKey = table.uniqueKey ?? [];
  const partitionBy = table.bigquery?.partitionBy;
  if (table.incrementalStrategy === "INSERT_OVERWRITE" && partitionBy) {
    // replace every partition that appears in the new rows, as Dataform's BigQuery procedure does
    const staging = quoteIdentifier(`dataform_staging_${table.target?.name ?? "table"}`);
    return [
      `CREATE OR REPLACE TEMP TABLE ${staging} AS\n${query}`,
      `DELETE FROM ${name} WHERE (${partitionBy}) IN (SELECT DISTINCT ${partitionBy} FROM ${staging})`,
      `INSERT INTO ${name} (${quoted.join(", ")}) SELECT ${quoted.join(", ")} FROM ${staging}`,
      `DROP TABLE ${staging}`,
    ];
  }
  if (uniqueKey.length > 0) {
    const conditions = uniqueKey.map((key) => `DATAFORM_DEST.${quoteIdentifier(key)} = DATAFORM_SOURCE.${quoteIdentifier(key)}`);
    if (table.bigquery?.updatePartitionFilter) conditions.push(`DATAFORM_DEST.${table.bigquery.updatePartitionFilter}`);
    for (const predicate of table.bigquery?.incrementalPredicates ?? []) conditions.push(`(${predicate})`);
    // the incoming rows kept in a temporary table when the run's checks read them again
    const source = incoming ? `SELECT * FROM ${incoming}` : query;
    return [
      ...(incoming ? [`CREATE OR REPLACE TEMP TABLE ${incoming} AS\n${query}`] : []),
      [
        `MERGE INTO ${name} AS DATAFORM_DEST`,
        `USING (\n${source}\n) AS DATAFORM_SOURCE`,
        `ON ${conditions.join(" AND ")}`,
        `WHEN MATCHED THEN UPDATE SET ${quoted.map((column) => `${column} = DATAFORM_SOURCE.${column}`).join(", ")}`,
        `WHEN NOT MATCHED THEN INSERT (${quoted.join(", ")}) VALUES (${quoted.map((column) => `DATAFORM_SOURCE.${column}`).join(", ")})`,
      ].join("\n"),
    ];
  }
  return [`INSERT INTO ${name} (${quoted.join(", ")})\nSELECT ${quoted.join(", ")} FROM (\n${query}\n) AS insertions`];
}

/**
 * Descriptions as DuckDB comments (Dataform patches them into BigQuery's metadata after the run);
 * like BigQuery, only columns the relation has are described, and nested fields are left out.
 */
export function commentStatements(
  target: Target | undefined,
  kind: "TABLE" | "VIEW",
  descriptor: ActionDescriptor | undefined,
  columns: readonly string[],
): string[] {
  const name = qualified(target);
  const statements: string[] = [];
  if (descriptor?.description) statements.push(`COMMENT ON ${kind} ${name} IS ${quoteLiteral(descriptor.description)}`);
  const present = new Map(columns.map((column) => [column.toLowerCase(), column]));
  for (const column of descriptor?.columns ?? []) {
    const path = column.path ?? [];
    const actual = path.length === 1 ? present.get(path[0].toLowerCase()) : undefined;
    if (actual && column.description) {
      statements.push(`COMMENT ON COLUMN ${name}.${quoteIdentifier(actual)} IS ${quoteLiteral(column.description)}`);
    }
  }
  return statements;
}

export interface Column {
  name: string;
  type: string;
}

/**
 * Dataform's onSchemaChange before an incremental write, given the table's columns and the ones
 * the incremental query now gives: the ALTER statements, and the columns to write afterwards.
 * FAIL refuses any difference; EXTEND adds new columns and refuses removals; SYNCHRONIZE also drops
 * removed columns, except those of the unique key. (Dataform's BigQuery procedure keeps writing the
 * columns it saw before the change; here new columns are written at once.)
 */
export function schemaChange(table: Table, existing: readonly string[], incoming: readonly Column[]): { statements: string[]; columns: string[] } {
  const mode = table.onSchemaChange ?? "IGNORE";
  if (mode === "IGNORE") return { statements: [], columns: [...existing] };
  const has = (names: readonly string[], name: string) => names.some((other) => other.toLowerCase() === name.toLowerCase());
  const added = incoming.filter((column) => !has(existing, column.name));
  const removed = existing.filter((name) => !incoming.some((column) => column.name.toLowerCase() === name.toLowerCase()));
  const list = (names: readonly string[]) => `[${names.map((name) => JSON.stringify(name)).join(", ")}]`;
  if (mode === "FAIL" && (added.length > 0 || removed.length > 0)) {
    throw new Error(
      `Schema mismatch defined by on_schema_change = 'FAIL'. Added columns: ${list(added.map((column) => column.name))}, removed columns: ${list(removed)}`,
    );
  }
  if (mode === "EXTEND" && removed.length > 0) {
    throw new Error(`Column removals are not allowed when on_schema_change = 'EXTEND'. Removed columns: ${list(removed)}`);
  }
  const name = qualified(table.target);
  const dropped = mode === "SYNCHRONIZE" ? removed : [];
  const keyColumns = dropped.filter((column) => has(table.uniqueKey ?? [], column));
  if (keyColumns.length > 0) {
    throw new Error(`Cannot drop columns ${list(keyColumns)} as they are part of the unique key for table ${name}`);
  }
  return {
    statements: [
      ...dropped.map((column) => `ALTER TABLE ${name} DROP COLUMN ${quoteIdentifier(column)}`),
      ...added.map((column) => `ALTER TABLE ${name} ADD COLUMN ${quoteIdentifier(column.name)} ${column.type}`),
    ],
    columns: [...existing.filter((column) => !dropped.includes(column)), ...added.map((column) => column.name)],
  };
}
