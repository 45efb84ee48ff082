import type { Marts, SummaryRow } from "./marts.ts";
import { formatSampled, formatValue } from "./format.ts";
import { metric, sampled } from "./metrics.ts";

/**
 * The per-service table `doraform run` prints: the five metrics over the 13 complete weeks before
 * as_of, each with its sample size and level (levels are null below the minimum sample).
 */
export function summaryTable(rows: readonly SummaryRow[], teams: ReadonlyMap<string, string>, changeFailureRateWarning: string | null = null): string {
  const thirteen = rows.filter((row) => row.window_weeks === 13);
  const ordered = [
    ...thirteen.filter((row) => row.scope === "service").sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "")),
    ...thirteen.filter((row) => row.scope === "organisation"),
  ];
  if (ordered.length === 0) return "no complete weeks before as_of: nothing to summarise yet\n";
  const header = ["service", "team", "deploy days/wk", ...MEASURED];
  const body = ordered.map((row) => [
    row.scope === "organisation" ? "(organisation)" : (row.name ?? ""),
    row.scope === "organisation" ? "" : (teams.get(row.name ?? "") ?? ""),
    withLevel(row.deploy_days_per_week === null ? "—" : row.deploy_days_per_week.toFixed(1), row.deployment_frequency_level),
    // below the link coverage threshold the change failure rate's level gives way to the warning
    ...measuredCells(row, [row.lead_time_level, changeFailureRateWarning && row.change_failure_rate_level ? changeFailureRateWarning : row.change_failure_rate_level, row.recovery_level]),
  ]);
  const first = ordered[0]!;
  // window_end is exclusive: the Monday of the week containing as_of
  const title = `13 complete weeks from ${first.window_start}, before ${first.window_end}; levels of the ${first.report_year} State of DevOps report`;
  return `${title}\n${table([header, ...body])}`;
}

type WeekRow = Marts["service_weekly"] | Marts["org_weekly"];

/**
 * What `doraform run` prints before any week is complete (a first sync early in the week): the week
 * containing as_of so far, per service and for the organisation, marked incomplete and without levels.
 */
export function weekSoFarTable(week: string, asOf: string, services: readonly Marts["service_weekly"][], organisation: Marts["org_weekly"] | undefined): string {
  const rows: Array<{ name: string; team: string; row: WeekRow }> = [
    ...[...services].sort((a, b) => (a.service ?? "").localeCompare(b.service ?? "")).map((row) => ({ name: row.service ?? "", team: row.team ?? "", row })),
    ...(organisation ? [{ name: "(organisation)", team: "", row: organisation }] : []),
  ];
  const header = ["service", "team", "deploy days", ...MEASURED];
  const body = rows.map(({ name, team, row }) => [name, team, String(row.deploy_days ?? 0), ...measuredCells(row, [null, null, null])]);
  const title = `the week of ${week} so far, incomplete (as_of ${asOf}): no complete week yet, so no 13-week summary and no levels`;
  return `${title}\n${table([header, ...body])}`;
}

const MEASURED = ["lead time p50", "change failure rate", "recovery p50", "restore p50", "rework rate"];

/** The MEASURED cells of a row, each with its sample; lead time, change failure rate and recovery with their levels. */
function measuredCells(row: SummaryRow | WeekRow, [leadTime, changeFailureRate, recovery]: [string | null, string | null, string | null]): string[] {
  return [
    withLevel(formatSampled(metric("lead_time_p50"), sampled(row, metric("lead_time_p50"))), leadTime),
    withLevel(formatSampled(metric("change_failure_rate"), sampled(row, metric("change_failure_rate"))), changeFailureRate),
    withLevel(formatSampled(metric("recovery_time"), sampled(row, metric("recovery_time"))), recovery),
    formatSampled(metric("time_to_restore"), sampled(row, metric("time_to_restore"))),
    formatValue(metric("rework_rate"), row.rework_rate),
  ];
}

function withLevel(text: string, level: string | null): string {
  return level ? `${text} ${level}` : text;
}

function table(lines: string[][]): string {
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  return lines.map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n") + "\n";
}
