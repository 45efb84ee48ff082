import type { ChangeRow, DeploymentRow, IncidentRow, Measures } from "./marts.ts";
import { measures, periodTimestamp, type Facts } from "./measures.ts";
import { compareText } from "./order.ts";
import { addDays, nextQuarter, quarterStart, toMs, weekStart } from "./time.ts";
import { appendTo } from "./collections.ts";

/** A calendar of periods: weeks or quarters. */
export interface Calendar {
  of(timestamp: string): string;
  next(period: string): string;
}

export const weeks: Calendar = { of: weekStart, next: (week) => addDays(week, 7) };
export const quarters: Calendar = { of: quarterStart, next: nextQuarter };

export interface PeriodRow {
  period: string;
  is_complete: boolean;
  measures: Measures;
}

function firstPeriod(facts: Facts, calendar: Calendar): string | null {
  // decision 28: the calendar starts with any deployment row, change row or incident
  const stamps = [
    ...facts.deployments.map((row) => row.finished_at),
    ...facts.changes.map((row) => row.merged_at),
    ...facts.incidents.map((row) => row.started_at),
  ];
  if (stamps.length === 0) return null;
  return calendar.of(stamps.reduce((a, b) => (toMs(b) < toMs(a) ? b : a)));
}

function groupBy<T>(rows: T[], key: (row: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const value = key(row);
    if (value !== null) appendTo(groups, value, row);
  }
  return groups;
}

/** One row per period of a scope's calendar, from its first fact to the period containing as_of (docs/metrics.md, Periods). */
export function periodRows(facts: Facts, calendar: Calendar, asOf: string): PeriodRow[] {
  const first = firstPeriod(facts, calendar);
  if (first === null) return [];
  const last = calendar.of(asOf);
  const place = <T>(rows: T[], stamp: (row: T) => string | null) =>
    groupBy(rows, (row) => {
      const at = stamp(row);
      return at === null ? null : calendar.of(at);
    });
  const deployments = place<DeploymentRow>(facts.deployments, periodTimestamp.deployment);
  const changes = place<ChangeRow>(facts.changes, periodTimestamp.change);
  const incidents = place<IncidentRow>(facts.incidents, periodTimestamp.incident);
  const rows: PeriodRow[] = [];
  for (let period = first; period <= last; period = calendar.next(period)) {
    rows.push({
      period,
      is_complete: period < last,
      measures: measures({
        deployments: deployments.get(period) ?? [],
        changes: changes.get(period) ?? [],
        incidents: incidents.get(period) ?? [],
      }),
    });
  }
  return rows;
}

/** The facts of each scope value (a service or a team), keyed by that value, in name order. */
export function factsBy(facts: Facts, key: (row: { service: string; team: string }) => string): Map<string, Facts> {
  const groups = new Map<string, Facts>();
  const groupOf = (row: { service: string; team: string }) => {
    const name = key(row);
    if (!groups.has(name)) groups.set(name, { deployments: [], changes: [], incidents: [] });
    return groups.get(name) as Facts;
  };
  for (const row of facts.deployments) groupOf(row).deployments.push(row);
  for (const row of facts.changes) groupOf(row).changes.push(row);
  for (const row of facts.incidents) groupOf(row).incidents.push(row);
  return new Map([...groups].sort(([a], [b]) => compareText(a, b)));
}
