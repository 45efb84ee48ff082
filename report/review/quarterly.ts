import { quarterLabel } from "../dates.ts";
import { formatSampled } from "../format.ts";
import { benchmarkMetric, classify } from "../levels.ts";
import { METRICS, type Metric, type MetricKey } from "../metrics.ts";
import { nameOf, type Reading } from "../reading.ts";
import type { Scope } from "../reader/queries.ts";
import type { Target } from "../../core/targets/file.ts";
import { formatTarget, quarterValue, targetProgress, type TargetStatus } from "../targets/progress.ts";
import { changeFailureRateWarning, linkCoverage } from "../quality.ts";
import { mdTable } from "./markdown.ts";

/** Quarters shown side by side. */
const QUARTERS = 4;

export interface QuarterCell {
  /** "2026-Q3" */
  quarter: string;
  /** No facts of this scope in the quarter. */
  value: number | null;
  sample: number;
  /** The level for the report year; null without a benchmark or below the minimum sample. */
  level: string | null;
  /** What change failure rate shows instead of its level when too few incidents are linked. */
  warning: string | null;
  /** The quarter's target for this metric and scope, when the targets file sets one. */
  target: { value: number; status: TargetStatus } | null;
}

export interface QuarterlyReviewData {
  /** The quarter containing as_of, "2026-Q4". */
  quarter: string;
  asOf: string;
  reportYear: number;
  minSample: number;
  /** The quarters shown, oldest first; the last is to date when it contains as_of. */
  quarters: Array<{ quarter: string; start: string; toDate: boolean }>;
  metrics: Array<{ metric: MetricKey; label: string; rows: Array<{ scope: Scope; name: string; quarters: QuarterCell[] }> }>;
}

/**
 * The quarterly business review's content: each metric for the last four quarters, organisation,
 * teams, and any service a target names, from the `*_quarterly` marts (computed from the facts),
 * with the level for the report year and each quarter's target met or missed (on or off track to
 * date).
 */
export function quarterlyReviewData(r: Reading, targets: readonly Target[]): QuarterlyReviewData {
  const current = quarterLabel(r.asOf);
  const starts = [...new Set(r.quarterly.organisation.map((q) => q.quarter_start!))].sort().filter((q) => quarterLabel(q) <= current).slice(-QUARTERS);
  const shown = targets.filter((t) => starts.some((s) => quarterLabel(s) === t.quarter));
  const teams = [...new Set(r.quarterly.team.map((q) => nameOf("team", q)))].sort();
  return {
    quarter: current,
    asOf: r.asOf,
    reportYear: r.reportYear,
    minSample: r.minSample,
    quarters: starts.map((start) => ({ quarter: quarterLabel(start), start, toDate: quarterLabel(start) === current })),
    metrics: METRICS.map((m) => {
      const scoped = shown.filter((t) => t.metric === m.key);
      const key = (scope: Scope, name: string) => `${scope}\u0000${name}`;
      const rows = new Map<string, { scope: Scope; name: string }>();
      for (const row of [{ scope: "organisation" as Scope, name: "all" }, ...teams.map((name) => ({ scope: "team" as Scope, name })), ...scoped]) {
        rows.set(key(row.scope, row.name), { scope: row.scope, name: row.name });
      }
      return {
        metric: m.key,
        label: m.label,
        rows: [...rows.values()].map(({ scope, name }) => ({
          scope,
          name,
          quarters: starts.map((start) => cellOf(r, m, scope, name, start, scoped)),
        })),
      };
    }),
  };
}

function cellOf(r: Reading, m: Metric, scope: Scope, name: string, start: string, targets: readonly Target[]): QuarterCell {
  const quarter = quarterLabel(start);
  const row = r.quarterly[scope].find((q) => q.quarter_start === start && nameOf(scope, q) === name);
  const value = row ? quarterValue(m, row, r.asOf) : { value: null, sample: 0 };
  const benchmark = benchmarkMetric(m.key, r.reportYear);
  const level = benchmark ? classify(r.benchmarks, r.reportYear, benchmark, value.value, value.sample, r.minSample) : null;
  // below the link coverage threshold change failure rate counts too few failures for a level
  const warning = m.key === "change_failure_rate" && level ? changeFailureRateWarning(linkCoverage(r.dataQuality, r.minLinkCoverage)) : null;
  const target = targets.find((t) => t.quarter === quarter && t.scope === scope && t.name === name);
  const progress = target ? targetProgress([target], r.quarterly, r.asOf, r.minSample)[0]! : null;
  return {
    quarter,
    value: value.value,
    sample: value.sample,
    level: warning ? null : level,
    warning,
    target: progress ? { value: progress.target.target, status: progress.status } : null,
  };
}

/** The quarterly business review in Markdown: one table per metric, a target's row under the row it is for. */
export function quarterlyReview(r: Reading, targets: readonly Target[]): string {
  const data = quarterlyReviewData(r, targets);
  const parts = [
    `# Quarterly delivery review: ${data.quarter}`,
    "",
    `Each quarter is measured from the facts (the quarterly marts), not from weekly rows. ${data.quarter} runs to ${data.asOf} (as_of).`,
    `Levels: State of DevOps ${data.reportYear}; none below the minimum sample of ${data.minSample}. Deployment frequency is deploy days per week over the quarter's days (to date: through as_of). n = sample size.`,
    `Targets: a complete quarter met or missed its target; the quarter to date is on or off track; no verdict below the minimum sample.`,
    "",
  ];
  for (const metric of data.metrics) {
    const m = METRICS.find((x) => x.key === metric.metric)!;
    parts.push(`## ${metric.label}`, "");
    const rows: string[][] = [];
    for (const row of metric.rows) {
      rows.push([row.scope === "organisation" ? "organisation" : `${row.scope} ${row.name}`, ...row.quarters.map((c) => cellText(m, c, data.reportYear))]);
      if (row.quarters.some((c) => c.target)) rows.push(["↳ target", ...row.quarters.map((c) => targetText(m, c, data.minSample))]);
    }
    parts.push(mdTable(["", ...data.quarters.map((q) => `${q.quarter}${q.toDate ? " (to date)" : ""}`)], rows));
  }
  return parts.join("\n");
}

function cellText(m: Metric, c: QuarterCell, year: number): string {
  if (c.value === null && c.sample === 0) return "—";
  const text = m.key === "deployment_frequency" ? `${(c.value ?? 0).toFixed(2)} (n=${c.sample})` : formatSampled(m, c);
  if (!benchmarkMetric(m.key, year)) return text;
  return `${text} ${c.warning ?? c.level ?? "no level"}`;
}

function targetText(m: Metric, c: QuarterCell, minSample: number): string {
  if (!c.target) return "—";
  const status = c.target.status === "not enough data" ? `not enough data (n<${minSample})` : c.target.status;
  return `${formatTarget({ metric: m, target: c.target.value })}: ${status}`;
}
