/** Generator time is whole seconds since the epoch, UTC; the model stores ISO strings. */
export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;
export const WEEK = 7 * DAY;

let memoDay = Number.NaN;
let memoPrefix = "";

/** "2026-03-02T10:15:00Z". The hottest function of the generator: the date part is reused within a day. */
export function iso(t: number): string {
  const seconds = Math.floor(t);
  const day = Math.floor(seconds / DAY);
  if (day !== memoDay) {
    memoDay = day;
    memoPrefix = new Date(day * DAY * 1000).toISOString().slice(0, 11);
  }
  const s = seconds - day * DAY;
  return `${memoPrefix}${two(Math.floor(s / HOUR))}:${two(Math.floor((s % HOUR) / MINUTE))}:${two(s % MINUTE)}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** "2026-03-02" */
export function isoDate(t: number): string {
  return iso(t).slice(0, 10);
}

/**
 * The clock an `as_of` names: the end of a date (the next midnight, UTC), as the demo server
 * reads it, or the instant itself.
 */
export function clockOf(asOf: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return Date.parse(`${asOf}T00:00:00Z`) / 1000 + DAY;
  return Math.floor(Date.parse(asOf) / 1000);
}

/** Midnight UTC of the Monday of t's ISO week. */
export function mondayOf(t: number): number {
  const midnight = t - (((t % DAY) + DAY) % DAY);
  const weekday = (new Date(midnight * 1000).getUTCDay() + 6) % 7; // Monday = 0
  return midnight - weekday * DAY;
}

export function isWeekend(t: number): boolean {
  const day = new Date(t * 1000).getUTCDay();
  return day === 0 || day === 6;
}

/** Keeps a drawn duration within sensible bounds. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
