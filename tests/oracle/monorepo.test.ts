import { describe, expect, it } from "vitest";
import { handMade, martsOf, sha } from "./scenarios.ts";

// demo/scenarios/monorepo.yaml: acme/mono holds `web` (team front) and `worker` (team back);
// report year 2023, minimum sample 3, as_of Wednesday 2026-03-04 (week of 02-23 complete).
const { marts, deployment, change, summary, quality } = martsOf(await handMade("monorepo"));

describe("deployments and changes in a monorepo", () => {
  it("a run of a workflow both services deploy with is one deployment per service", () => {
    expect(marts.deployments.map((row) => row.deployment_id)).toEqual([
      "gh-run:301/web", "gh-run:301/worker", "gh-run:302/web", "gh-run:303/worker", "gh-run:304/web", "gh-run:305/web",
    ]);
    expect(deployment("gh-run:301/worker")).toMatchObject({ service: "worker", team: "back", is_first_observed: true });
  });

  it("a deployment ships only its own service's changes", () => {
    // run 302 (web) and run 303 (worker) deploy the same commit d23
    expect(deployment("gh-run:302/web").changes).toBe(2); // #21, #22 for web
    expect(deployment("gh-run:303/worker").changes).toBe(2); // #22 for worker, d23
  });

  it("a pull request touching both services is a change of each, deployed by each service's deployment", () => {
    // #22: first commit 12:00; web deployed 14:00 → 7200; worker deployed 15:00 → 10800
    expect(change("gh-pr:acme/mono#22/web")).toMatchObject({ deployment_id: "gh-run:302/web", lead_time_seconds: 7200 });
    expect(change("gh-pr:acme/mono#22/worker")).toMatchObject({ deployment_id: "gh-run:303/worker", lead_time_seconds: 10800, deploy_wait_seconds: 7200 });
  });

  it("a direct push belongs to the service whose path it touches", () => {
    // d23: authored 13:30, committed 13:40, shipped 15:00: lead 5400, wait 4800
    expect(change(`gh-commit:acme/mono@${sha("d23")}/worker`)).toMatchObject({ service: "worker", lead_time_seconds: 5400, deploy_wait_seconds: 4800 });
    expect(marts.changes.some((row) => row.change_id === `gh-commit:acme/mono@${sha("d23")}/web`)).toBe(false);
  });

  it("leaves out bot pull requests, pull requests with an excluded label and excluded deployments", () => {
    expect(marts.changes.map((row) => row.change_id)).toEqual([
      `gh-commit:acme/mono@${sha("d23")}/worker`,
      "gh-pr:acme/mono#21/web", "gh-pr:acme/mono#22/web", "gh-pr:acme/mono#22/worker",
      "gh-pr:acme/mono#24/web", "gh-pr:acme/mono#25/web", "gh-pr:acme/mono#26/worker",
    ]);
    expect(change("gh-pr:acme/mono#26/worker").status).toBe("pending");
    expect(quality("overrides_excluded_deployments")).toBe(1);
    expect(quality("overrides_excluded_pull_requests")).toBe(1);
  });

  it("a run URL in a monorepo incident's note means that run's deployment for the incident's service", () => {
    expect(marts.incidents.map((row) => [row.incident_id, row.caused_by_deployment_id, row.link_method])).toEqual([
      ["IW1", "gh-run:303/worker", "custom_field"],
      ["IW2", "gh-run:304/web", "note"],
    ]);
  });
});

describe("service, team and organisation rows of the monorepo", () => {
  it("each service's week is computed from its own rows", () => {
    // web: lead times [3600, 7200, 7200, 14400]: p50 7200, p90 at 2.7: 7200 + 0.7 × 7200 = 12240; CFR 1 / 4
    // worker: [5400, 10800]: p50 8100, p90 at 0.9: 5400 + 0.9 × 5400 = 10260; CFR 1 / 2
    const week = (service: string) => marts.service_weekly.find((row) => row.service === service && row.week_start === "2026-02-23");
    expect(week("web")).toMatchObject({ team: "front", deployments: 4, deploy_days: 3, changes_deployed: 4, lead_time_p50_seconds: 7200, change_failure_rate: 0.25, recovery_p50_seconds: 3600 });
    expect(week("web")?.lead_time_p90_seconds).toBeCloseTo(12240, 6);
    expect(week("worker")).toMatchObject({ team: "back", deployments: 2, deploy_days: 1, lead_time_p50_seconds: 8100, change_failure_rate: 0.5, recovery_p50_seconds: 7200 });
    expect(week("worker")?.lead_time_p90_seconds).toBeCloseTo(10260, 6);
  });

  it("the organisation's week pools every row: a median of all changes, distinct deploy days", () => {
    // deploy days 02-23, 02-24, 02-25 = 3 (not 3 + 1); lead times [3600, 5400, 7200, 7200, 10800, 14400]:
    // p50 7200 (not the median of medians 7650); p90 at 4.5: 10800 + 0.5 × 3600 = 12600
    // recoveries [3600, 7200]: p50 5400; restores [1800, 3600]: p50 = mean = 2700
    const week = marts.org_weekly.find((row) => row.week_start === "2026-02-23");
    expect(week).toMatchObject({ deployments: 6, deploy_days: 3, changes_deployed: 6, lead_time_p50_seconds: 7200, failed_deployments: 2, recovery_p50_seconds: 5400, restore_p50_seconds: 2700, restore_mean_seconds: 2700 });
    expect(week?.lead_time_p90_seconds).toBeCloseTo(12600, 6);
    expect(week?.change_failure_rate).toBeCloseTo(1 / 3, 12);
  });

  it("team rows follow their services' teams", () => {
    expect(marts.team_weekly.map((row) => [row.week_start, row.team, row.deployments])).toEqual([
      ["2026-02-23", "back", 2], ["2026-02-23", "front", 4], ["2026-03-02", "back", 0], ["2026-03-02", "front", 0],
    ]);
  });

  it("the quarter is computed from the facts and is incomplete while it contains as_of", () => {
    expect(marts.org_quarterly).toHaveLength(1);
    expect(marts.org_quarterly[0]).toMatchObject({ quarter_start: "2026-01-01", is_complete: false, deployments: 6, lead_time_p50_seconds: 7200 });
  });
});

describe("levels of the monorepo (2023, minimum sample 3)", () => {
  it("three deploy days in 13 weeks meet medium's bound exactly: bounds are inclusive", () => {
    // 3 / 13 deploy days a week = medium's bound; lead p50 7200 ≤ 1 day → elite; CFR 0.25 > 15% → low; 1 recovered < 3 → none
    expect(summary("service", "web", 13)).toMatchObject({
      report_year: 2023, deploy_days: 3, deployment_frequency_level: "medium", lead_time_level: "elite", change_failure_rate_level: "low", recovery_level: null,
    });
  });

  it("no level where the sample is below the minimum", () => {
    expect(summary("service", "worker", 13)).toMatchObject({
      deployments: 2, changes_deployed: 2, deployment_frequency_level: null, lead_time_level: null, change_failure_rate_level: null, recovery_level: null,
    });
  });

  it("the organisation and teams are classified from their own pooled values", () => {
    // organisation: 6 deployments, CFR 2 / 6 > 15% → low; lead p50 7200 → elite
    expect(summary("organisation", "all", 13)).toMatchObject({ deployment_frequency_level: "medium", lead_time_level: "elite", change_failure_rate_level: "low" });
    expect(summary("team", "front", 13).deployment_frequency_level).toBe("medium");
    expect(summary("team", "back", 13).deployment_frequency_level).toBeNull();
  });
});
