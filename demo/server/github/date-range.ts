/**
 * GitHub's search date syntax as the `created` filter of workflow runs takes it:
 * `>=D`, `>D`, `<=D`, `<D`, `D..D` (either side may be `*`) or a bare `D`, where D is a date
 * (a whole UTC day) or an ISO timestamp. Returns a predicate over ISO timestamps, or undefined
 * when the text is not in that syntax.
 */
export function parseDateRange(text: string): ((iso: string) => boolean) | undefined {
  const bound = (value: string, end: "start" | "end"): number | undefined => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const start = Date.parse(`${value}T00:00:00Z`);
      return end === "start" ? start : start + 86_400_000 - 1;
    }
    if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  };
  const between = (low: number, high: number) => (iso: string) => {
    const ms = Date.parse(iso);
    return ms >= low && ms <= high;
  };
  const comparison = /^(>=|>|<=|<)(.+)$/.exec(text);
  if (comparison) {
    const [, op, value] = comparison as unknown as [string, string, string];
    const ms = bound(value, op === ">=" || op === "<" ? "start" : "end");
    if (ms === undefined) return undefined;
    if (op === ">=") return between(ms, Infinity);
    if (op === ">") return between(ms + 1, Infinity);
    if (op === "<=") return between(-Infinity, ms);
    return between(-Infinity, ms - 1);
  }
  const range = /^(.+)\.\.(.+)$/.exec(text);
  if (range) {
    const [, from, to] = range as unknown as [string, string, string];
    const low = from === "*" ? -Infinity : bound(from, "start");
    const high = to === "*" ? Infinity : bound(to, "end");
    return low === undefined || high === undefined ? undefined : between(low, high);
  }
  const low = bound(text, "start");
  const high = bound(text, "end");
  return low === undefined || high === undefined ? undefined : between(low, high);
}
