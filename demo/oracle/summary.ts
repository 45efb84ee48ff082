import { levels } from "./levels.ts";
import type { SummaryRow } from "./marts.ts";
import { measures, periodTimestamp, type Facts } from "./measures.ts";
import { addDays, toMs, weekStart } from "./time.ts";

export const WINDOWS = [4, 13];

export interface Scope {
  scope: SummaryRow["scope"];
  name: string;
  facts: Facts;
}

/** The 4- and 13-week rows of one scope: complete weeks before the week containing as_of (decision 20). */
export function summaryRows(scope: Scope, asOf: string, reportYear: number, minSample: number): SummaryRow[] {
  const windowEnd = weekStart(asOf);
  return WINDOWS.map((windowWeeks) => {
    const windowStart = addDays(windowEnd, -7 * windowWeeks);
    const inside = (at: string | null) =>
      at !== null && toMs(at) >= toMs(`${windowStart}T00:00:00Z`) && toMs(at) < toMs(`${windowEnd}T00:00:00Z`);
    const values = measures({
      deployments: scope.facts.deployments.filter((row) => inside(periodTimestamp.deployment(row))),
      changes: scope.facts.changes.filter((row) => inside(periodTimestamp.change(row))),
      incidents: scope.facts.incidents.filter((row) => inside(periodTimestamp.incident(row))),
    });
    const row = {
      scope: scope.scope,
      name: scope.name,
      window_weeks: windowWeeks,
      window_start: windowStart,
      window_end: windowEnd,
      report_year: reportYear,
      ...values,
      deploy_days_per_week: values.deploy_days / windowWeeks,
    };
    // decision 20: levels on the 13-week rows only
    const level =
      windowWeeks === 13
        ? levels(row, reportYear, minSample)
        : { deployment_frequency_level: null, lead_time_level: null, change_failure_rate_level: null, recovery_level: null };
    return { ...row, ...level };
  });
}
