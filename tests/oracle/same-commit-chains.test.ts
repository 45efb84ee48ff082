import { describe, expect, it } from "vitest";
import { handMade, martsOf } from "./scenarios.ts";

// demo/scenarios/same-commit-chains.yaml: one service `app`, deployed by workflow runs and through
// GitHub deployments, the same commit several times within minutes; as_of Wednesday 2026-02-04.
const { marts, serviceWeek, incident, deployment, quality } = martsOf(await handMade("same-commit-chains"));
const ids = (from: string, to: string) =>
  marts.deployments.filter((row) => row.finished_at >= from && row.finished_at < to).map((row) => row.deployment_id);

describe("a run and a GitHub deployment of the same commit within 10 minutes count once", () => {
  it("in a chain run, deployment, run, deployment, the nearest pair is taken first, then the next nearest", () => {
    // 102–9102 are 2 minutes apart: taken first; 9101 is then nearest to 101 (4 minutes), although 102
    // (3 minutes) was nearer: both GitHub deployments are twins
    expect(ids("2026-01-06", "2026-01-07")).toEqual(["gh-run:101", "gh-run:102"]);
    expect(serviceWeek("app", "2026-01-05").deployments).toBe(3);
  });

  it("a chain that needs more than 4 rounds of nearest pairs leaves its fifth pair apart", () => {
    // rounds 1–4 take 115–9115, 114–9114, 113–9113, 112–9112; 111–9111 (540 s) would be round 5
    expect(ids("2026-01-13", "2026-01-14")).toEqual(["gh-deploy:9111", "gh-run:111", "gh-run:112", "gh-run:113", "gh-run:114", "gh-run:115"]);
    expect(serviceWeek("app", "2026-01-12").deployments).toBe(6);
  });

  it("of two GitHub deployments equally near a run, the one with the smaller id is its twin", () => {
    // 9121 at 09:55 and 9122 at 10:05, run 121 at 10:00
    expect(ids("2026-01-20", "2026-01-21")).toEqual(["gh-deploy:9122", "gh-run:121"]);
  });

  it("of two runs equally near a GitHub deployment, the one with the smaller deployment id takes it", () => {
    // runs 123 at 09:55 and 124 at 10:05, deployment 9123 at 10:00: 123 takes 9123, so the overrides'
    // exclusion of gh-deploy:9123 excludes run 123 and leaves 124 (had 124 taken it, 123 would remain)
    expect(ids("2026-01-21", "2026-01-22")).toEqual(["gh-run:124"]);
  });

  it("an exclusion naming a run's twin excludes the one deployment they both are, counted once", () => {
    // week of 01-19: runs 121, 124 and deployment 9122 (run 123 excluded with its twin 9123)
    expect(serviceWeek("app", "2026-01-19").deployments).toBe(3);
    expect(marts.deployments.some((row) => row.deployment_id === "gh-run:123" || row.deployment_id === "gh-deploy:9123")).toBe(false);
    expect(quality("overrides_excluded_deployments")).toBe(1);
  });

  it("the run's id, result and times win over its twin's", () => {
    const run = marts.deployments.find((row) => row.deployment_id === "gh-run:102");
    // the deploy job finished 10:07; 9102 finished 10:09
    expect(run).toMatchObject({ source: "github_actions", finished_at: "2026-01-06T10:07:00Z", url: "https://github.com/acme/app/actions/runs/102" });
  });
});

describe("an incident naming either twin names the one deployment they both are", () => {
  it("a custom field naming the GitHub deployment a run took links the incident to the run", () => {
    // PINC001 (01-06 10:30) names gh-deploy:9102, run 102's twin; no resolution deployment, resolved 11:00
    expect(incident("PINC001")).toMatchObject({ caused_by_deployment_id: "gh-run:102", link_method: "custom_field", resolved_by_deployment_id: null, recovery_seconds: 1800 });
    // recovered at 11:00, 53 minutes after the deploy job's 10:07
    expect(deployment("gh-run:102")).toMatchObject({ caused_failure: true, failure_link_method: "custom_field", recovered_at: "2026-01-06T11:00:00Z", recovery_seconds: 3180 });
  });

  it("an override linking an incident to the GitHub deployment a run took links it to the run", () => {
    // PINC005 (01-06 12:00, resolved 12:30) linked to gh-deploy:9101, run 101's twin
    expect(incident("PINC005")).toMatchObject({ caused_by_deployment_id: "gh-run:101", link_method: "override" });
    // recovered at 12:30, 2 h 30 min after run 101's 10:00
    expect(deployment("gh-run:101")).toMatchObject({ caused_failure: true, failure_link_method: "override", recovery_seconds: 9000 });
    expect(quality("overrides_incident_links")).toBe(1);
    // runs 100, 101, 102; failed 101 and 102, recovered after 9000 and 3180 s
    expect(serviceWeek("app", "2026-01-05")).toMatchObject({ deployments: 3, failed_deployments: 2, recovered_deployments: 2, recovery_p50_seconds: (9000 + 3180) / 2 });
  });

  it("a resolved-by note naming a run's twin makes the run the resolution deployment, counted as rework", () => {
    // PINC002 (01-13 10:52): "deployment: gh-deploy:9114" is run 114 (10:49), "resolved-by: gh-deploy:9115" run 115 (11:02:40)
    expect(incident("PINC002")).toMatchObject({
      caused_by_deployment_id: "gh-run:114",
      link_method: "note",
      resolved_by_deployment_id: "gh-run:115",
      restore_seconds: 18 * 60,
      recovery_seconds: 10 * 60 + 40,
    });
    // 11:02:40 − 10:49:00
    expect(deployment("gh-run:114")).toMatchObject({ caused_failure: true, recovered_at: "2026-01-13T11:02:40Z", recovery_seconds: 13 * 60 + 40 });
    expect(deployment("gh-run:115")).toMatchObject({ is_rework: true, caused_failure: false });
  });

  it("a GitHub deployment left apart after 4 rounds is a deployment of its own that references name", () => {
    // PINC003 (01-13 11:30, resolved 12:00) by a change event naming gh-deploy:9111 (10:09)
    expect(incident("PINC003")).toMatchObject({ caused_by_deployment_id: "gh-deploy:9111", link_method: "change_event" });
    expect(deployment("gh-deploy:9111")).toMatchObject({ caused_failure: true, recovery_seconds: 111 * 60 });
    // failed: run 114 and 9111 of 6; recoveries 820 and 6660 s; rework run 115; restores 1080 and 1800 s
    expect(serviceWeek("app", "2026-01-12")).toMatchObject({
      deployments: 6,
      failed_deployments: 2,
      change_failure_rate: 2 / 6,
      recovered_deployments: 2,
      recovery_p50_seconds: (820 + 6660) / 2,
      rework_deployments: 1,
      rework_rate: 1 / 6,
      incidents: 2,
      restored_incidents: 2,
      restore_p50_seconds: (1080 + 1800) / 2,
    });
  });

  it("a reference to the successful GitHub deployment of a failed run names that failure and dangles", () => {
    // run 131 failed at 10:00, its twin 9131 succeeded at 10:03: the run's result wins
    expect(ids("2026-01-26", "2026-01-27")).toEqual(["gh-run:131"]);
    expect(deployment("gh-run:131").result).toBe("failure");
    expect(incident("PINC004")).toMatchObject({ caused_by_deployment_id: null, link_method: null });
    // the only dangling reference: PINC004's gh-deploy:9131; four of the five incidents are linked
    expect(quality("dangling_references")).toBe(1);
    expect(quality("incidents_linked_share")).toBe(4 / 5);
  });
});
