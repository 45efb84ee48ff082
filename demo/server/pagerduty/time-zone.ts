/**
 * PagerDuty's `time_zone` parameter: timestamps are rendered with that zone's offset, and a
 * since/until without an offset is read in it. (Without the parameter the real API uses the
 * account's zone; the demo account's zone is UTC.)
 */
const UTC_ZONES = new Set(["UTC", "Etc/UTC"]);
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function isUtc(zone: string | null): boolean {
  return zone === null || UTC_ZONES.has(zone);
}

export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(zone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(ms));
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const local = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** "2026-03-04T11:00:00Z" in America/New_York → "2026-03-04T06:00:00-05:00". */
export function renderIn(zone: string, iso: string): string {
  const ms = Date.parse(iso);
  const offset = offsetMinutes(zone, ms);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** Every UTC timestamp string in a response body, rendered in `zone`. */
export function localizeTimes(value: unknown, zone: string): unknown {
  if (typeof value === "string") return ISO_UTC.test(value) ? renderIn(zone, value) : value;
  if (Array.isArray(value)) return value.map((v) => localizeTimes(v, zone));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localizeTimes(v, zone)]));
  }
  return value;
}

/** A timestamp parameter: with an offset as given, without one read as local time in `zone`. */
export function parseIn(zone: string | null, text: string): number {
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return Date.parse(text);
  const asUtc = Date.parse(text.includes("T") ? `${text}Z` : `${text}T00:00:00Z`);
  return isUtc(zone) || Number.isNaN(asUtc) ? asUtc : asUtc - offsetMinutes(zone!, asUtc) * 60_000;
}
