import { sql } from "kysely";
import type { MartDatabase } from "../reader/open.ts";
import type { Firing } from "./evaluate.ts";

/**
 * Which (week, rule, scope, name) alerts were already posted, kept in the warehouse beside the
 * marts (`dora.alerts_sent`) so a re-run of a scheduled job never posts the same alert twice.
 */
export async function ensureSentLog(m: MartDatabase): Promise<void> {
  const table = sql.id(m.settings.dataset, "alerts_sent");
  if (m.kind === "duckdb") {
    await sql`create schema if not exists ${sql.id(m.settings.dataset)}`.execute(m.db);
    await sql`create table if not exists ${table} (week_start date, rule varchar, scope varchar, name varchar, sent_at timestamptz)`.execute(m.db);
  } else {
    await sql`create table if not exists ${table} (week_start DATE, rule STRING, scope STRING, name STRING, sent_at TIMESTAMP)`.execute(m.db);
  }
}

export async function unsent(m: MartDatabase, weekStart: string, firings: readonly Firing[]): Promise<Firing[]> {
  const sent = await m.db
    .selectFrom("alerts_sent")
    .select(["rule", "scope", "name"])
    .where("week_start", "=", sql<string>`cast(${weekStart} as date)`)
    .execute();
  const key = (f: { rule: string; scope: string; name: string }) => `${f.rule}\u0000${f.scope}\u0000${f.name}`;
  const seen = new Set(sent.map(key));
  return firings.filter((f) => !seen.has(key(f)));
}

export async function recordSent(m: MartDatabase, firings: readonly Firing[]): Promise<void> {
  if (firings.length === 0) return;
  const sentAt = new Date().toISOString();
  await m.db
    .insertInto("alerts_sent")
    .values(
      firings.map((f) => ({
        week_start: sql<string>`cast(${f.weekStart} as date)`,
        rule: f.rule,
        scope: f.scope,
        name: f.name,
        sent_at: m.kind === "duckdb" ? sql<string>`cast(${sentAt} as timestamptz)` : sql<string>`cast(${sentAt} as timestamp)`,
      })),
    )
    .execute();
}
