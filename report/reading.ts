import { UserError } from "../core/errors.ts";
import type { MartDatabase } from "./reader/open.ts";
import * as q from "./reader/queries.ts";
import type { Scope } from "./reader/queries.ts";
import type { ReviewWindowRow, SummaryRow } from "./marts.ts";

/** Everything the report and the review read from the period marts, fetched once. */
export interface Reading {
  /** Monday of the latest complete week. */
  latestWeek: string;
  /** The models' clock: the week and quarter containing it are in progress. */
  asOf: string;
  weekly: Record<Scope, q.WeeklyRow[]>;
  quarterly: Record<Scope, q.QuarterlyRow[]>;
  /** The 4 and 13 complete weeks before as_of's week: the latest complete week included. */
  summary: SummaryRow[];
  /** The 4 and 13 complete weeks before the latest complete week. */
  reviewWindows: ReviewWindowRow[];
  benchmarks: Awaited<ReturnType<typeof q.benchmarks>>;
  /** The `data_quality` checks. */
  dataQuality: Awaited<ReturnType<typeof q.dataQuality>>;
  minSample: number;
  reportYear: number;
  /** Below this share of incidents linked, change failure rate gets a warning, not a level. */
  minLinkCoverage: number;
}

export const SCOPES: Scope[] = ["organisation", "team", "service"];

export async function readPeriods(m: MartDatabase): Promise<Reading> {
  const latestWeek = await q.latestCompleteWeek(m);
  if (!latestWeek) throw new UserError("the marts hold no complete week yet: nothing to report");
  const weekly = {} as Reading["weekly"];
  const quarterly = {} as Reading["quarterly"];
  for (const scope of SCOPES) {
    weekly[scope] = await q.weekly(m, scope);
    quarterly[scope] = await q.quarterly(m, scope);
  }
  return {
    latestWeek,
    asOf: m.settings.asOf,
    weekly,
    quarterly,
    summary: await q.summary(m),
    reviewWindows: await q.reviewWindows(m),
    benchmarks: await q.benchmarks(m),
    dataQuality: await q.dataQuality(m),
    minSample: m.settings.minSample,
    reportYear: m.settings.reportYear,
    minLinkCoverage: m.settings.minLinkCoverage,
  };
}

/** The name a row has in its scope: the service, the team, or `all`. */
export function nameOf(scope: Scope, row: { service: string | null; team: string | null }): string {
  return scope === "service" ? (row.service ?? "") : scope === "team" ? (row.team ?? "") : "all";
}

/** A scope's row of a window mart (`summary` or `review_windows`). */
export function windowRow<T extends { scope: string | null; name: string | null; window_weeks: number | null }>(
  rows: readonly T[],
  scope: Scope,
  name: string,
  windowWeeks: number,
): T | undefined {
  return rows.find((s) => s.scope === scope && s.name === name && s.window_weeks === windowWeeks);
}

export function summaryRow(r: Reading, scope: Scope, name: string, windowWeeks: number): SummaryRow | undefined {
  return windowRow(r.summary, scope, name, windowWeeks);
}
