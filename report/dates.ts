/** Calendar arithmetic on "YYYY-MM-DD" dates, in UTC like the marts. */

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The first day of the calendar quarter containing `date`. */
export function quarterStart(date: string): string {
  const [year, month] = date.split("-").map(Number);
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return `${year}-${String(first).padStart(2, "0")}-01`;
}

/** "2026-Q4" for any date in that quarter. */
export function quarterLabel(date: string): string {
  const [year, month] = date.split("-").map(Number);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The first day of the quarter after `date`'s. */
export function nextQuarterStart(date: string): string {
  const [year, month] = quarterStart(date).split("-").map(Number);
  return month === 10 ? `${year + 1}-01-01` : `${year}-${String(month + 3).padStart(2, "0")}-01`;
}
