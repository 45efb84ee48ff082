// The statements Dataform's BigQuery runner executes for each compiled action, written as
// @dataform/cli's ExecutionSql writes them (cli/api/dbadapters/execution_sql.ts): a full build,
// then an incremental run over the table it left. What the runner adds that needs a live table's
// metadata (a DROP when a view becomes a table, the on-schema-change procedures) is left out.
import type { Assertion, Operation, Table, Target } from "../compiled-graph.ts";

export interface Statement {
  /** What the statement is, for messages: "create or replace table", "incremental merge", ... */
  label: string;
  sql: string;
}

/** `project.dataset.name` in backticks, as the runner resolves a target. */
export function resolveTarget(target: Target | undefined): string {
  return `\`${[target?.database, target?.schema, target?.name].filter(Boolean).join(".")}\``;
}

/** A full build: pre-operations, CREATE OR REPLACE with partitioning, clustering and options, post-operations. */
export function fullBuild(table: Table): Statement[] {
  const kind = table.enumType === "VIEW" ? "view" : "table";
  return [
    ...(table.preOps ?? []).map((sql) => ({ label: "pre-operation", sql })),
    { label: `create or replace ${table.materialized ? "materialized " : ""}${kind}`, sql: createOrReplace(table) },
    ...(table.postOps ?? []).map((sql) => ({ label: "post-operation", sql })),
  ];
}

/**
 * An incremental run over an existing table with these columns: its pre-operations, the MERGE on
 * its unique key (with updatePartitionFilter and incrementalPredicates) or the INSERT, its post-operations.
 */
export function incrementalRun(table: Table, columns: string[]): Statement[] {
  const query = table.incrementalQuery || table.query || "";
  // INSERT_OVERWRITE's script (a temporary table, then a MERGE deleting the replaced partitions)
  // inserts the same rows into the same columns: its INSERT stands for it
  const dml =
    table.uniqueKey && table.uniqueKey.length > 0 && table.incrementalStrategy !== "INSERT_OVERWRITE"
      ? { label: "incremental merge", sql: mergeInto(table, columns, query) }
      : { label: "incremental insert", sql: insertInto(table.target, columns, query) };
  return [
    ...(table.incrementalPreOps ?? []).map((sql) => ({ label: "incremental pre-operation", sql })),
    dml,
    ...(table.incrementalPostOps ?? []).map((sql) => ({ label: "incremental post-operation", sql })),
  ];
}

/** An assertion: the runner makes its query a view, then counts the view's rows. */
export function assertionStatements(assertion: Assertion): Statement[] {
  const view = resolveTarget(assertion.target);
  return [
    { label: "assertion view", sql: `\n      create or replace view ${view} as ${assertion.query ?? ""}` },
    { label: "assertion row count", sql: `select sum(1) as row_count from ${view}` },
  ];
}

export function operationStatements(operation: Operation): Statement[] {
  return (operation.queries ?? []).map((sql, n) => ({ label: `operation statement ${n + 1}`, sql }));
}

function createOrReplace(table: Table): string {
  const bigquery = table.bigquery ?? {};
  const options: string[] = [];
  if (bigquery.partitionBy && bigquery.partitionExpirationDays) options.push(`partition_expiration_days=${bigquery.partitionExpirationDays}`);
  if (bigquery.partitionBy && bigquery.requirePartitionFilter) options.push(`require_partition_filter=${bigquery.requirePartitionFilter}`);
  for (const [name, value] of Object.entries(bigquery.additionalOptions ?? {})) options.push(`${name}=${value}`);
  return `create or replace ${table.materialized ? "materialized " : ""}${table.enumType === "VIEW" ? "view" : "table"} ${resolveTarget(table.target)} ${
    bigquery.partitionBy ? `partition by ${bigquery.partitionBy} ` : ""
  }${bigquery.clusterBy && bigquery.clusterBy.length > 0 ? `cluster by ${bigquery.clusterBy.join(", ")} ` : ""}${
    options.length > 0 ? `OPTIONS(${options.join(",")})` : ""
  }as ${table.query ?? ""}`;
}

function mergeInto(table: Table, columns: string[], query: string): string {
  const updatePartitionFilter = table.bigquery?.updatePartitionFilter;
  const predicates = (table.bigquery?.incrementalPredicates ?? []).filter((p) => p.trim() !== "");
  const predicateText = predicates.length > 0 ? `and ${predicates.map((p) => `(${p})`).join(" and ")}` : "";
  const backticked = columns.map((column) => `\`${column}\``);
  return `
merge ${resolveTarget(table.target)} DATAFORM_DEST
using (${query}
) DATAFORM_SOURCE
on ${(table.uniqueKey ?? []).map((key) => `DATAFORM_DEST.${key} = DATAFORM_SOURCE.${key}`).join(` and `)} ${updatePartitionFilter ? `and DATAFORM_DEST.${updatePartitionFilter}` : ""}
${predicateText ? ` ${predicateText}` : ""}
when matched then
  update set ${columns.map((column) => `\`${column}\` = DATAFORM_SOURCE.${column}`).join(",")}
when not matched then
  insert (${backticked.join(",")}) values (${backticked.join(",")})`;
}

function insertInto(target: Target | undefined, columns: string[], query: string): string {
  const backticked = columns.map((column) => `\`${column}\``);
  return `\t\ninsert into ${resolveTarget(target)}\t\n(${backticked.join(",")})\t\nselect ${backticked.join(",")}\t\nfrom (${query}) as insertions`;
}
