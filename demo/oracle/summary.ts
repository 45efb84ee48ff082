import { levels } from "./levels.ts";
import type { ReportSettingsRow, ReviewWindowRow, SummaryRow } from "./marts.ts";
import type { ResolvedSettings } from "./settings.ts";
import { measures, periodTimestamp, type Facts } from "./measures.ts";
import { addDays, toMs, utcDate, weekStart } from "./time.ts";

export const WINDOWS = [4, 13];

export interface Scope {
  scope: SummaryRow["scope"];
  name: string;
  facts: Facts;
}

/** The 4- and 13-week rows of one scope: the complete weeks before the Monday `windowEnd`, measured from its facts. */
function windowRows(scope: Scope, windowEnd: string): ReviewWindowRow[] {
  return WINDOWS.map((windowWeeks) => {
    const windowStart = addDays(windowEnd, -7 * windowWeeks);
    const inside = (at: string | null) =>
      at !== null && toMs(at) >= toMs(`${windowStart}T00:00:00Z`) && toMs(at) < toMs(`${windowEnd}T00:00:00Z`);
    const values = measures({
      deployments: scope.facts.deployments.filter((row) => inside(periodTimestamp.deployment(row))),
      changes: scope.facts.changes.filter((row) => inside(periodTimestamp.change(row))),
      incidents: scope.facts.incidents.filter((row) => inside(periodTimestamp.incident(row))),
    });
    return {
      scope: scope.scope,
      name: scope.name,
      window_weeks: windowWeeks,
      window_start: windowStart,
      window_end: windowEnd,
      ...values,
      deploy_days_per_week: values.deploy_days / windowWeeks,
    };
  });
}

/** The 4- and 13-week rows of one scope: complete weeks before the week containing as_of (decision 20). */
export function summaryRows(scope: Scope, asOf: string, reportYear: number, minSample: number): SummaryRow[] {
  return windowRows(scope, weekStart(asOf)).map(({ scope, name, window_weeks, window_start, window_end, ...values }) => {
    const row = { scope, name, window_weeks, window_start, window_end, report_year: reportYear, ...values };
    // decision 20: levels on the 13-week rows only
    const level =
      window_weeks === 13
        ? levels(row, reportYear, minSample)
        : { deployment_frequency_level: null, lead_time_level: null, change_failure_rate_level: null, recovery_level: null };
    return { ...row, ...level };
  });
}

/** The weekly review's baselines: the 4 and 13 complete weeks before the latest complete week (decision 60). */
export function reviewWindowRows(scope: Scope, asOf: string): ReviewWindowRow[] {
  return windowRows(scope, addDays(weekStart(asOf), -7));
}

/** The one row of `report_settings`: the clock and knobs the marts were computed with (decision 61). */
export function reportSettingsRow(asOf: string, settings: ResolvedSettings): ReportSettingsRow {
  return { as_of: utcDate(asOf), report_year: settings.reportYear, min_sample: settings.minSample, min_link_coverage: settings.minLinkCoverage };
}
