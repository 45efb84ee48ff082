import { formatDuration } from "../core/duration.ts";
import type { Metric, Sampled } from "./metrics.ts";

export function formatValue(m: Metric, value: number | null): string {
  if (value === null) return "—";
  if (m.unit === "seconds") return formatDuration(value);
  if (m.unit === "share") return `${(value * 100).toFixed(1)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Every rate and percentile with its sample size: "12.5% (n=8)". */
export function formatSampled(m: Metric, s: Sampled): string {
  if (m.sample === m.column) return formatValue(m, s.value);
  return `${formatValue(m, s.value)} (n=${s.sample})`;
}
