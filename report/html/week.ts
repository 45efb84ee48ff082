import { addDays, formatTimestamp, formatWeek } from "../dates.ts";
import { formatDuration } from "../../core/duration.ts";
import { METRICS, sampled } from "../metrics.ts";
import type { MartDatabase } from "../reader/open.ts";
import * as q from "../reader/queries.ts";
import { type Reading } from "../reading.ts";
import { changeText } from "../review/weekly.ts";
import { judge } from "../review/significance.ts";
import { escapeHtml, table } from "./page.ts";
import { sampleText, valueText } from "./units.ts";

/**
 * The organisation's latest complete week next to the week before it, metric by metric, with the
 * change judged as the weekly review judges it (against the one week before).
 */
export function weekOnWeekSection(r: Reading): string {
  const previousWeek = addDays(r.latestWeek, -7);
  const thisRow = r.weekly.organisation.find((w) => w.week_start === r.latestWeek);
  const lastRow = r.weekly.organisation.find((w) => w.week_start === previousWeek);
  if (!thisRow || !lastRow) return "";
  const rows = METRICS.map((m) => {
    const now = sampled(thisRow, m);
    const before = sampled(lastRow, m);
    const cell = (s: typeof now) => escapeHtml(m.unit === "count" ? valueText(m, s.value) : `${valueText(m, s.value)} (${sampleText(m, s.sample)})`);
    return [escapeHtml(m.label), cell(now), cell(before), escapeHtml(changeText(judge(m, now, before, 1, r.minSample)))];
  });
  return `<h2>This week next to last week</h2>
${table(["metric", `week of ${formatWeek(r.latestWeek)}`, `week of ${formatWeek(previousWeek)}`, "change"], rows, "week-on-week")}
<p class="note">The organisation. “beyond sample” marks a move larger than the two weeks' samples explain.</p>`;
}

function link(text: string | null, url: string | null): string {
  return url ? `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

/** The deployments, failures and incidents of one week, each linked to where it happened. */
export async function behindTheWeekSection(m: MartDatabase, week: string): Promise<string> {
  const end = addDays(week, 7);
  const deployments = await q.deploymentsFinished(m, week, end);
  const incidents = await q.incidentsStarted(m, week, end);
  const urls = new Map(deployments.map((d) => [d.deployment_id, d.url]));
  const deploymentRows = deployments.map((d) => [
    link(d.deployment_id, d.url),
    escapeHtml(d.service),
    escapeHtml(d.team),
    escapeHtml(d.finished_at ? formatTimestamp(d.finished_at) : "—"),
    escapeHtml(d.result),
    escapeHtml(d.changes === null || d.changes === undefined ? "unknown" : `${d.changes} changes`),
    escapeHtml(d.caused_failure ? `yes (linked by ${d.failure_link_method ?? "unknown"})` : "no"),
    escapeHtml(d.is_rework ? "yes" : "no"),
  ]);
  const failures = deployments.filter((d) => d.caused_failure);
  const failureRows = failures.map((d) => [
    link(d.deployment_id, d.url),
    escapeHtml(d.service),
    escapeHtml(d.finished_at ? formatTimestamp(d.finished_at) : "—"),
    escapeHtml(incidents.filter((i) => i.caused_by_deployment_id === d.deployment_id).map((i) => i.incident_id).join(", ") || "an incident of another week"),
    escapeHtml(d.recovery_seconds === null || d.recovery_seconds === undefined ? "not recovered" : formatDuration(d.recovery_seconds)),
  ]);
  const incidentRows = incidents.map((i) => [
    escapeHtml(i.incident_id),
    escapeHtml(i.service),
    escapeHtml(i.title),
    escapeHtml(i.urgency),
    escapeHtml(i.started_at ? formatTimestamp(i.started_at) : "—"),
    escapeHtml(i.restore_seconds === null || i.restore_seconds === undefined ? "open" : formatDuration(i.restore_seconds)),
    i.caused_by_deployment_id ? `${link(i.caused_by_deployment_id, urls.get(i.caused_by_deployment_id) ?? null)} (${escapeHtml(i.link_method)})` : "not linked",
    i.resolved_by_deployment_id ? link(i.resolved_by_deployment_id, urls.get(i.resolved_by_deployment_id) ?? null) : "",
  ]);
  return `<h2>Behind the week of ${escapeHtml(formatWeek(week))}</h2>
<p class="note">Times in UTC; a deployment links to its run.</p>
<h3>Deployments (${deployments.length})</h3>
${table(["deployment", "service", "team", "finished", "result", "changes", "caused a failure", "rework"], deploymentRows, "deployments")}
<h3>Failures (${failures.length})</h3>
${table(["deployment", "service", "finished", "incidents", "recovered in"], failureRows, "failures")}
<h3>Incidents (${incidents.length})</h3>
${table(["incident", "service", "title", "urgency", "started", "restored in", "caused by", "resolved by"], incidentRows, "incidents")}`;
}
