import type { BenchmarkRow } from "./marts.ts";

/**
 * Classifies a value against the `benchmarks` mart for one report year and metric (METRICS.md,
 * "Performance levels"; includes/benchmarks.js): the met row with the smallest rank, bounds
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

/** The benchmark metric behind each classified value; recovery is time to restore before 2023. */
export function benchmarkMetric(key: "deployment_frequency" | "lead_time" | "change_failure_rate" | "recovery", year: number): string {
  if (key === "recovery") return year >= 2023 ? "failed_deployment_recovery_time" : "time_to_restore";
  return key === "lead_time" ? "change_lead_time" : key;
}
