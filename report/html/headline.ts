import { formatWeek } from "../dates.ts";
import { formatValue } from "../format.ts";
import { summaryLevelColumn } from "../levels.ts";
import { METRICS, sampled, type Metric } from "../metrics.ts";
import { summaryRow, type Reading } from "../reading.ts";
import { changeText, metricRows, type MetricRow } from "../review/weekly.ts";
import { sparkline } from "./charts.ts";
import { escapeHtml } from "./page.ts";
import { sampleText, valueText } from "./units.ts";

/** Weeks a headline's trend line covers: the 13 the level is computed over. */
const SPARK_WEEKS = 13;

/**
 * The first screen: the four keys of the organisation (the metrics the report year gives a level),
 * each as the latest complete week's number with its sample, its move against the 13 weeks before
 * (the weekly review's judgement: beyond what the sample explains or not), the 13-week level and a
 * trend line.
 */
export async function headlineSection(r: Reading): Promise<string> {
  const keys = METRICS.filter((m) => summaryLevelColumn(m.key, r.reportYear) !== null);
  const rows = metricRows(r, "organisation", "all");
  const weeks = r.weekly.organisation.filter((w) => w.is_complete).slice(-SPARK_WEEKS);
  const cards = await Promise.all(
    keys.map(async (m) => {
      const row = rows.find((x) => x.metric === m.key)!;
      const points = weeks.map((w) => ({ week: w.week_start!, ...sampled(w, m) }));
      const trend = await sparkline(m, points, `${m.label}, the organisation's last ${weeks.length} complete weeks`);
      return card(r, m, row, trend);
    }),
  );
  return `<section class="keys" aria-labelledby="keys-title">
<h2 id="keys-title">The four keys, week of ${escapeHtml(formatWeek(r.latestWeek))}</h2>
<div class="cards">
${cards.join("\n")}
</div>
<p class="note">The organisation's latest complete week, with its sample; the change is against the weekly average of the 13 complete weeks before it,
“beyond sample” when it is larger than the sample explains (as in the weekly review). Levels are over the 13 weeks to date (State of DevOps ${escapeHtml(r.reportYear)}); the line shows the last ${weeks.length} weeks.</p>
</section>`;
}

function card(r: Reading, m: Metric, row: MetricRow, trend: string): string {
  const before = row.previous13Weeks;
  const previous = !before ? "—" : before.perWeek !== undefined ? `${before.perWeek.toFixed(1)} deployments a week` : `${valueText(m, before.value)} (n = ${before.sample})`;
  const thirteen = summaryRow(r, "organisation", "all", 13);
  const level = row.level ? `<span class="${/^(elite|high|medium|low)$/.test(row.level) ? `level-${escapeHtml(row.level)}` : "note"}">${escapeHtml(row.level)}</span>` : "—";
  const window = thirteen
    ? m.key === "deployment_frequency"
      ? `${(thirteen.deploy_days_per_week ?? 0).toFixed(2)} deploy days a week`
      : `${valueText(m, sampled(thirteen, m).value)}, ${sampleText(m, sampled(thirteen, m).sample)}`
    : "";
  const direction = row.change?.change ? ((row.change.change > 0) === (m.better === "higher") ? "better" : "worse") : "";
  return `<article class="card" aria-label="${escapeHtml(m.label)}">
<h3>${escapeHtml(m.label)}</h3>
<p class="big">${escapeHtml(formatValue(m, row.thisWeek?.value ?? null))}${m.unit === "count" ? ' <span class="unit">deployments</span>' : ""}</p>
<p class="sample">${escapeHtml(sampleText(m, row.thisWeek?.sample ?? 0))}</p>
<p class="change${row.change?.beyond ? ` ${direction}` : ""}">${escapeHtml(changeText(row.change))} <span class="note">vs ${escapeHtml(previous)}</span></p>
<p class="level">13-week level: ${level} <span class="note">${escapeHtml(window)}</span></p>
${trend}
</article>`;
}
