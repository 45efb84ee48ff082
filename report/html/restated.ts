import { addDays, formatDate } from "../dates.ts";
import { METRICS, sampled } from "../metrics.ts";
import type { Marts, SummaryRow } from "../marts.ts";
import type { MartDatabase } from "../reader/open.ts";
import * as q from "../reader/queries.ts";
import type { Reading } from "../reading.ts";
import { escapeHtml, table } from "./page.ts";
import { sampleText, valueText } from "./units.ts";

type Window = Pick<SummaryRow, "scope" | "name" | "window_weeks" | "window_start" | "window_end">;

const windowKey = (w: Window) => [w.scope, w.name, w.window_weeks, w.window_start, w.window_end].join("|");

/**
 * What was reported before against what the marts say now, for the windows of complete weeks an
 * earlier `summary_snapshots` row and today's `summary` or `review_windows` both cover: where they
 * differ, late data (an incident linked later, a deployment re-run) changed weeks already reported.
 */
export async function restatedSection(m: MartDatabase, r: Reading): Promise<string> {
  const current = new Map([...r.reviewWindows, ...r.summary].map((w) => [windowKey(w), w]));
  const firstReported = new Map<string, Marts["summary_snapshots"]>();
  // newest first: the last one set per window is the first date it was reported on
  for (const s of await q.summarySnapshots(m)) if (current.has(windowKey(s))) firstReported.set(windowKey(s), s);
  const rows: string[][] = [];
  for (const [key, then] of firstReported) {
    const now = current.get(key)!;
    for (const metric of METRICS) {
      const before = sampled(then, metric);
      const after = sampled(now, metric);
      // a column the snapshot was taken without (an older version) is not a change of data
      if (then[metric.column] === undefined || then[metric.sample] === undefined) continue;
      if (before.sample === after.sample && sameValue(before.value, after.value)) continue;
      const text = (s: typeof before) => (metric.unit === "count" ? valueText(metric, s.value) : `${valueText(metric, s.value)} (${sampleText(metric, s.sample)})`);
      rows.push([
        escapeHtml(now.scope === "organisation" ? "organisation" : `${now.scope} ${now.name}`),
        escapeHtml(`${now.window_weeks} weeks, ${formatDate(now.window_start!)} to ${formatDate(addDays(now.window_end!, -1))}`),
        escapeHtml(metric.label),
        escapeHtml(`${text(before)} on ${formatDate(then.snapshot_date!)}`),
        escapeHtml(text(after)),
      ]);
    }
  }
  const body = rows.length === 0
    ? `<p class="note">No window reported before has changed since: no late data rewrote a reported week.</p>`
    : table(["for", "weeks", "metric", "reported", "now"], rows, "restated");
  return `<h2>Reported before, and now</h2>
<p class="note">From the summary_snapshots mart: a window of complete weeks reported on an earlier date that the marts now count differently, because data arrived late (an incident linked to a deployment afterwards, a run re-run).</p>
${body}`;
}

function sameValue(a: number | null, b: number | null): boolean {
  return a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));
}
