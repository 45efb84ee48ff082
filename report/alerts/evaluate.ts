import { addDays } from "../dates.ts";
import { formatSampled, formatValue } from "../format.ts";
import { sampled } from "../metrics.ts";
import { percentileCont } from "../stats.ts";
import type { ChangeRow } from "../marts.ts";
import type { MartDatabase } from "../reader/open.ts";
import { changesDeployed, latestCompleteWeek, weekOf, type Scope, type WeeklyRow } from "../reader/queries.ts";
import { nameOf, SCOPES } from "../reading.ts";
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
  // the baseline is a 4-week period, so it comes from the fact mart, never from weekly rows
  const baseline = await changesDeployed(m, addDays(weekStart, -28), weekStart);
  return { weekStart, firings: evaluateWeek(weekStart, weeks, baseline, thresholds, m.settings.minSample) };
}

export function evaluateWeek(
  weekStart: string,
  weeks: readonly ScopedWeek[],
  baselineChanges: readonly ChangeRow[],
  t: RuleThresholds,
  minSample: number,
): Firing[] {
  const firings: Firing[] = [];
  for (const { scope, name, row } of weeks) {
    const where = scope === "organisation" ? "organisation" : `${scope} ${name}`;
    const fire = (rule: RuleName, detail: string) => {
      const r = RULES.find((x) => x.name === rule)!;
      firings.push({ rule, scope, name, weekStart, text: `${where}: ${r.describe(t)}: ${detail}` });
    };
    for (const rule of RULES) {
      const now = sampled(row, rule.metric);
      if (now.value === null || now.sample < minSample) continue;
      if (rule.name === "change_failure_rate_high" && now.value > t.change_failure_rate_above) {
        fire(rule.name, formatSampled(rule.metric, now));
      }
      if (rule.name === "recovery_time_high" && now.value > t.recovery_time_p50_above_seconds) {
        fire(rule.name, formatSampled(rule.metric, now));
      }
      if (rule.name === "lead_time_p50_up") {
        const before = baselineChanges
          .filter((c) => inScope(scope, name, c) && c.lead_time_seconds !== null)
          .map((c) => c.lead_time_seconds as number);
        const p50 = percentileCont(before, 0.5);
        if (p50 === null || before.length < minSample) continue;
        if (now.value > p50 * (1 + t.lead_time_p50_increase_above)) {
          fire(rule.name, `${formatSampled(rule.metric, now)} against ${formatValue(rule.metric, p50)} (n=${before.length})`);
        }
      }
    }
  }
  return firings;
}

function inScope(scope: Scope, name: string, c: ChangeRow): boolean {
  return scope === "organisation" || (scope === "service" ? c.service === name : c.team === name);
}
