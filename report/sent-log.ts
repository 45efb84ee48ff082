import { sql, type RawBuilder } from "kysely";
import type { MartDatabase } from "./reader/open.ts";

/**
 * The logs of what was posted (alerts, reviews), kept in the warehouse beside the marts so a re-run
 * of a scheduled job never posts the same thing twice: tables this tool creates itself, in
 * BigQuery's column types and their DuckDB equivalents.
 */
export type LogColumn = readonly [name: string, type: "DATE" | "STRING" | "TIMESTAMP"];

const DUCKDB_TYPES = { DATE: "date", STRING: "varchar", TIMESTAMP: "timestamptz" } as const;

export async function ensureLogTable(m: MartDatabase, table: string, columns: readonly LogColumn[]): Promise<void> {
  const definition = sql.raw(columns.map(([name, type]) => `${name} ${m.kind === "duckdb" ? DUCKDB_TYPES[type] : type}`).join(", "));
  if (m.kind === "duckdb") await sql`create schema if not exists ${sql.id(m.settings.dataset)}`.execute(m.db);
  await sql`create table if not exists ${sql.id(m.settings.dataset, table)} (${definition})`.execute(m.db);
}

/** A date parameter: BigQuery's typed parameters never compare a STRING with a DATE. */
export function dateValue(date: string): RawBuilder<string> {
  return sql<string>`cast(${date} as date)`;
}

/** Now, as the log's `sent_at` holds it. */
export function sentAtValue(m: MartDatabase): RawBuilder<string> {
  const now = new Date().toISOString();
  return m.kind === "duckdb" ? sql<string>`cast(${now} as timestamptz)` : sql<string>`cast(${now} as timestamp)`;
}
