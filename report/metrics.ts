import type { Measures } from "./marts.ts";

/**
 * The metrics as the report, review, targets and alerts show them: which mart column holds the
 * value, which holds its sample size (docs/metrics.md, Sample sizes), and which way is better.
 */
export interface Metric {
  key: MetricKey;
  label: string;
  /** The period tables' column holding the value. */
  column: keyof Measures;
  /** The period tables' column holding the sample size. */
  sample: keyof Measures;
  better: "lower" | "higher";
  unit: "count" | "seconds" | "share";
}

export type MetricKey =
  | "deployment_frequency"
  | "lead_time_p50"
  | "lead_time_p90"
  | "pickup_p50"
  | "pickup_p90"
  | "change_failure_rate"
  | "recovery_time"
  | "time_to_restore"
  | "rework_rate";

export const METRICS: readonly Metric[] = [
  { key: "deployment_frequency", label: "Deployments", column: "deployments", sample: "deployments", better: "higher", unit: "count" },
  { key: "lead_time_p50", label: "Change lead time p50", column: "lead_time_p50_seconds", sample: "changes_deployed", better: "lower", unit: "seconds" },
  { key: "lead_time_p90", label: "Change lead time p90", column: "lead_time_p90_seconds", sample: "changes_deployed", better: "lower", unit: "seconds" },
  // a part of lead time, on the deployed changes a person other than the author reviewed (docs/metrics.md#decision-66)
  { key: "pickup_p50", label: "Pickup time p50", column: "pickup_p50_seconds", sample: "changes_picked_up", better: "lower", unit: "seconds" },
  { key: "pickup_p90", label: "Pickup time p90", column: "pickup_p90_seconds", sample: "changes_picked_up", better: "lower", unit: "seconds" },
  { key: "change_failure_rate", label: "Change failure rate", column: "change_failure_rate", sample: "deployments", better: "lower", unit: "share" },
  { key: "recovery_time", label: "Failed deployment recovery time p50", column: "recovery_p50_seconds", sample: "recovered_deployments", better: "lower", unit: "seconds" },
  { key: "time_to_restore", label: "Time to restore p50", column: "restore_p50_seconds", sample: "restored_incidents", better: "lower", unit: "seconds" },
  { key: "rework_rate", label: "Deployment rework rate", column: "rework_rate", sample: "deployments", better: "lower", unit: "share" },
];

export function metric(key: string): Metric {
  const found = METRICS.find((m) => m.key === key);
  if (!found) throw new Error(`unknown metric ${key}: one of ${METRICS.map((m) => m.key).join(", ")}`);
  return found;
}

/** A value with the sample it was computed from; `value` is null when the sample is empty. */
export interface Sampled {
  value: number | null;
  sample: number;
}

export function sampled(row: Partial<Measures>, m: Metric): Sampled {
  return { value: (row[m.column] as number | null | undefined) ?? null, sample: (row[m.sample] as number | null | undefined) ?? 0 };
}
