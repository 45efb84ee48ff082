import { createRequire } from "node:module";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

/** The helpers of includes/dialect.js as the tests call them: SQL text in, SQL text out. */
export interface Dialect {
  warehouse(): string;
  [helper: string]: (...args: any[]) => string;
}

const dialectModule = createRequire(import.meta.url)("../../includes/dialect.js") as Dialect & {
  forWarehouse(name: string): Dialect;
};

/** The module as Dataform loads it: reads the global `dataform` on every call. */
export const projectDialect: Dialect = dialectModule;

export const bigquery = dialectModule.forWarehouse("bigquery");
export const duckdb = dialectModule.forWarehouse("duckdb");

/** An in-memory DuckDB in UTC, as the executor opens the warehouse. */
export async function openDuckDB(): Promise<{ connection: DuckDBConnection; close(): void }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Rows of a query as JSON-safe objects (BIGINT as string, dates and timestamps as text). */
export async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

/** The value of one SQL expression, evaluated by DuckDB. */
export async function evaluate(connection: DuckDBConnection, expression: string): Promise<unknown> {
  const [row] = await rows(connection, `SELECT ${expression} AS v`);
  return row.v;
}
