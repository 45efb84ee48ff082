import type { DuckDBConnection } from "@duckdb/node-api";

// DuckDB reads BigQuery's `FROM UNNEST(x) AS a` as a table alias, so `a` is a one-field STRUCT
// named unnest, where BigQuery gives the element itself: the query runs, the answers differ.
const UNNEST_STRUCT = /STRUCT\(\s*"?unnest"?\s/i;

/**
 * Fails if any column of any table or view the connection sees (in every attached catalog,
 * optionally only `catalog`) has a type containing STRUCT("unnest" …): the UNNEST alias trap.
 * Call it after building models on DuckDB.
 */
export async function assertNoUnnestStructs(connection: DuckDBConnection, catalog?: string): Promise<void> {
  const reader = await connection.runAndReadAll(
    "SELECT table_catalog, table_schema, table_name, column_name, data_type FROM information_schema.columns ORDER BY ALL",
  );
  const trapped = (reader.getRowObjectsJson() as Record<string, string>[])
    .filter((c) => (catalog === undefined || c.table_catalog === catalog) && UNNEST_STRUCT.test(c.data_type))
    .map((c) => `${c.table_catalog}.${c.table_schema}.${c.table_name}.${c.column_name} is ${c.data_type}`);
  if (trapped.length > 0) {
    throw new Error(
      `UNNEST alias trap: ${trapped.join("; ")} (a bare UNNEST(x) AS a in DuckDB makes a STRUCT; use dialect.unnest)`,
    );
  }
}
