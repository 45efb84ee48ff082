import { formatValue } from "../format.ts";
import type { Metric } from "../metrics.ts";

/** What a metric's sample counts, in words: "changes deployed", "restored incidents". */
export function sampleUnit(m: Metric): string {
  return m.sample.replaceAll("_", " ");
}

/** "n = 12 changes deployed": a sample with what it counts. */
export function sampleText(m: Metric, sample: number): string {
  return `n = ${sample} ${sampleUnit(m)}`;
}

/** A value with its unit: counts say what they count ("9 deployments"), the rest carry theirs already. */
export function valueText(m: Metric, value: number | null): string {
  const text = formatValue(m, value);
  return m.unit === "count" && value !== null ? `${text} ${m.label.toLowerCase()}` : text;
}
