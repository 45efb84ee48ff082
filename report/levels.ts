import type { BenchmarkRow, SummaryRow } from "./marts.ts";
import type { MetricKey } from "./metrics.ts";

/**
 * Classifies a value against the `benchmarks` mart for one report year and metric (docs/metrics.md,
 * Levels; includes/benchmarks.js): the met row with the smallest rank, bounds
 * inclusive, so 2024's out-of-order bounds give the better level; no level below the minimum
 * sample. Used for the periods the summary does not classify (quarters).
 */
export function classify(
  benchmarks: readonly BenchmarkRow[],
  year: number,
  metric: string,
  value: number | null,
  sample: number,
  minSample: number,
): string | null {
  if (value === null || sample < minSample) return null;
  const met = benchmarks
    .filter((b) => b.report_year === year && b.metric === metric)
    .filter((b) => (b.lower_bound === null || value >= b.lower_bound) && (b.upper_bound === null || value <= b.upper_bound))
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  return met[0]?.level ?? null;
}

/**
 * The `benchmarks` metric a report metric is classified on, for a report year; null when it has no
 * levels (p90 lead time, rework rate; recovery is time to restore before 2023, FDRT from 2023).
 */
export function benchmarkMetric(key: MetricKey, year: number): string | null {
  switch (key) {
    case "deployment_frequency":
      return "deployment_frequency";
    case "lead_time_p50":
      return "change_lead_time";
    case "change_failure_rate":
      return "change_failure_rate";
    case "recovery_time":
      return year >= 2023 ? "failed_deployment_recovery_time" : null;
    case "time_to_restore":
      return year >= 2023 ? null : "time_to_restore";
    default:
      return null;
  }
}

/** The `summary` column holding a metric's 13-week level for a report year; null when it has none. */
export function summaryLevelColumn(key: MetricKey, year: number): keyof SummaryRow | null {
  const benchmark = benchmarkMetric(key, year);
  if (benchmark === null) return null;
  if (benchmark === "deployment_frequency") return "deployment_frequency_level";
  if (benchmark === "change_lead_time") return "lead_time_level";
  if (benchmark === "change_failure_rate") return "change_failure_rate_level";
  return "recovery_level";
}
