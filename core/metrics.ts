/**
 * The metrics by key, with what every layer needs of one: its unit and which way is better. The
 * report adds labels and mart columns (report/metrics.ts); targets (core/targets) are checked and
 * normalised with these, so `doraform config sync` and the report read a target the same way.
 */
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

export interface MetricKind {
  better: "lower" | "higher";
  /** count: deployments (a target on deployment frequency is deploy days per week); share: in [0, 1]. */
  unit: "count" | "seconds" | "share";
}

/** In the order the report shows them. */
export const METRIC_KINDS: Readonly<Record<MetricKey, MetricKind>> = {
  deployment_frequency: { better: "higher", unit: "count" },
  lead_time_p50: { better: "lower", unit: "seconds" },
  lead_time_p90: { better: "lower", unit: "seconds" },
  pickup_p50: { better: "lower", unit: "seconds" },
  pickup_p90: { better: "lower", unit: "seconds" },
  change_failure_rate: { better: "lower", unit: "share" },
  recovery_time: { better: "lower", unit: "seconds" },
  time_to_restore: { better: "lower", unit: "seconds" },
  rework_rate: { better: "lower", unit: "share" },
};

export const METRIC_KEYS = Object.keys(METRIC_KINDS) as MetricKey[];

export function isMetricKey(key: unknown): key is MetricKey {
  return typeof key === "string" && Object.hasOwn(METRIC_KINDS, key);
}

/** What every metric is sliced by. */
export type Scope = "service" | "team" | "organisation";
