import { METRIC_KINDS, type MetricKey, type MetricKind } from "../core/metrics.ts";
import type { Measures } from "./marts.ts";

export type { MetricKey };

/**
 * The metrics as the report, review, targets and alerts show them: which mart column holds the
 * value, which holds its sample size (docs/metrics.md, Sample sizes); the unit and which way is
 * better come from core/metrics.ts.
 */
export interface Metric extends MetricKind {
  key: MetricKey;
  label: string;
  /** The period tables' column holding the value. */
  column: keyof Measures;
  /** The period tables' column holding the sample size. */
  sample: keyof Measures;
}

const shown = (key: MetricKey, label: string, column: keyof Measures, sample: keyof Measures): Metric => ({ key, label, column, sample, ...METRIC_KINDS[key] });

export const METRICS: readonly Metric[] = [
  shown("deployment_frequency", "Deployments", "deployments", "deployments"),
  shown("lead_time_p50", "Change lead time p50", "lead_time_p50_seconds", "changes_deployed"),
  shown("lead_time_p90", "Change lead time p90", "lead_time_p90_seconds", "changes_deployed"),
  // a part of lead time, on the deployed changes a person other than the author reviewed (docs/metrics.md#decision-66)
  shown("pickup_p50", "Pickup time p50", "pickup_p50_seconds", "changes_picked_up"),
  shown("pickup_p90", "Pickup time p90", "pickup_p90_seconds", "changes_picked_up"),
  shown("change_failure_rate", "Change failure rate", "change_failure_rate", "deployments"),
  shown("recovery_time", "Failed deployment recovery time p50", "recovery_p50_seconds", "recovered_deployments"),
  shown("time_to_restore", "Time to restore p50", "restore_p50_seconds", "restored_incidents"),
  shown("rework_rate", "Deployment rework rate", "rework_rate", "deployments"),
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
