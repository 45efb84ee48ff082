import { sampled } from "../metrics.ts";
import type { ReviewWindowRow } from "../marts.ts";
import type { MartDatabase } from "../reader/open.ts";
import { latestCompleteWeek, reviewWindows, weekOf, type Scope, type WeeklyRow } from "../reader/queries.ts";
import { nameOf, SCOPES, windowRow } from "../reading.ts";
import { RULES, type RuleName, type RuleThresholds } from "./rules.ts";

export interface Firing {
  rule: RuleName;
  scope: Scope;
  /** The service or team; `all` for the organisation. */
  name: string;
  weekStart: string;
  /** One line for people: what, where, how much, against what. */
  text: string;
}

export interface ScopedWeek {
  scope: Scope;
  name: string;
  row: WeeklyRow;
}

/** Evaluates every rule for the latest complete week; nothing when there is no complete week yet. */
export async function evaluateAlerts(m: MartDatabase, thresholds: RuleThresholds) {
  const weekStart = await latestCompleteWeek(m);
  if (!weekStart) return { weekStart: null, firings: [] as Firing[] };
  const weeks: ScopedWeek[] = [];
  for (const scope of SCOPES) {
    for (const row of await weekOf(m, scope, weekStart)) weeks.push({ scope, name: nameOf(scope, row), row });
  }
  // the baseline is a 4-week period: measured from the facts by the review_windows mart, never from weekly rows
  const baselines = await reviewWindows(m);
  return { weekStart, firings: evaluateWeek(weekStart, weeks, baselines, thresholds, m.settings.minSample) };
}

export function evaluateWeek(
  weekStart: string,
  weeks: readonly ScopedWeek[],
  baselines: readonly ReviewWindowRow[],
  thresholds: RuleThresholds,
  minSample: number,
): Firing[] {
  const firings: Firing[] = [];
  for (const { scope, name, row } of weeks) {
    const where = scope === "organisation" ? "organisation" : `${scope} ${name}`;
    const baseline = windowRow(baselines, scope, name, 4);
    for (const rule of RULES) {
      const now = sampled(row, rule.metric);
      if (now.value === null || now.sample < minSample) continue;
      const before = baseline ? sampled(baseline, rule.metric) : { value: null, sample: 0 };
      const detail = rule.fires({ now: { value: now.value, sample: now.sample }, before, thresholds, minSample });
      if (detail !== null) firings.push({ rule: rule.name, scope, name, weekStart, text: `${where}: ${rule.describe(thresholds)}: ${detail}` });
    }
  }
  return firings;
}
