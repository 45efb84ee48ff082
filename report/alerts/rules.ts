import { formatSampled } from "../format.ts";
import { metric, type Metric, type Sampled } from "../metrics.ts";

/**
 * The regression rules `doraform alerts` evaluates for the latest complete week, per service, team
 * and the organisation. Each needs the minimum sample (`min_sample`) in the week, and the baseline
 * rule also in its baseline; thresholds are overridable with `--rules FILE`.
 */
export interface RuleThresholds {
  /** Change failure rate of the week above this share. */
  change_failure_rate_above: number;
  /** p50 lead time of the week above the p50 over the trailing 4 weeks' deployed changes by more than this share. */
  lead_time_p50_increase_above: number;
  /** Failed deployment recovery time p50 of the week above this many seconds (a day: the "high" bound). */
  recovery_time_p50_above_seconds: number;
}

export const DEFAULT_THRESHOLDS: RuleThresholds = {
  change_failure_rate_above: 0.15,
  lead_time_p50_increase_above: 0.5,
  recovery_time_p50_above_seconds: 86_400,
};

export type RuleName = "change_failure_rate_high" | "lead_time_p50_up" | "recovery_time_high";

export interface RuleInput {
  /** The week's value of the rule's metric, with its sample (already at least the minimum). */
  now: { value: number; sample: number };
  /** The rule's metric over the scope's 4 complete weeks before the week (the `review_windows` mart), with its sample. */
  before: Sampled;
  thresholds: RuleThresholds;
  minSample: number;
}

export interface Rule {
  name: RuleName;
  metric: Metric;
  describe(t: RuleThresholds): string;
  /** What the alert says after the description when the rule fires, else null. */
  fires(input: RuleInput): string | null;
}

export const RULES: readonly Rule[] = [
  {
    name: "change_failure_rate_high",
    metric: metric("change_failure_rate"),
    describe: (t) => `change failure rate above ${(t.change_failure_rate_above * 100).toFixed(0)}%`,
    fires: ({ now, thresholds }) =>
      now.value > thresholds.change_failure_rate_above ? formatSampled(metric("change_failure_rate"), now) : null,
  },
  {
    name: "lead_time_p50_up",
    metric: metric("lead_time_p50"),
    describe: (t) => `p50 lead time up more than ${(t.lead_time_p50_increase_above * 100).toFixed(0)}% on the trailing 4 weeks`,
    fires: ({ now, before, thresholds, minSample }) => {
      if (before.value === null || before.sample < minSample) return null;
      if (now.value <= before.value * (1 + thresholds.lead_time_p50_increase_above)) return null;
      const m = metric("lead_time_p50");
      return `${formatSampled(m, now)} against ${formatSampled(m, before)}`;
    },
  },
  {
    name: "recovery_time_high",
    metric: metric("recovery_time"),
    describe: (t) => `failed deployment recovery time p50 above ${t.recovery_time_p50_above_seconds / 3600} h`,
    fires: ({ now, thresholds }) =>
      now.value > thresholds.recovery_time_p50_above_seconds ? formatSampled(metric("recovery_time"), now) : null,
  },
];
