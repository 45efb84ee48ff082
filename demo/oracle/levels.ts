import { createRequire } from "node:module";
import type { BenchmarkRow, Level, SummaryRow } from "./marts.ts";

// The same data file Dataform loads as the global `benchmarks` (data shared, logic not).
const require = createRequire(import.meta.url);
export const benchmarkRows: BenchmarkRow[] = (require("../../includes/benchmarks.js") as { rows: BenchmarkRow[] }).rows;

/** The summary's level columns and the benchmark metrics each may use (recovery: FDRT, or time to restore in 2021). */
const LEVEL_COLUMNS = {
  deployment_frequency_level: ["deployment_frequency"],
  lead_time_level: ["change_lead_time"],
  change_failure_rate_level: ["change_failure_rate"],
  recovery_level: ["failed_deployment_recovery_time", "time_to_restore"],
} as const;

export type LevelColumn = keyof typeof LEVEL_COLUMNS;
export type Levels = Record<LevelColumn, Level | null>;

function meets(row: BenchmarkRow, value: number): boolean {
  return (row.lower_bound === null || value >= row.lower_bound) && (row.upper_bound === null || value <= row.upper_bound);
}

/** The best level whose bounds are met, or null when the value is missing or its sample too small (docs/metrics.md, Levels). */
export function levels(summary: Omit<SummaryRow, LevelColumn>, reportYear: number, minSample: number): Levels {
  const result = {} as Levels;
  for (const [column, metrics] of Object.entries(LEVEL_COLUMNS) as [LevelColumn, readonly string[]][]) {
    const rows = benchmarkRows
      .filter((row) => row.report_year === reportYear && metrics.includes(row.metric))
      .sort((a, b) => a.rank - b.rank);
    const values = summary as unknown as Record<string, number | null>;
    const value = rows.length > 0 ? values[rows[0].measure] : null;
    const sample = rows.length > 0 ? (values[rows[0].sample_column] as number) : 0;
    result[column] = value === null || sample < minSample ? null : (rows.find((row) => meets(row, value))?.level ?? null);
  }
  return result;
}
