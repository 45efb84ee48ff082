import { describe, expect, it } from "vitest";
import { benchmarkRows, levels } from "../../demo/oracle/levels.ts";
import type { SummaryRow } from "../../demo/oracle/marts.ts";
import { percentileCont } from "../../demo/oracle/statistics.ts";

const HOUR = 3600;
const DAY = 24 * HOUR;

/** A 13-week summary row with enough sample for every level, and the given values. */
function row(values: Partial<SummaryRow>): Omit<SummaryRow, "deployment_frequency_level" | "lead_time_level" | "change_failure_rate_level" | "recovery_level"> {
  return {
    scope: "service", name: "s", window_weeks: 13, window_start: "2026-01-05", window_end: "2026-04-06", report_year: 2024,
    deployments: 10, deploy_days: 10, changes_deployed: 10, lead_time_p50_seconds: null, lead_time_p90_seconds: null,
    changes_picked_up: 0, pickup_p50_seconds: null, pickup_p90_seconds: null, failed_deployments: 0, change_failure_rate: null, recovered_deployments: 10, recovery_p50_seconds: null, incidents: 0,
    restored_incidents: 10, restore_p50_seconds: null, restore_mean_seconds: null, rework_deployments: 0, rework_rate: null,
    deploy_days_per_week: 0, ...values,
  };
}

describe("benchmarks data (includes/benchmarks.js)", () => {
  it("has four levels for each benchmarked metric of 2021, 2023 and 2024, and none for rework", () => {
    const metrics = (year: number) => [...new Set(benchmarkRows.filter((r) => r.report_year === year).map((r) => r.metric))].sort();
    expect(metrics(2021)).toEqual(["change_failure_rate", "change_lead_time", "deployment_frequency", "time_to_restore"]);
    expect(metrics(2023)).toEqual(["change_failure_rate", "change_lead_time", "deployment_frequency", "failed_deployment_recovery_time"]);
    expect(metrics(2024)).toEqual(metrics(2023));
    expect(benchmarkRows).toHaveLength(3 * 4 * 4);
    expect(benchmarkRows.filter((r) => r.level === "low").every((r) => r.lower_bound === null && r.upper_bound === null)).toBe(true);
  });

  it("holds 2024's published change failure rates, high's above medium's", () => {
    const cfr = benchmarkRows.filter((r) => r.report_year === 2024 && r.metric === "change_failure_rate" && r.level !== "low");
    expect(cfr.map((r) => [r.level, r.upper_bound])).toEqual([["elite", 0.05], ["high", 0.2], ["medium", 0.1]]);
  });
});

describe("performance levels", () => {
  it("deploy days per week: at least 5 elite, at least 1 high, at least 3 in 13 weeks medium", () => {
    const df = (perWeek: number) => levels(row({ deploy_days_per_week: perWeek }), 2024, 5).deployment_frequency_level;
    expect([df(5), df(4.99), df(1), df(3 / 13), df(2 / 13)]).toEqual(["elite", "high", "high", "medium", "low"]);
  });

  it("a bound itself belongs to the better level", () => {
    // 2023: lead time elite < 1 day, high 1 day – 1 week
    const lead = (seconds: number) => levels(row({ lead_time_p50_seconds: seconds }), 2023, 5).lead_time_level;
    expect([lead(DAY), lead(DAY + 1), lead(7 * DAY), lead(30 * DAY), lead(30 * DAY + 1)]).toEqual(["elite", "high", "high", "medium", "low"]);
  });

  it("where 2024's change failure rate bounds are out of order, the better level wins", () => {
    // elite ≤ 5%, high ≤ 20%, medium ≤ 10%: 8% and 15% are high, medium never wins, above 20% is low
    const cfr = (rate: number) => levels(row({ change_failure_rate: rate }), 2024, 5).change_failure_rate_level;
    expect([cfr(0.05), cfr(0.08), cfr(0.15), cfr(0.2), cfr(0.3)]).toEqual(["elite", "high", "high", "high", "low"]);
  });

  it("recovery is failed deployment recovery time in 2024 and time to restore in 2021", () => {
    const values = row({ recovery_p50_seconds: 2 * HOUR, restore_p50_seconds: 30 * 60 });
    expect(levels(values, 2024, 5).recovery_level).toBe("high");
    expect(levels(values, 2021, 5).recovery_level).toBe("elite");
  });

  it("gives no level below the minimum sample or without a value", () => {
    expect(levels(row({ change_failure_rate: 0, deployments: 4 }), 2024, 5).change_failure_rate_level).toBeNull();
    expect(levels(row({ change_failure_rate: null }), 2024, 5).change_failure_rate_level).toBeNull();
  });
});

describe("percentiles", () => {
  it("interpolate linearly between the closest ranks, like PERCENTILE_CONT", () => {
    // [10, 20, 30, 40]: p50 at rank 1.5 = 25; p90 at rank 2.7 = 30 + 0.7 × 10 = 37
    expect(percentileCont([40, 10, 30, 20], 0.5)).toBe(25);
    expect(percentileCont([40, 10, 30, 20], 0.9)).toBeCloseTo(37, 12);
    expect(percentileCont([7], 0.9)).toBe(7);
    expect(percentileCont([], 0.5)).toBeNull();
  });
});
