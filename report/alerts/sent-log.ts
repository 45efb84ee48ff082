import type { MartDatabase } from "../reader/open.ts";
import { dateValue, ensureLogTable, sentAtValue } from "../sent-log.ts";
import type { Firing } from "./evaluate.ts";

/**
 * Which (week, rule, scope, name) alerts were already posted, kept in the warehouse beside the
 * marts (`dora.alerts_sent`) so a re-run of a scheduled job never posts the same alert twice.
 */
export async function ensureSentLog(m: MartDatabase): Promise<void> {
  await ensureLogTable(m, "alerts_sent", [
    ["week_start", "DATE"],
    ["rule", "STRING"],
    ["scope", "STRING"],
    ["name", "STRING"],
    ["sent_at", "TIMESTAMP"],
  ]);
}

export async function unsent(m: MartDatabase, weekStart: string, firings: readonly Firing[]): Promise<Firing[]> {
  const sent = await m.db.selectFrom("alerts_sent").select(["rule", "scope", "name"]).where("week_start", "=", dateValue(weekStart)).execute();
  const key = (f: { rule: string; scope: string; name: string }) => `${f.rule}\u0000${f.scope}\u0000${f.name}`;
  const seen = new Set(sent.map(key));
  return firings.filter((f) => !seen.has(key(f)));
}

export async function recordSent(m: MartDatabase, firings: readonly Firing[]): Promise<void> {
  if (firings.length === 0) return;
  const sentAt = sentAtValue(m);
  await m.db
    .insertInto("alerts_sent")
    .values(firings.map((f) => ({ week_start: dateValue(f.weekStart), rule: f.rule, scope: f.scope, name: f.name, sent_at: sentAt })))
    .execute();
}
