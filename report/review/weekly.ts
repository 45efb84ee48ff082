import { addDays, quarterLabel } from "../dates.ts";
import { formatSampled } from "../format.ts";
import { summaryLevelColumn } from "../levels.ts";
import { METRICS, sampled, type Metric, type Sampled } from "../metrics.ts";
import { nameOf, summaryRow, windowRow, type Reading } from "../reading.ts";
import type { Scope } from "../reader/queries.ts";
import type { ReviewWindowRow, SummaryRow } from "../marts.ts";
import type { Target } from "../targets/file.ts";
import { formatCurrent, formatTarget, targetProgress } from "../targets/progress.ts";
import { mdTable } from "./markdown.ts";

/** How many movers the review lists. */
const MOVERS = 5;

/**
 * The weekly review for the leadership sync, in Markdown: the latest complete week against the
 * 4 and 13 complete weeks before it (the `review_windows` mart, measured from the facts), the
 * 13-week level to date (`summary`), the biggest movers against the previous 13 weeks, and the
 * targets of the quarter containing as_of.
 */
export function weeklyReview(r: Reading, targets: readonly Target[]): string {
  const quarter = quarterLabel(r.asOf);
  const parts = [
    `# Weekly delivery review: the week of ${r.latestWeek}`,
    "",
    `Complete weeks only. "Previous 4 weeks" and "previous 13 weeks" are the complete weeks before this one (from ${addDays(r.latestWeek, -28)} and from ${addDays(r.latestWeek, -91)}), measured from the fact marts.`,
    `Levels: State of DevOps ${r.reportYear}, over the 13 complete weeks to date (this one included); none below the minimum sample of ${r.minSample}. n = sample size.`,
    "",
    "## Organisation",
    "",
    scopeTable(r, "organisation", "all"),
  ];
  for (const scope of ["team", "service"] as const) {
    const names = [...new Set(r.weekly[scope].map((w) => nameOf(scope, w)))].sort();
    parts.push(`## By ${scope}`, "");
    for (const name of names) parts.push(`### ${name}`, "", scopeTable(r, scope, name));
  }
  parts.push("## Biggest movers", "", movers(r), "## Targets for " + quarter, "", targetsTable(r, targets.filter((t) => t.quarter === quarter)));
  return parts.join("\n");
}

function thisWeek(r: Reading, scope: Scope, name: string) {
  return r.weekly[scope].find((w) => w.week_start === r.latestWeek && nameOf(scope, w) === name);
}

function windowText(m: Metric, s: ReviewWindowRow | undefined): string {
  if (!s) return "—";
  if (m.key === "deployment_frequency") {
    const perWeek = ((s.deployments ?? 0) / (s.window_weeks ?? 1)).toFixed(1);
    return `${s.deployments ?? 0} (${perWeek}/week on ${(s.deploy_days_per_week ?? 0).toFixed(2)} deploy days/week)`;
  }
  return formatSampled(m, sampled(s, m));
}

function levelText(r: Reading, m: Metric, s: SummaryRow | undefined): string {
  const column = s ? summaryLevelColumn(m.key, s.report_year ?? 0) : null;
  if (!s || !column) return "";
  if (sampled(s, m).sample < r.minSample) return `no level (n<${r.minSample})`;
  return (s[column] as string | null) ?? "";
}

function scopeTable(r: Reading, scope: Scope, name: string): string {
  const week = thisWeek(r, scope, name);
  const four = windowRow(r.reviewWindows, scope, name, 4);
  const thirteen = windowRow(r.reviewWindows, scope, name, 13);
  const level = summaryRow(r, scope, name, 13);
  return mdTable(
    ["metric", "this week", "previous 4 weeks", "previous 13 weeks", "13-week level"],
    METRICS.map((m) => [m.label, week ? formatSampled(m, sampled(week, m)) : "—", windowText(m, four), windowText(m, thirteen), levelText(r, m, level)]),
  );
}

interface Move {
  where: string;
  metric: Metric;
  now: Sampled;
  before: Sampled;
  change: number;
}

/** This week against the 13 weeks before it, for every service and team and metric with enough sample on both sides. */
function movers(r: Reading): string {
  const moves: Move[] = [];
  for (const scope of ["team", "service"] as const) {
    for (const week of r.weekly[scope].filter((w) => w.week_start === r.latestWeek)) {
      const name = nameOf(scope, week);
      const base = windowRow(r.reviewWindows, scope, name, 13);
      if (!base) continue;
      for (const m of METRICS) {
        const now = sampled(week, m);
        // deployments are a count: compare this week with the window's weekly average
        const before = m.key === "deployment_frequency" ? { value: (base.deployments ?? 0) / (base.window_weeks ?? 13), sample: base.deployments ?? 0 } : sampled(base, m);
        if (now.value === null || before.value === null || before.value === 0) continue;
        if (now.sample < r.minSample || before.sample < r.minSample) continue;
        moves.push({ where: `${scope} ${name}`, metric: m, now, before, change: (now.value - before.value) / before.value });
      }
    }
  }
  moves.sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
  const top = moves.filter((m) => m.change !== 0).slice(0, MOVERS);
  return mdTable(
    ["where", "metric", "this week", "previous 13 weeks", "change", ""],
    top.map((m) => [
      m.where,
      m.metric.label,
      formatSampled(m.metric, m.now),
      m.metric.key === "deployment_frequency" ? `${m.before.value!.toFixed(1)}/week` : formatSampled(m.metric, m.before),
      `${m.change > 0 ? "+" : ""}${(m.change * 100).toFixed(0)}%`,
      (m.change < 0) === (m.metric.better === "lower") ? "better" : "worse",
    ]),
  );
}

export function targetsTable(r: Reading, targets: readonly Target[]): string {
  return mdTable(
    ["metric", "for", "target", "quarter to date", "status"],
    targetProgress(targets, r.quarterly, r.asOf, r.minSample).map((p) => [
      p.target.metric.label,
      p.target.scope === "organisation" ? "organisation" : `${p.target.scope} ${p.target.name}`,
      formatTarget(p.target),
      formatCurrent(p),
      p.status,
    ]),
  );
}
