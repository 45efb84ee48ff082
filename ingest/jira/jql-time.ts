/**
 * A JQL date literal, "yyyy-MM-dd HH:mm", for an instant in the account's time zone (JQL reads dates
 * in the searching user's zone, to the minute); seconds are dropped, so the minute itself is included.
 */
export function jqlMinute(ms: number, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-GB", {
      timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(new Date(ms));
  } catch {
    // an unknown zone name: UTC, as Jira's own default
    return jqlMinute(ms, "UTC");
  }
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}`;
}

/** Jira's timestamps ("2026-03-02T10:15:00.000+0000") as epoch milliseconds. */
export const jiraMs = (text: string): number => Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
