import { daysBetween, nextQuarterStart, quarterLabel } from "../dates.ts";
import { formatSampled, formatValue } from "../format.ts";
import { metric, sampled, type Metric, type Sampled } from "../metrics.ts";
import type { QuarterlyRow, Scope } from "../reader/queries.ts";
import type { Target } from "../../core/targets/file.ts";

/** A complete quarter's target is met or missed; the quarter to date's is on or off track. */
export type TargetStatus = "met" | "missed" | "on track" | "off track" | "not enough data";

export interface TargetProgress {
  target: Target;
  /** The target's metric as the report shows it. */
  metric: Metric;
  /** The quarter (to date, for the quarter containing as_of), from the quarterly marts (computed from the facts). */
  current: Sampled;
  status: TargetStatus;
}

/**
 * A complete quarter met its target or missed it; the quarter to date is on track when its value,
 * from the `*_quarterly` marts, meets it. Below the minimum sample there is no verdict. Deployment frequency is deploy days per week
 * over the quarter's days so far (see quarterValue).
 */
export function targetProgress(
  targets: readonly Target[],
  quarterly: Record<Scope, readonly QuarterlyRow[]>,
  asOf: string,
  minSample: number,
): TargetProgress[] {
  return targets.map((target) => {
    const m = metric(target.metric);
    const row = quarterly[target.scope].find(
      (r) => r.quarter_start !== null && quarterLabel(r.quarter_start) === target.quarter && scopeMatches(target, r),
    );
    const current = row ? quarterValue(m, row, asOf) : { value: null, sample: 0 };
    const meets = current.value !== null && (m.better === "lower" ? current.value <= target.target : current.value >= target.target);
    const status: TargetStatus =
      current.value === null || current.sample < minSample ? "not enough data" : row?.is_complete ? (meets ? "met" : "missed") : meets ? "on track" : "off track";
    return { target, metric: m, current, status };
  });
}

function scopeMatches(target: Target, row: QuarterlyRow): boolean {
  return target.scope === "organisation" || (target.scope === "service" ? row.service : row.team) === target.name;
}

/**
 * A quarter's value of a metric. Deployment frequency is deploy days per week over the days the
 * row's facts span: a complete quarter's days; the quarter containing as_of, its days through as_of
 * (whose facts the row counts), never the days still to come (docs/metrics.md decision 62).
 */
export function quarterValue(m: Metric, row: QuarterlyRow, asOf: string): Sampled {
  if (m.key !== "deployment_frequency") return sampled(row, m);
  const start = row.quarter_start!;
  const days = row.is_complete ? daysBetween(start, nextQuarterStart(start)) : daysBetween(start, asOf) + 1;
  return { value: (row.deploy_days ?? 0) / (days / 7), sample: row.deployments ?? 0 };
}

/** "≤ 1.0 d", "≥ 3.0 deploy days/week". */
export function formatTarget(t: { metric: Metric; target: number }): string {
  const value = t.metric.key === "deployment_frequency" ? `${t.target} deploy days/week` : formatValue(t.metric, t.target);
  return `${t.metric.better === "lower" ? "≤" : "≥"} ${value}`;
}

export function formatCurrent(p: TargetProgress): string {
  if (p.metric.key === "deployment_frequency") {
    return p.current.value === null ? "—" : `${p.current.value.toFixed(1)} deploy days/week (n=${p.current.sample})`;
  }
  return formatSampled(p.metric, p.current);
}
