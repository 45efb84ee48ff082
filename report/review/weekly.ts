import { addDays, quarterLabel } from "../dates.ts";
import { formatSampled } from "../format.ts";
import { summaryLevelColumn } from "../levels.ts";
import { METRICS, sampled, type Metric, type MetricKey, type Sampled } from "../metrics.ts";
import { nameOf, summaryRow, windowRow, type Reading } from "../reading.ts";
import type { Scope } from "../reader/queries.ts";
import type { Target } from "../../core/targets/file.ts";
import { formatCurrent, formatTarget, targetProgress } from "../targets/progress.ts";
import { mdTable } from "./markdown.ts";
import { catalogGaps, changeFailureRateWarning, linkCoverage, qualityWarnings, warningLine, type CatalogGaps, type QualityWarning } from "../quality.ts";
import { ALPHA, MEDIAN_MIN_CHANGE, MEDIAN_MIN_SAMPLE, Z_CRITICAL, judge, type Judgement } from "./significance.ts";

/** How many movers the review lists at most. */
const MOVERS = 5;

/** Where the review points its readers; without addresses, the report file `doraform report` writes by default. */
export interface ReviewLinks {
  report: string;
  looker: string | null;
}
export const DEFAULT_LINKS: ReviewLinks = { report: "out/report.html", looker: null };

/** A window's value: deployments also per week and in deploy days per week. */
export interface WindowValue extends Sampled {
  perWeek?: number;
  deployDaysPerWeek?: number;
}

export interface MetricRow {
  metric: MetricKey;
  label: string;
  thisWeek: WindowValue | null;
  previous4Weeks: WindowValue | null;
  previous13Weeks: WindowValue | null;
  /** The 13-week level to date (this week included), as shown; "" when the metric has none. */
  level: string;
  /** This week against the previous 13 weeks. */
  change: Judgement | null;
}

export interface Mover extends Judgement {
  scope: "team" | "service";
  name: string;
  metric: MetricKey;
  label: string;
  thisWeek: Sampled;
  previous13Weeks: WindowValue;
  direction: "better" | "worse";
}

/** The weekly review as data: the Markdown page and `--format json` both come from it. */
export interface WeeklyReviewData {
  week: string;
  asOf: string;
  reportYear: number;
  minSample: number;
  organisation: MetricRow[];
  movers: Mover[];
  targets: Array<Record<(typeof TARGET_HEADERS)[number], string>>;
  dataQuality: QualityWarning[];
  /** What the catalog misses, link coverage and stale sources, each with the line to add. */
  gaps: CatalogGaps;
  links: ReviewLinks;
  appendix: { team: Record<string, MetricRow[]>; service: Record<string, MetricRow[]> };
}

const TARGET_HEADERS = ["metric", "for", "target", "quarter to date", "status"] as const;

/**
 * The weekly review for the leadership sync: the organisation's headline (the latest complete
 * week against the 4 and 13 complete weeks before it, from `review_windows`, with the `summary`'s
 * 13-week level to date), the services and teams that moved beyond what their sample explains,
 * this quarter's targets, data-quality warnings, links, and every team and service in an appendix.
 */
export function weeklyReviewData(r: Reading, targets: readonly Target[], links: ReviewLinks = DEFAULT_LINKS): WeeklyReviewData {
  const appendix: WeeklyReviewData["appendix"] = { team: {}, service: {} };
  for (const scope of ["team", "service"] as const) {
    for (const name of [...new Set(r.weekly[scope].map((w) => nameOf(scope, w)))].sort()) appendix[scope][name] = metricRows(r, scope, name);
  }
  return {
    week: r.latestWeek,
    asOf: r.asOf,
    reportYear: r.reportYear,
    minSample: r.minSample,
    organisation: metricRows(r, "organisation", "all"),
    movers: movers(r),
    targets: targetCells(r, targets.filter((t) => t.quarter === quarterLabel(r.asOf))).map(
      (cells) => Object.fromEntries(TARGET_HEADERS.map((h, i) => [h, cells[i]])) as Record<(typeof TARGET_HEADERS)[number], string>,
    ),
    dataQuality: qualityWarnings(r.dataQuality, r.minLinkCoverage),
    gaps: catalogGaps(r.dataQuality, r.minLinkCoverage),
    links,
    appendix,
  };
}

export function weeklyReview(r: Reading, targets: readonly Target[], links: ReviewLinks = DEFAULT_LINKS): string {
  const data = weeklyReviewData(r, targets, links);
  const quarterTargets = targets.filter((t) => t.quarter === quarterLabel(data.asOf));
  const parts = [
    `# Weekly delivery review: the week of ${data.week}`,
    "",
    `Complete weeks only: this week against the complete weeks before it (4 from ${addDays(data.week, -28)}, 13 from ${addDays(data.week, -91)}), measured from the fact marts; change is against the 13.`,
    `Levels: State of DevOps ${data.reportYear}, over the 13 complete weeks to date (this one included); none below the minimum sample of ${data.minSample}. n = sample size.`,
    "",
    "## Organisation",
    "",
    metricTable(data.organisation),
    "## Biggest movers",
    "",
    moversTable(data.movers),
    `Teams and services whose week moved beyond what its sample explains: rates by a two-proportion z-test (|z| > ${Z_CRITICAL}, 5% two-sided; n ≥ ${data.minSample} on both sides), deployments by an exact Poisson test of the week's count against the 13-week weekly mean (p < ${ALPHA}), medians (lead time, pickup, recovery and restore times, p50) when both samples reach n ≥ ${Math.max(MEDIAN_MIN_SAMPLE, data.minSample)} and they moved by at least ${MEDIAN_MIN_CHANGE * 100}%.`,
    "",
    `## Targets for ${quarterLabel(data.asOf)}`,
    "",
    quarterTargets.length === 0 ? "No targets for this quarter: they are set under `targets:` in doraform.yaml (docs/configuration.md).\n" : targetsTable(r, quarterTargets),
    "## Data quality",
    "",
    data.dataQuality.length === 0 ? "No warnings from the data_quality mart." : data.dataQuality.map((w) => `- ${warningLine(w)}`).join("\n"),
    "",
    "## Links",
    "",
    `- HTML report: ${data.links.report}`,
    `- Looker: ${data.links.looker ?? "dashboard dora_weekly_trends (looker/); no address given (--looker-url)"}`,
    "",
    "## Appendix",
    "",
    "Every team and service, as the organisation above.",
    "",
  ];
  for (const scope of ["team", "service"] as const) {
    for (const [name, rows] of Object.entries(data.appendix[scope])) parts.push(`### ${scope === "team" ? "Team" : "Service"} ${name}`, "", metricTable(rows));
  }
  return parts.join("\n");
}

function windowValue(m: Metric, row: Parameters<typeof sampled>[0] & { window_weeks?: number | null; deploy_days_per_week?: number | null }): WindowValue {
  const value: WindowValue = sampled(row, m);
  if (m.key === "deployment_frequency" && row.window_weeks) {
    value.perWeek = (value.value ?? 0) / row.window_weeks;
    value.deployDaysPerWeek = row.deploy_days_per_week ?? 0;
  }
  return value;
}

/** A scope's metrics this week against the 4 and 13 complete weeks before it, with the 13-week level (the report's headline too). */
export function metricRows(r: Reading, scope: Scope, name: string): MetricRow[] {
  const week = r.weekly[scope].find((w) => w.week_start === r.latestWeek && nameOf(scope, w) === name);
  const four = windowRow(r.reviewWindows, scope, name, 4);
  const thirteen = windowRow(r.reviewWindows, scope, name, 13);
  const summary = summaryRow(r, scope, name, 13);
  // below the link coverage threshold change failure rate counts too few failures for a level
  const withheld = changeFailureRateWarning(linkCoverage(r.dataQuality, r.minLinkCoverage));
  return METRICS.map((m) => {
    const column = summary ? summaryLevelColumn(m.key, summary.report_year ?? 0) : null;
    const level =
      !summary || !column
        ? ""
        : sampled(summary, m).sample < r.minSample
          ? `no level (n<${r.minSample})`
          : m.key === "change_failure_rate" && withheld
            ? withheld
            : ((summary[column] as string | null) ?? "");
    return {
      metric: m.key,
      label: m.label,
      thisWeek: week ? sampled(week, m) : null,
      previous4Weeks: four ? windowValue(m, four) : null,
      previous13Weeks: thirteen ? windowValue(m, thirteen) : null,
      level,
      change: week && thirteen ? judge(m, sampled(week, m), sampled(thirteen, m), thirteen.window_weeks ?? 13, r.minSample) : null,
    };
  });
}

function windowText(m: Metric, v: WindowValue | null): string {
  if (!v) return "—";
  if (v.perWeek !== undefined) return `${v.value ?? 0} (${v.perWeek.toFixed(1)}/week on ${(v.deployDaysPerWeek ?? 0).toFixed(2)} deploy days/week)`;
  return formatSampled(m, v);
}

export function changeText(j: Judgement | null): string {
  if (!j || j.change === null) return "—";
  const sign = j.change > 0 ? "+" : j.change < 0 ? "−" : "±";
  const size = j.changeUnit === "points" ? `${(Math.abs(j.change) * 100).toFixed(1)} pp` : `${(Math.abs(j.change) * 100).toFixed(0)}%`;
  return `${sign}${size}${j.beyond ? " (beyond sample)" : ""}`;
}

function metricTable(rows: readonly MetricRow[]): string {
  return mdTable(
    ["metric", "this week", "previous 4 weeks", "previous 13 weeks", "change", "13-week level"],
    rows.map((row) => {
      const m = METRICS.find((x) => x.key === row.metric)!;
      return [row.label, row.thisWeek ? formatSampled(m, row.thisWeek) : "—", windowText(m, row.previous4Weeks), windowText(m, row.previous13Weeks), changeText(row.change), row.level];
    }),
  );
}

/** Teams and services whose week moved beyond what its sample explains, worse first, then the largest moves. */
function movers(r: Reading): Mover[] {
  const moves: Mover[] = [];
  for (const scope of ["team", "service"] as const) {
    for (const week of r.weekly[scope].filter((w) => w.week_start === r.latestWeek)) {
      const name = nameOf(scope, week);
      const base = windowRow(r.reviewWindows, scope, name, 13);
      if (!base) continue;
      // p90 at a week's sample is its few slowest changes: a duration moves by its p50
      for (const m of METRICS.filter((x) => !x.key.endsWith("_p90"))) {
        const j = judge(m, sampled(week, m), sampled(base, m), base.window_weeks ?? 13, r.minSample);
        if (!j.beyond) continue;
        const up = j.change === null ? (sampled(week, m).value ?? 0) > 0 : j.change > 0;
        moves.push({ scope, name, metric: m.key, label: m.label, thisWeek: sampled(week, m), previous13Weeks: windowValue(m, base), ...j, direction: up === (m.better === "higher") ? "better" : "worse" });
      }
    }
  }
  // one scale for every kind of metric: the change relative to the earlier value (from 0: the largest)
  const size = (m: Mover) => {
    const before = m.metric === "deployment_frequency" ? (m.previous13Weeks.perWeek ?? 0) : (m.previous13Weeks.value ?? 0);
    return before === 0 ? Infinity : Math.abs(((m.thisWeek.value ?? 0) - before) / before);
  };
  return moves.sort((a, b) => Number(a.direction === "better") - Number(b.direction === "better") || size(b) - size(a)).slice(0, MOVERS);
}

function moversTable(moves: readonly Mover[]): string {
  if (moves.length === 0) return "No team or service moved beyond what its sample explains.\n";
  return mdTable(
    ["where", "metric", "this week", "previous 13 weeks", "change", "", "test"],
    moves.map((mv) => {
      const m = METRICS.find((x) => x.key === mv.metric)!;
      const before = mv.previous13Weeks.perWeek !== undefined ? `${mv.previous13Weeks.perWeek.toFixed(1)}/week` : formatSampled(m, mv.previous13Weeks);
      return [`${mv.scope} ${mv.name}`, mv.label, formatSampled(m, mv.thisWeek), before, changeText({ ...mv, beyond: false }), mv.direction, mv.evidence];
    }),
  );
}

function targetCells(r: Reading, targets: readonly Target[]): string[][] {
  return targetProgress(targets, r.quarterly, r.asOf, r.minSample).map((p) => [
    p.metric.label,
    p.target.scope === "organisation" ? "organisation" : `${p.target.scope} ${p.target.name}`,
    formatTarget({ metric: p.metric, target: p.target.target }),
    formatCurrent(p),
    p.status,
  ]);
}

export function targetsTable(r: Reading, targets: readonly Target[]): string {
  return mdTable(TARGET_HEADERS, targetCells(r, targets));
}
