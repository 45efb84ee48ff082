import { describe, expect, it } from "vitest";
import { handMade, martsOf, sha } from "./scenarios.ts";

// demo/scenarios/merges-and-deploys.yaml: one service `shop`, as_of Wednesday 2026-01-28,
// so the weeks of 01-05, 01-12 and 01-19 are complete and the week of 01-26 is not.
const { marts, deployment, change, serviceWeek, summary, quality } = martsOf(await handMade("merges-and-deploys"));

describe("deployments of the merges-and-deploys scenario", () => {
  it("counts deploy workflow runs on deploy branches and production GitHub deployments, a run and its twin once", () => {
    // runs 101, 102, 105 (cancelled), 106–110; 103 is CI; GitHub deployment 9001 is run 102's twin
    // (11:47 vs 11:45), 9002 is staging; 9003 and 9004 are production with no run near them
    expect(marts.deployments.map((row) => row.deployment_id)).toEqual([
      "gh-deploy:9003", "gh-deploy:9004",
      "gh-run:101", "gh-run:102", "gh-run:105", "gh-run:106", "gh-run:107", "gh-run:108", "gh-run:109", "gh-run:110",
    ]);
  });

  it("a GitHub deployment takes its result and finish from its first terminal status", () => {
    // 9003: in_progress, then error → failure at 15:00; 9004: success at 10:00, later inactive
    expect(deployment("gh-deploy:9003")).toMatchObject({ source: "github_deployments", environment: "production", result: "failure", finished_at: "2026-01-12T15:00:00Z", url: null });
    expect(deployment("gh-deploy:9004")).toMatchObject({ result: "success", started_at: "2026-01-27T09:50:00Z", finished_at: "2026-01-27T10:00:00Z", changes: 0, caused_failure: false });
  });

  it("marks the first observed deployment as having unknown contents and no changes", () => {
    expect(deployment("gh-run:101")).toMatchObject({ is_first_observed: true, changes: 0, finished_at: "2026-01-05T11:00:00Z" });
  });

  it("a re-run that succeeds counts once, at its first successful attempt's deploy job", () => {
    // attempt 1 failed at 11:10; attempt 2's deploy job finished 11:45; attempt 3 (next day) does not move it
    expect(deployment("gh-run:102")).toMatchObject({
      result: "success",
      started_at: "2026-01-06T11:00:00Z",
      finished_at: "2026-01-06T11:45:00Z",
      source: "github_actions",
      changes: 3,
    });
  });

  it("keeps a cancelled run with its result", () => {
    expect(deployment("gh-run:105")).toMatchObject({ result: "cancelled", finished_at: "2026-01-12T12:10:00Z", changes: 0 });
  });

  it("a deployed revert fails the deployment that shipped the reverted pull request, recovered when the revert ships", () => {
    // #8 reverts #7; #7 shipped with run 107 (09:30), #8 with run 108 (10:40): 10:40 − 09:30 = 4200 s
    expect(deployment("gh-run:107")).toMatchObject({
      caused_failure: true, failure_link_method: "revert", recovered_at: "2026-01-13T10:40:00Z", recovery_seconds: 4200,
    });
    expect(deployment("gh-run:108")).toMatchObject({ caused_failure: false, changes: 1 });
  });

  it("a release branch deployment rolled back by deploying an ancestor commit fails, recovered at the rollback", () => {
    // run 109 (release/1.0, c9, 10:00) then run 110 (main, c8 ⊂ c9, 12:10): 2 h 10 min = 7800 s
    expect(deployment("gh-run:109")).toMatchObject({
      branch: "release/1.0", changes: 1, caused_failure: true, failure_link_method: "rollback", recovery_seconds: 7800,
    });
    // the rollback ships nothing new: everything in c8 is already in c9
    expect(deployment("gh-run:110")).toMatchObject({ changes: 0, caused_failure: false });
  });
});

describe("changes of the merges-and-deploys scenario", () => {
  it("a squash merge's lead time runs from its first authored commit to the deployment", () => {
    // #2: first commit 01-05 13:00 (before opening at 14:30); run 102 finished 01-06 11:45
    // lead 22 h 45 min = 81900; coding 14:30 − 13:00 = 5400; review 01-06 09:00 − 01-05 14:30 = 66600; wait 11:45 − 09:00 = 9900
    expect(change("gh-pr:acme/shop#2")).toMatchObject({
      status: "deployed", deployment_id: "gh-run:102", deployed_at: "2026-01-06T11:45:00Z", merge_commit_sha: sha("c2"),
      first_commit_at: "2026-01-05T13:00:00Z", lead_time_seconds: 81900, coding_seconds: 5400, review_seconds: 66600, deploy_wait_seconds: 9900,
    });
  });

  it("a merge commit ships its pull request", () => {
    // #3: 01-05 16:00 → 01-06 11:45 = 19 h 45 min = 71100; coding 3600; review 17 h = 61200; wait 1 h 45 = 6300
    expect(change("gh-pr:acme/shop#3")).toMatchObject({
      deployment_id: "gh-run:102", lead_time_seconds: 71100, coding_seconds: 3600, review_seconds: 61200, deploy_wait_seconds: 6300,
    });
  });

  it("a direct push is a change of its own, merged when committed", () => {
    // d4: authored 10:30, committed 10:40, shipped 11:45: lead 4500, wait 3900
    expect(change(`gh-commit:acme/shop@${sha("d4")}`)).toMatchObject({
      pull_number: null, opened_at: null, merged_at: "2026-01-06T10:40:00Z", deployment_id: "gh-run:102",
      lead_time_seconds: 4500, coding_seconds: null, review_seconds: null, deploy_wait_seconds: 3900,
    });
  });

  it("a rebase merge is one change whose rewritten commits are not changes of their own", () => {
    // #5: first commit 09:00, run 106 finished 13:20: 4 h 20 min = 15600
    expect(change("gh-pr:acme/shop#5")).toMatchObject({ deployment_id: "gh-run:106", lead_time_seconds: 15600, deploy_wait_seconds: 4800 });
    expect(marts.changes.filter((row) => row.pull_number === null)).toHaveLength(1);
  });

  it("a change merged into a release branch is deployed by the release branch's run", () => {
    // #9: 09:00 → 10:00
    expect(change("gh-pr:acme/shop#9")).toMatchObject({ deployment_id: "gh-run:109", lead_time_seconds: 3600 });
  });

  it("a change merged before the first observed deployment is unknown, one merged after the last deployment is pending", () => {
    expect(change("gh-pr:acme/shop#1")).toMatchObject({ status: "unknown", deployment_id: null, lead_time_seconds: null, coding_seconds: 1800, review_seconds: 3600 });
    expect(change("gh-pr:acme/shop#10")).toMatchObject({ status: "pending", deployment_id: null, lead_time_seconds: null });
  });
});

describe("weekly rows of the merges-and-deploys scenario", () => {
  it("the first week counts the first observed deployment but only the batch's changes", () => {
    // lead times [4500, 71100, 81900]: p50 = 71100; p90 at rank 0.9 × 2 = 1.8: 71100 + 0.8 × 10800 = 79740
    const week = serviceWeek("shop", "2026-01-05");
    expect(week).toMatchObject({ is_complete: true, deployments: 2, deploy_days: 2, changes_deployed: 3, lead_time_p50_seconds: 71100, failed_deployments: 0, change_failure_rate: 0, recovered_deployments: 0, recovery_p50_seconds: null, rework_rate: 0 });
    expect(week.lead_time_p90_seconds).toBeCloseTo(79740, 6);
  });

  it("the second week: five deployments on three days, two failed, the cancelled run not counted", () => {
    // lead times [2400, 3600, 5400, 15600]: p50 = (3600 + 5400) / 2 = 4500; p90 at 2.7: 5400 + 0.7 × 10200 = 12540
    // CFR 2 / 5 = 0.4; recovery [4200, 7800]: p50 = 6000
    const week = serviceWeek("shop", "2026-01-12");
    expect(week).toMatchObject({ deployments: 5, deploy_days: 3, changes_deployed: 4, lead_time_p50_seconds: 4500, failed_deployments: 2, recovered_deployments: 2, recovery_p50_seconds: 6000 });
    expect(week.lead_time_p90_seconds).toBeCloseTo(12540, 6);
    expect(week.change_failure_rate).toBeCloseTo(0.4, 12);
  });

  it("a week with no deployment has a row with zero counts and null rates", () => {
    expect(serviceWeek("shop", "2026-01-19")).toMatchObject({
      is_complete: true, deployments: 0, deploy_days: 0, changes_deployed: 0, lead_time_p50_seconds: null, change_failure_rate: null, rework_rate: null,
    });
  });

  it("the week containing as_of is the last row and is incomplete", () => {
    expect(marts.service_weekly.map((row) => [row.week_start, row.is_complete])).toEqual([
      ["2026-01-05", true], ["2026-01-12", true], ["2026-01-19", true], ["2026-01-26", false],
    ]);
    // 9004 on 01-27 ships nothing new: one deployment, no change, CFR 0 / 1
    expect(serviceWeek("shop", "2026-01-26")).toMatchObject({ deployments: 1, deploy_days: 1, changes_deployed: 0, change_failure_rate: 0, lead_time_p50_seconds: null });
  });

  it("the quarter counts every fact in it, the incomplete week included", () => {
    // 8 successful deployments on 6 days; 7 changes as in the weeks; CFR 2 / 8 = 0.25
    expect(marts.service_quarterly).toEqual([
      expect.objectContaining({ quarter_start: "2026-01-01", is_complete: false, deployments: 8, deploy_days: 6, changes_deployed: 7, failed_deployments: 2, change_failure_rate: 0.25 }),
    ]);
  });
});

describe("summary and data quality of the merges-and-deploys scenario", () => {
  it("the 13-week summary covers the complete weeks and gives 2024 levels", () => {
    // 7 deployments on 5 days: 5 / 13 = 0.3846 deploy days a week: at least 3 in 13 weeks → medium
    // lead times [2400, 3600, 4500, 5400, 15600, 71100, 81900]: p50 = 5400 ≤ 1 day → elite
    // p90 at 5.4: 71100 + 0.4 × 10800 = 75420; CFR 2 / 7 = 0.2857 > 20% → low; 2 recovered < 5 → no level
    const row = summary("service", "shop", 13);
    expect(row).toMatchObject({
      window_start: "2025-10-27", window_end: "2026-01-26", report_year: 2024, deployments: 7, deploy_days: 5, changes_deployed: 7,
      lead_time_p50_seconds: 5400, failed_deployments: 2, recovered_deployments: 2,
      deployment_frequency_level: "medium", lead_time_level: "elite", change_failure_rate_level: "low", recovery_level: null,
    });
    expect(row.deploy_days_per_week).toBeCloseTo(5 / 13, 12);
    expect(row.lead_time_p90_seconds).toBeCloseTo(75420, 6);
    expect(row.change_failure_rate).toBeCloseTo(2 / 7, 12);
  });

  it("the 4-week summary carries no levels", () => {
    expect(summary("organisation", "all", 4)).toMatchObject({ window_start: "2025-12-29", deployments: 7, deploy_days_per_week: 1.25, deployment_frequency_level: null });
  });

  it("reports the unknown first deployment, the pending and the unknown change", () => {
    expect(quality("deployments_unknown_contents")).toBe(1);
    expect(quality("changes_pending")).toBe(1);
    expect(quality("changes_unknown")).toBe(1);
    expect(quality("incidents_linked_share")).toBeNull();
  });
});
