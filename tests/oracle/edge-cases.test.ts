import { describe, expect, it } from "vitest";
import { handMade, martsOf } from "./scenarios.ts";

// demo/scenarios/edge-cases.yaml: service `api`, deploy job `deploy`, report year 2021, minimum
// sample 4, custom field `cause_deployment`; everything in the week of 2026-04-06; as_of 04-15.
const { marts, deployment, incident, serviceWeek, summary, quality } = martsOf(await handMade("edge-cases"));

describe("deployments at the edges", () => {
  it("leaves out pull_request runs, feature branches, runs still in progress and a GitHub deployment 600 s from its run", () => {
    // 403 (pull_request), 404 (feature/limits), 410 (in progress); 9101 is 409's twin at exactly 10 minutes
    expect(marts.deployments.map((row) => row.deployment_id)).toEqual([
      "gh-run:401", "gh-run:402", "gh-run:405", "gh-run:406", "gh-run:407", "gh-run:408", "gh-run:409",
    ]);
  });

  it("a run whose deploy job succeeded is a success even when a later job failed, finished at the deploy job", () => {
    // deploy 09:00 success, notify 09:05 failure, attempt conclusion failure
    expect(deployment("gh-run:402")).toMatchObject({ result: "success", finished_at: "2026-04-06T09:00:00Z", changes: 1 });
  });

  it("a timed-out run and a run that failed to start are failures, finished at their deploy job or attempt", () => {
    expect(deployment("gh-run:405")).toMatchObject({ result: "failure", finished_at: "2026-04-06T13:00:00Z" });
    expect(deployment("gh-run:406")).toMatchObject({ result: "failure", finished_at: "2026-04-06T13:30:00Z" });
  });

  it("a failed run is nobody's previous deployment: the next success ships what it carried", () => {
    // 405 and 406 carried a2; 407 (previous success 402 at a1) ships it: 14:00 − 12:00 = 7200
    expect(deployment("gh-run:407").changes).toBe(1);
    expect(marts.changes.find((row) => row.deployment_id === "gh-run:407")?.lead_time_seconds).toBe(7200);
  });

  it("a pull request merged into a branch that is not deployed is no change, nor is a push not yet deployed", () => {
    expect(marts.changes.map((row) => row.deployment_id)).toEqual(["gh-run:402", "gh-run:407", "gh-run:408", "gh-run:409"]);
  });
});

describe("incident links at the edges", () => {
  it("reads the custom field the settings name, and maps a PagerDuty service by its equal name", () => {
    expect(incident("I1")).toMatchObject({ service: "api", caused_by_deployment_id: "gh-run:402", link_method: "custom_field" });
  });

  it("among several references under one rule, the latest deployment finished at or before the start wins", () => {
    // I2 started 04-08 09:00: 407 finished 04-06 14:00 (before), 409 04-08 10:00 (after)
    expect(incident("I2")).toMatchObject({ caused_by_deployment_id: "gh-run:407", link_method: "note" });
  });

  it("when every reference finished after the start, the earliest wins", () => {
    // I3 started 04-06 08:30: 402 at 09:00, 407 at 14:00
    expect(incident("I3")).toMatchObject({ caused_by_deployment_id: "gh-run:402", link_method: "note" });
  });

  it("the window rule is off unless switched on", () => {
    // I5 started 10 minutes after 407 finished
    expect(incident("I5")).toMatchObject({ caused_by_deployment_id: null, link_method: null });
  });
});

describe("failures at the edges", () => {
  it("a deployment with two incidents fails once, recovered at the later recovery, with the stronger method", () => {
    // 402: I1 (custom_field, resolved 10:00) and I3 (note, resolved 08:45): 10:00 − 09:00 = 3600
    expect(deployment("gh-run:402")).toMatchObject({ caused_failure: true, failure_link_method: "custom_field", recovered_at: "2026-04-06T10:00:00Z", recovery_seconds: 3600 });
  });

  it("a recovery before the deployment finished is kept on the row, left out of the statistic and reported", () => {
    // 409 finished 10:00, its only incident I4 was resolved 09:50: −600
    expect(deployment("gh-run:409")).toMatchObject({ caused_failure: true, recovery_seconds: -600 });
    expect(quality("negative_recoveries")).toBe(1);
  });

  it("the week counts each failed deployment once and leaves the negative recovery out", () => {
    // 5 successes (401, 402, 407, 408, 409) on 3 days; 3 failed (402, 407, 409): CFR 0.6
    // recoveries: 402 3600, 407 04-08 09:30 − 04-06 14:00 = 43 h 30 min = 156600; 409 left out: p50 = 80100
    // lead times [3600, 3600, 3600, 7200]: p50 3600, p90 at 2.7: 3600 + 0.7 × 3600 = 6120
    // restores: I1 1800, I2 1800, I3 900, I4 600, I5 3600: p50 1800, mean 8700 / 5 = 1740
    const week = serviceWeek("api", "2026-04-06");
    expect(week).toMatchObject({
      deployments: 5, deploy_days: 3, changes_deployed: 4, lead_time_p50_seconds: 3600, failed_deployments: 3,
      recovered_deployments: 2, recovery_p50_seconds: 80100, incidents: 5, restored_incidents: 5, restore_p50_seconds: 1800,
    });
    expect(week.change_failure_rate).toBeCloseTo(0.6, 12);
    expect(week.lead_time_p90_seconds).toBeCloseTo(6120, 6);
    expect(week.restore_mean_seconds).toBeCloseTo(1740, 9);
  });
});

describe("2021 levels", () => {
  it("use time to restore for recovery, and a lead time of exactly one hour is elite", () => {
    // 3 / 13 deploy days a week → medium; lead p50 3600 ≤ 1 h → elite (4 changes ≥ minimum 4);
    // CFR 0.6 > 30% → low; restore p50 1800 ≤ 1 h → elite, whatever the recovery p50 (80100)
    expect(summary("service", "api", 13)).toMatchObject({
      report_year: 2021, deployment_frequency_level: "medium", lead_time_level: "elite", change_failure_rate_level: "low", recovery_level: "elite",
    });
  });
});
