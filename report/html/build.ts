import { addDays, formatDate, formatWeek } from "../dates.ts";
import { formatDuration } from "../../core/duration.ts";
import { formatSampled, formatValue } from "../format.ts";
import { METRICS, metric, sampled, type Metric } from "../metrics.ts";
import type { MartDatabase } from "../reader/open.ts";
import * as q from "../reader/queries.ts";
import type { Scope } from "../reader/queries.ts";
import { nameOf, readPeriods, SCOPES, summaryRow, type Reading } from "../reading.ts";
import { percentileCont } from "../stats.ts";
import { catalogGaps, changeFailureRateWarning, checkText, linkCoverage, qualityWarnings, type LinkCoverage } from "../quality.ts";
import { summaryLevelColumn } from "../levels.ts";
import type { Target } from "../../core/targets/file.ts";
import { formatCurrent, formatTarget, targetProgress } from "../targets/progress.ts";
import type { ChangeRow, SummaryRow } from "../marts.ts";
import { breakdownChart, trendChart, type TrendPoint } from "./charts.ts";
import { headlineSection } from "./headline.ts";
import { escapeHtml, figure, page, table } from "./page.ts";
import { restatedSection } from "./restated.ts";
import { sampleUnit } from "./units.ts";
import { behindTheWeekSection, weekOnWeekSection } from "./week.ts";

/** Metrics charted week by week (the p90s are in the tables). */
const CHARTED = METRICS.filter((m) => !m.key.endsWith("_p90"));

/** The whole report as one self-contained HTML page. */
export async function buildReport(m: MartDatabase, targets: readonly Target[]): Promise<string> {
  const inProgress = (await q.latestCompleteWeek(m)) ? null : await q.latestWeek(m);
  if (inProgress) return weekSoFarReport(m, inProgress);
  const r = await readPeriods(m);
  const week = r.latestWeek;
  const org13 = summaryRow(r, "organisation", "all", 13);
  const sections = [
    `<h1>DORA delivery metrics: how we are doing in the week of ${escapeHtml(formatWeek(week))}</h1>
<p class="note">Built from the marts as of ${escapeHtml(formatDate(r.asOf))}. Complete weeks only; the week in progress is left out. Every rate and percentile is shown with its sample size (n);
no level is given below the minimum sample of ${r.minSample}.</p>`,
    await headlineSection(r),
    weekOnWeekSection(r),
    targets.length ? targetsSection(r, targets) : "",
    await trendsSection(r),
    await behindTheWeekSection(m, week),
    await restatedSection(m, r),
    levelsSection(r),
    org13?.window_start && org13.window_end
      ? await breakdownSection(await q.changesDeployed(m, org13.window_start, org13.window_end), org13)
      : "",
    dataQualitySection(r.dataQuality, r.minLinkCoverage),
  ];
  return page(`DORA report, week of ${formatWeek(week)}`, sections.join("\n"));
}

/** Before any week is complete (a first sync early in a week): the week so far, marked incomplete, without levels. */
async function weekSoFarReport(m: MartDatabase, week: string): Promise<string> {
  const rows = await Promise.all(SCOPES.map(async (scope) => ({ scope, rows: await q.weekOf(m, scope, week) })));
  const body = rows.flatMap(({ scope, rows }) =>
    rows.map((row) => [escapeHtml(scope), escapeHtml(nameOf(scope, row)), escapeHtml(`${row.deploy_days ?? 0} deploy days`), ...METRICS.map((x) => escapeHtml(formatSampled(x, sampled(row, x))))]),
  );
  const sections = [
    `<h1>DORA delivery metrics: the week of ${escapeHtml(formatWeek(week))} so far (incomplete)</h1>
<p class="note">No week is complete yet: this week runs past as_of (${escapeHtml(formatDate(m.settings.asOf))}), so its numbers will still change,
and levels and trends wait for complete weeks.</p>`,
    `<h2>The week of ${escapeHtml(formatWeek(week))} so far</h2>
${table(["scope", "name", "deploy days", ...METRICS.map((x) => x.label)], body, "week-so-far")}`,
    dataQualitySection(await q.dataQuality(m), m.settings.minLinkCoverage),
    await behindTheWeekSection(m, week),
  ];
  return page(`DORA report, week of ${formatWeek(week)} so far (incomplete)`, sections.join("\n"));
}

/** A value with its sample, and its level when the sample reaches the minimum. */
function levelCell(r: Reading, row: SummaryRow, m: Metric, text = formatSampled(m, sampled(row, m)), sample = sampled(row, m).sample): string {
  const column = summaryLevelColumn(m.key, row.report_year ?? 0);
  if (!column) return escapeHtml(text);
  const level = row[column] as string | null;
  if (sample < r.minSample) return `${escapeHtml(text)} <span class="note">no level (n&lt;${r.minSample})</span>`;
  // below the link coverage threshold change failure rate counts too few failures for a level
  const withheld = m.key === "change_failure_rate" ? changeFailureRateWarning(linkCoverage(r.dataQuality, r.minLinkCoverage)) : null;
  if (withheld) return `${escapeHtml(text)} <span class="warning">${escapeHtml(withheld)}</span>`;
  return `${escapeHtml(text)}${level ? ` <span class="level-${escapeHtml(level)}">${escapeHtml(level)}</span>` : ""}`;
}

function levelsSection(r: Reading): string {
  const order = (s: SummaryRow) => SCOPES.indexOf(s.scope as (typeof SCOPES)[number]);
  const rows = r.summary.filter((s) => s.window_weeks === 13).sort((a, b) => order(a) - order(b));
  const year = rows[0]?.report_year ?? "";
  const others = METRICS.filter((x) => x.key !== "deployment_frequency");
  const body = rows.map((s) => [
    escapeHtml(s.scope),
    escapeHtml(s.name),
    levelCell(r, s, metric("deployment_frequency"), `${(s.deploy_days_per_week ?? 0).toFixed(2)} deploy days/week (${s.deployments ?? 0} deployments)`),
    ...others.map((x) => levelCell(r, s, x)),
  ]);
  const bounds = r.benchmarks.filter((b) => b.report_year === year);
  const boundsRows = bounds.map((b) => [
    escapeHtml(b.metric),
    `<span class="level-${escapeHtml(b.level)}">${escapeHtml(b.level)}</span>`,
    escapeHtml(boundText(b.lower_bound, b.upper_bound, b.unit)),
  ]);
  return `<h2>Every team and service: levels over the 13 complete weeks (State of DevOps ${escapeHtml(year)})</h2>
<div class="wide" role="region" aria-label="levels of every team and service" tabindex="0">
${table(["scope", "name", "deployment frequency", ...others.map((x) => x.label)], body, "levels")}
</div>
<details><summary>The ${escapeHtml(year)} bounds</summary>${table(["metric", "level", "bounds"], boundsRows)}</details>`;
}

function boundText(lower: number | null, upper: number | null, unit: string | null): string {
  const fmt = (v: number) => (unit === "seconds" ? formatDuration(v) : unit === "ratio" ? `${(v * 100).toFixed(0)}%` : v.toFixed(2));
  if (lower !== null) return `≥ ${fmt(lower)}${unit === "deploy_days_per_week" ? " deploy days/week" : ""}`;
  if (upper !== null) return `≤ ${fmt(upper)}`;
  return "everything else";
}

function targetsSection(r: Reading, targets: readonly Target[]): string {
  const rows = targetProgress(targets, r.quarterly, r.asOf, r.minSample).map((p) => [
    escapeHtml(p.target.quarter),
    escapeHtml(p.metric.label),
    escapeHtml(p.target.scope === "organisation" ? "organisation" : `${p.target.scope} ${p.target.name}`),
    escapeHtml(formatTarget({ metric: p.metric, target: p.target.target })),
    escapeHtml(formatCurrent(p)),
    `<span class="status-${p.status.replaceAll(" ", "-")}">${escapeHtml(p.status)}</span>`,
  ]);
  return `<h2>Quarterly targets</h2>
<p class="note">Quarter to date, from the quarterly marts.</p>
${table(["quarter", "metric", "for", "target", "quarter to date", "status"], rows, "targets")}`;
}

/** Bounds that keep the page readable (and small) for a large organisation. */
const TREND_WEEKS = 26;
const SMALL_MULTIPLES = 24;

async function trendsSection(r: Reading): Promise<string> {
  const weeks = new Set([...new Set(r.weekly.organisation.filter((w) => w.is_complete).map((w) => w.week_start!))].sort().slice(-TREND_WEEKS));
  const shown = Object.fromEntries(SCOPES.map((scope) => [scope, busiest(r, scope)])) as Record<Scope, Set<string>>;
  const parts = [
    "<h2>Weekly trends</h2>",
    `<p class="note">The last ${weeks.size} complete weeks. Small multiples show the ${SMALL_MULTIPLES} teams or services with the most deployments in the 13 weeks, when there are more; every one of them is in the levels table.</p>`,
  ];
  for (const m of CHARTED) {
    parts.push(`<h3>${escapeHtml(m.label)}</h3>`);
    for (const scope of SCOPES) {
      const points: TrendPoint[] = r.weekly[scope]
        .filter((w) => w.is_complete && weeks.has(w.week_start!) && shown[scope].has(nameOf(scope, w)))
        .map((w) => ({ week: w.week_start!, ...sampled(w, m), ...(scope === "organisation" ? {} : { group: nameOf(scope, w) }) }));
      const total = new Set(r.weekly[scope].map((w) => nameOf(scope, w))).size;
      const title = scope === "organisation" ? `${m.label}: organisation` : `${m.label} per ${scope}${total > shown[scope].size ? ` (${shown[scope].size} of ${total})` : ""}`;
      parts.push(figure(await trendChart(m, points, title), `${title}; grey bars: sample size (n, ${sampleUnit(m)})`));
    }
  }
  return parts.join("\n");
}

/** The names of a scope with the most deployments over the 13 weeks, at most SMALL_MULTIPLES of them. */
function busiest(r: Reading, scope: Scope): Set<string> {
  const names = [...new Set(r.weekly[scope].map((w) => nameOf(scope, w)))];
  const deployments = (name: string) => summaryRow(r, scope, name, 13)?.deployments ?? 0;
  return new Set(names.sort((a, b) => deployments(b) - deployments(a) || a.localeCompare(b)).slice(0, SMALL_MULTIPLES));
}

async function breakdownSection(changes: readonly ChangeRow[], org13: SummaryRow): Promise<string> {
  const groups = [
    { name: "organisation", rows: changes },
    ...[...new Set(changes.map((c) => c.team ?? ""))].sort().map((team) => ({ name: `team ${team}`, rows: changes.filter((c) => c.team === team) })),
  ];
  const components = [
    { label: "coding", pick: (c: ChangeRow) => c.coding_seconds },
    // a warehouse built before pickup time has no column: no change has a pickup there
    { label: "pickup", pick: (c: ChangeRow) => c.pickup_seconds ?? null },
    { label: "review after pickup", pick: (c: ChangeRow) => (c.pickup_seconds == null || c.review_seconds === null ? null : c.review_seconds - c.pickup_seconds) },
    { label: "deploy wait", pick: (c: ChangeRow) => c.deploy_wait_seconds },
    { label: "lead time", pick: (c: ChangeRow) => c.lead_time_seconds },
  ];
  const stats = groups.map((g) => ({
    group: g.name,
    values: components.map((comp) => {
      // a negative duration stays out of its median, as in the marts (docs/metrics.md decision 64)
      const values = g.rows.map(comp.pick).filter((v): v is number => v !== null && v >= 0);
      return { label: comp.label, p50: percentileCont(values, 0.5), n: values.length };
    }),
  }));
  const chartRows = stats.flatMap((s) =>
    s.values.slice(0, -1).map((v, order) => ({ group: s.group, component: v.label, hours: (v.p50 ?? 0) / 3600, order })),
  );
  const leadMetric = metric("lead_time_p50");
  const rows = stats.map((s) => [escapeHtml(s.group), ...s.values.map((v) => escapeHtml(`${formatValue(leadMetric, v.p50)} (n=${v.n})`))]);
  return `<h2>Where lead time goes</h2>
<p class="note">Changes deployed from ${escapeHtml(formatDate(org13.window_start!))} to ${escapeHtml(formatDate(addDays(org13.window_end!, -1)))}, from the changes mart.
Each component's median is over the changes that have it (direct pushes have no review, a change merged without a review by someone else no pickup), so the medians need not add up to the lead time's.</p>
${figure(await breakdownChart(chartRows), "p50 of coding (first commit to opened), pickup (opened to the first review by someone else), review after pickup (to merged) and deploy wait (merged to deployed)")}
${table(["", "coding p50", "pickup p50", "review after pickup p50", "deploy wait p50", "lead time p50"], rows, "breakdown")}`;
}

/** The warnings, each with what to do (the line of doraform.yaml to add), the link coverage by method, then every check. */
function dataQualitySection(rows: ReadonlyArray<{ check_name: string | null; value: number | null }>, minLinkCoverage: number): string {
  const warnings = qualityWarnings(rows, minLinkCoverage);
  const list = warnings.length === 0
    ? `<p class="note">No warnings from the data_quality mart.</p>`
    : `<ul class="data-quality-warnings">${warnings.map((w) => `<li>${escapeHtml(w.text)}${w.fix ? `<br><span class="fix">To do: ${escapeHtml(w.fix)}</span>` : ""}</li>`).join("\n")}</ul>`;
  return `<h2>Data quality</h2>
${list}
${coverageNote(catalogGaps(rows, minLinkCoverage).linkCoverage)}
<details><summary>Every check of the data_quality mart</summary>
${table(["check", "what it says"], rows.map((d) => [escapeHtml(d.check_name), escapeHtml(checkText(d))]), "data-quality")}
</details>`;
}

function coverageNote(coverage: LinkCoverage): string {
  if (coverage.share === null) return `<p class="note">No incidents: no failure to link.</p>`;
  const methods = coverage.byMethod.map((m) => `${m.method} ${m.incidents}`).join(", ");
  return `<p class="note">Incidents linked to the deployment that caused them: ${(coverage.share * 100).toFixed(0)}%${methods ? ` (by ${escapeHtml(methods)})` : ""}; change failure rate gets a level at ${(coverage.threshold * 100).toFixed(0)}% or more.</p>`;
}
