/** UTC time helpers: ISO strings in, ISO strings or whole seconds out (docs/metrics.md, Conventions). */
import { compareText } from "./order.ts";

const DAY_MS = 86_400_000;

export function toMs(timestamp: string): number {
  return Date.parse(timestamp);
}

/** "YYYY-MM-DDTHH:MM:SSZ", the marts' timestamp form. */
export function isoTimestamp(timestamp: string): string {
  return new Date(toMs(timestamp)).toISOString().slice(0, 19) + "Z";
}

/** Whole seconds from `start` to `end`, truncated toward zero like BigQuery's TIMESTAMP_DIFF. */
export function secondsBetween(start: string, end: string): number {
  return Math.trunc((toMs(end) - toMs(start)) / 1000);
}

/** The UTC date "YYYY-MM-DD" of a timestamp (or of a date). */
export function utcDate(timestamp: string): string {
  return new Date(toMs(timestamp)).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(toMs(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Monday (ISO week start) of the week containing the timestamp. */
export function weekStart(timestamp: string): string {
  const date = new Date(toMs(utcDate(timestamp) + "T00:00:00Z"));
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return addDays(utcDate(timestamp), -sinceMonday);
}

/** First day of the calendar quarter containing the timestamp. */
export function quarterStart(timestamp: string): string {
  const date = new Date(toMs(timestamp));
  const month = Math.floor(date.getUTCMonth() / 3) * 3;
  return new Date(Date.UTC(date.getUTCFullYear(), month, 1)).toISOString().slice(0, 10);
}

export function nextQuarter(quarter: string): string {
  const date = new Date(toMs(`${quarter}T00:00:00Z`));
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 3, 1)).toISOString().slice(0, 10);
}

/** Orders (timestamp, id) pairs: by time, ties by id as text (docs/metrics.md, Change and lead time: previous deployment). */
export function compareByTimeThenId(a: { at: string; id: string }, b: { at: string; id: string }): number {
  return toMs(a.at) - toMs(b.at) || compareText(a.id, b.id);
}
