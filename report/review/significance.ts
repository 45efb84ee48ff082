import type { Metric, Sampled } from "../metrics.ts";

/**
 * When a week's move is larger than its sample explains (docs/reading.md, The review): the rules
 * the weekly review applies before it calls a service or team a mover.
 */

/** Two-sided significance level of the rate and count tests. */
export const ALPHA = 0.05;
/** |z| above this is significant at ALPHA, two-sided. */
export const Z_CRITICAL = 1.96;
/** A median is compared only when both sides have at least this many values… */
export const MEDIAN_MIN_SAMPLE = 10;
/** …and only a change of at least this share of the earlier median counts. */
export const MEDIAN_MIN_CHANGE = 0.5;

/** Pooled two-proportion z statistic of x1/n1 against x2/n2; null when it is undefined (no variance). */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number | null {
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (variance === 0) return null;
  return (x1 / n1 - x2 / n2) / Math.sqrt(variance);
}

/** P(X ≤ k) for X ~ Poisson(mean). */
function poissonCdf(k: number, mean: number): number {
  let term = Math.exp(-mean);
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= mean / i;
    sum += term;
  }
  return Math.min(1, sum);
}

/** Exact two-sided p-value of observing `count` events where `mean` were expected (doubled smaller tail). */
export function poissonTwoSidedP(count: number, mean: number): number {
  if (mean === 0) return count === 0 ? 1 : 0;
  const below = poissonCdf(count, mean);
  const above = count === 0 ? 1 : 1 - poissonCdf(count - 1, mean);
  return Math.min(1, 2 * Math.min(below, above));
}

export interface Judgement {
  /** Relative change (counts, durations) or the difference in proportion points (rates); null from 0. */
  change: number | null;
  changeUnit: "relative" | "points";
  /** The move is larger than the samples explain, by the rule for this kind of metric. */
  beyond: boolean;
  /** The statistic behind `beyond`: "z = 5.17", "p = 0.012", "n ≥ 10, ≥ 50%"; empty when untested. */
  evidence: string;
}

/**
 * This week against a baseline window. Counts: this week's count against the window's weekly mean,
 * exact Poisson test (p < ALPHA). Rates: pooled two-proportion z-test (|z| > Z_CRITICAL), both
 * samples at least minSample. Percentiles: no distribution is known from the marts, so a minimum
 * sample on both sides (MEDIAN_MIN_SAMPLE, and minSample) and a change of at least MEDIAN_MIN_CHANGE.
 */
export function judge(m: Metric, now: Sampled, before: Sampled, windowWeeks: number, minSample: number): Judgement {
  if (m.unit === "count") {
    const count = now.value ?? 0;
    const mean = (before.value ?? 0) / windowWeeks;
    const p = poissonTwoSidedP(count, mean);
    return { change: mean === 0 ? null : (count - mean) / mean, changeUnit: "relative", beyond: p < ALPHA, evidence: `p ${formatP(p)}` };
  }
  if (now.value === null || before.value === null) return { change: null, changeUnit: m.unit === "share" ? "points" : "relative", beyond: false, evidence: "" };
  if (m.unit === "share") {
    const change = now.value - before.value;
    if (now.sample < minSample || before.sample < minSample) return { change, changeUnit: "points", beyond: false, evidence: "" };
    // the marts hold the rate and its denominator: the numerator is their product, a whole number
    const z = twoProportionZ(Math.round(now.value * now.sample), now.sample, Math.round(before.value * before.sample), before.sample);
    return { change, changeUnit: "points", beyond: z !== null && Math.abs(z) > Z_CRITICAL, evidence: z === null ? "" : `z = ${z.toFixed(2)}` };
  }
  const change = before.value === 0 ? null : (now.value - before.value) / before.value;
  const enough = Math.min(now.sample, before.sample) >= Math.max(MEDIAN_MIN_SAMPLE, minSample);
  return {
    change,
    changeUnit: "relative",
    beyond: enough && change !== null && Math.abs(change) >= MEDIAN_MIN_CHANGE,
    evidence: enough ? `n ≥ ${Math.max(MEDIAN_MIN_SAMPLE, minSample)}` : "",
  };
}

function formatP(p: number): string {
  return p < 0.001 ? "< 0.001" : `= ${p.toFixed(3)}`;
}
