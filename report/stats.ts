/** Statistics over fact rows, with docs/metrics.md's conventions: null over an empty set. */

/** PERCENTILE_CONT with linear interpolation, as BigQuery and DuckDB's quantile_cont compute it. */
export function percentileCont(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

