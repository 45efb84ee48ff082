import type { Scope } from "../../core/metrics.ts";
import { sql, type RawBuilder } from "kysely";
import type { MartDatabase } from "./open.ts";
import type { Marts } from "../marts.ts";

/**
 * The questions the report, review and alerts ask of the marts: plain selects that compile to the
 * same SQL on DuckDB and BigQuery. Date and timestamp parameters are cast explicitly because
 * BigQuery's typed parameters never compare a STRING with a DATE or TIMESTAMP.
 */

export type { Scope };

const weeklyTable = { service: "service_weekly", team: "team_weekly", organisation: "org_weekly" } as const;
const quarterlyTable = { service: "service_quarterly", team: "team_quarterly", organisation: "org_quarterly" } as const;

export type WeeklyRow = Marts["service_weekly"];
export type QuarterlyRow = Marts["service_quarterly"];

// team and organisation tables lack the service (and team) columns: give every row the same shape
function withScopeColumns<T extends { service?: string | null; team?: string | null }>(row: T) {
  return { ...row, service: row.service ?? null, team: row.team ?? null };
}

function dateParam(value: string): RawBuilder<string> {
  return sql<string>`cast(${value} as date)`;
}

function timestampParam(m: MartDatabase, isoDate: string): RawBuilder<string> {
  return m.kind === "duckdb" ? sql<string>`cast(${`${isoDate}T00:00:00Z`} as timestamptz)` : sql<string>`cast(${`${isoDate}T00:00:00Z`} as timestamp)`;
}

/** The newest week whose every day is before `as_of`'s week (docs/metrics.md, Periods: complete weeks only). */
export async function latestCompleteWeek(m: MartDatabase): Promise<string | null> {
  const row = await m.db
    .selectFrom("org_weekly")
    .select((eb) => eb.fn.max("week_start").as("week_start"))
    .where("is_complete", "=", true)
    .executeTakeFirst();
  return row?.week_start ?? null;
}

/** Monday of the latest week the marts hold, complete or in progress. */
export async function latestWeek(m: MartDatabase): Promise<string | null> {
  const row = await m.db
    .selectFrom("org_weekly")
    .select((eb) => eb.fn.max("week_start").as("week_start"))
    .executeTakeFirst();
  return row?.week_start ?? null;
}

/** Weekly rows of one scope, service and team filled in as the scope has them; oldest first. */
export async function weekly(m: MartDatabase, scope: Scope): Promise<WeeklyRow[]> {
  const rows = await m.db.selectFrom(weeklyTable[scope]).selectAll().orderBy("week_start").execute();
  return rows.map(withScopeColumns);
}

/** One week of one scope. */
export async function weekOf(m: MartDatabase, scope: Scope, weekStart: string): Promise<WeeklyRow[]> {
  const rows = await m.db.selectFrom(weeklyTable[scope]).selectAll().where("week_start", "=", dateParam(weekStart)).execute();
  return rows.map(withScopeColumns);
}

export async function quarterly(m: MartDatabase, scope: Scope): Promise<QuarterlyRow[]> {
  const rows = await m.db.selectFrom(quarterlyTable[scope]).selectAll().orderBy("quarter_start").execute();
  return rows.map(withScopeColumns);
}

export async function summary(m: MartDatabase) {
  return m.db.selectFrom("summary").selectAll().orderBy("scope").orderBy("name").orderBy("window_weeks").execute();
}

/** The 4 and 13 complete weeks before the latest complete week, per service, team and the organisation. */
export async function reviewWindows(m: MartDatabase) {
  return m.db.selectFrom("review_windows").selectAll().orderBy("scope").orderBy("name").orderBy("window_weeks").execute();
}

export async function benchmarks(m: MartDatabase) {
  return m.db.selectFrom("benchmarks").selectAll().orderBy("report_year").orderBy("metric").orderBy("rank").execute();
}

export async function dataQuality(m: MartDatabase) {
  return m.db.selectFrom("data_quality").selectAll().orderBy("check_name").execute();
}

/** Deployments that finished in [from, to) (dates), newest first. */
export async function deploymentsFinished(m: MartDatabase, from: string, to: string) {
  return m.db
    .selectFrom("deployments")
    .selectAll()
    .where("finished_at", ">=", timestampParam(m, from))
    .where("finished_at", "<", timestampParam(m, to))
    .orderBy("finished_at", "desc")
    .execute();
}

/** Incidents that started in [from, to) (dates), newest first. */
export async function incidentsStarted(m: MartDatabase, from: string, to: string) {
  return m.db
    .selectFrom("incidents")
    .selectAll()
    .where("started_at", ">=", timestampParam(m, from))
    .where("started_at", "<", timestampParam(m, to))
    .orderBy("started_at", "desc")
    .execute();
}

/** Changes deployed in [from, to) (dates). */
export async function changesDeployed(m: MartDatabase, from: string, to: string) {
  return m.db
    .selectFrom("changes")
    .selectAll()
    .where("status", "=", "deployed")
    .where("deployed_at", ">=", timestampParam(m, from))
    .where("deployed_at", "<", timestampParam(m, to))
    .execute();
}

/** What the summary said on each earlier date (`summary_snapshots`), newest first. */
export async function summarySnapshots(m: MartDatabase) {
  return m.db.selectFrom("summary_snapshots").selectAll().orderBy("snapshot_date", "desc").execute();
}
