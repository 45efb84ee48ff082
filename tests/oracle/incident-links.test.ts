import { describe, expect, it } from "vitest";
import { handMade, martsOf } from "./scenarios.ts";

// demo/scenarios/incident-links.yaml: service `pay`, runs 201–211 in the week of 2026-02-02
// (203 failed), window rule on at 2 h, as_of Wednesday 2026-02-11.
const { marts, deployment, incident, serviceWeek, summary, quality } = martsOf(await handMade("incident-links"));

describe("incident links of the incident-links scenario", () => {
  it("the custom field wins over a note naming another deployment", () => {
    // 12:30 → 13:00 = 1800 s; no resolution deployment, so recovery = resolved_at
    expect(incident("PINC001")).toMatchObject({
      caused_by_deployment_id: "gh-run:202", link_method: "custom_field", restore_seconds: 1800, recovery_seconds: 1800, resolved_by_deployment_id: null,
    });
  });

  it("a reference to a failed run does not link, and the next rule (a run URL in a note) does", () => {
    expect(incident("PINC002")).toMatchObject({ caused_by_deployment_id: "gh-run:204", link_method: "note", restore_seconds: 3600 });
  });

  it("a change event links; a reopened incident is resolved at its last resolve; a resolved-by note names the fix", () => {
    // resolved 11:00, reopened, resolved 17:00: restore 10:30 → 17:00 = 23400
    // fix run 206 finished 16:00: recovery 10:30 → 16:00 = 19800
    expect(incident("PINC003")).toMatchObject({
      caused_by_deployment_id: "gh-run:205", link_method: "change_event", resolved_at: "2026-02-03T17:00:00Z",
      restore_seconds: 23400, resolved_by_deployment_id: "gh-run:206", recovery_seconds: 19800,
    });
  });

  it("the window rule links an incident with no reference to the deployment finished within 2 hours before", () => {
    // run 206 finished 16:00, the incident started 16:30
    expect(incident("PINC004")).toMatchObject({ caused_by_deployment_id: "gh-run:206", link_method: "window" });
  });

  it("a hotfix revert resolving the incident links it to the deployment that shipped the reverted pull request", () => {
    // #12 (branch hotfix/PINC005) reverts #11; #11 shipped with 207; fix 208 at 10:30: recovery 09:30 → 10:30 = 3600
    // restore 09:30 → 10:45 = 4500
    expect(incident("PINC005")).toMatchObject({
      caused_by_deployment_id: "gh-run:207", link_method: "revert", resolved_by_deployment_id: "gh-run:208", recovery_seconds: 3600, restore_seconds: 4500,
    });
  });

  it("an override wins over every rule; a hotfix pull request naming the incident is its resolution", () => {
    // #13 (label hotfix, body "Fixes PINC006") shipped by 209 at 09:40: recovery 08:30 → 09:40 = 4200; restore → 10:00 = 5400
    expect(incident("PINC006")).toMatchObject({
      caused_by_deployment_id: "gh-run:201", link_method: "override", resolved_by_deployment_id: "gh-run:209", recovery_seconds: 4200, restore_seconds: 5400,
    });
  });

  it("an open incident links by its title and has no restore or recovery time", () => {
    expect(incident("PINC007")).toMatchObject({ caused_by_deployment_id: "gh-run:211", link_method: "note", resolved_at: null, restore_seconds: null, recovery_seconds: null });
  });

  it("leaves out merged incidents and incidents of unmapped services; keeps one marked not caused by a change, unlinked", () => {
    expect(marts.incidents.map((row) => row.incident_id)).toEqual(["PINC001", "PINC002", "PINC003", "PINC004", "PINC005", "PINC006", "PINC007", "PINC009"]);
    expect(incident("PINC009")).toMatchObject({ caused_by_deployment_id: null, link_method: null, restore_seconds: 1800 });
  });
});

describe("failed deployments of the incident-links scenario", () => {
  it("each linked deployment failed once, with its link method and the latest recovery among its failures", () => {
    // 201: recovered when PINC006's fix shipped: 02-05 09:40 − 02-02 09:00 = 3 d 40 min = 261600
    // 202: 13:00 − 12:00 = 3600; 204: 16:30 − 15:00 = 5400; 205: PINC003's fix at 16:00 − 10:00 = 21600
    // 206: PINC004 resolved 17:30 − 16:00 = 5400; 207: the revert shipped 10:30 − 09:00 = 5400
    const failed = marts.deployments
      .filter((row) => row.caused_failure)
      .map((row) => [row.deployment_id, row.failure_link_method, row.recovery_seconds]);
    expect(failed).toEqual([
      ["gh-run:201", "override", 261600],
      ["gh-run:202", "custom_field", 3600],
      ["gh-run:204", "note", 5400],
      ["gh-run:205", "change_event", 21600],
      ["gh-run:206", "window", 5400],
      ["gh-run:207", "revert", 5400],
      ["gh-run:211", "note", null],
    ]);
  });

  it("recovery is pending while an incident is open", () => {
    expect(deployment("gh-run:211")).toMatchObject({ recovered_at: null, recovery_seconds: null });
  });

  it("resolution deployments are rework, whatever else they did", () => {
    expect(marts.deployments.filter((row) => row.is_rework).map((row) => row.deployment_id)).toEqual(["gh-run:206", "gh-run:208", "gh-run:209"]);
  });

  it("the deploy job defaults to the run's last job to complete", () => {
    // run 202: deploy finished 11:55, smoke-test 12:00
    expect(deployment("gh-run:202").finished_at).toBe("2026-02-02T12:00:00Z");
  });
});

describe("weekly, summary and data quality of the incident-links scenario", () => {
  it("the week counts each failed deployment once and every incident by its start", () => {
    // 10 successful deployments on 5 days; lead times [1800, 2400, 3600 ×5, 7200, 7200]: p50 3600, p90 at 7.2 = 7200
    // CFR 7 / 10; recoveries [3600, 5400, 5400, 5400, 21600, 261600]: p50 = 5400
    // restores [1800, 1800, 3600, 3600, 4500, 5400, 23400]: p50 3600, mean 44100 / 7 = 6300; rework 3 / 10
    const week = serviceWeek("pay", "2026-02-02");
    expect(week).toMatchObject({
      is_complete: true, deployments: 10, deploy_days: 5, changes_deployed: 9, lead_time_p50_seconds: 3600, lead_time_p90_seconds: 7200,
      failed_deployments: 7, recovered_deployments: 6, recovery_p50_seconds: 5400, incidents: 8, restored_incidents: 7,
      restore_p50_seconds: 3600, rework_deployments: 3,
    });
    expect(week.change_failure_rate).toBeCloseTo(0.7, 12);
    expect(week.restore_mean_seconds).toBeCloseTo(6300, 9);
    expect(week.rework_rate).toBeCloseTo(0.3, 12);
    expect(serviceWeek("pay", "2026-02-09")).toMatchObject({ is_complete: false, deployments: 0, incidents: 0 });
  });

  it("the 13-week summary gives a recovery level once six deployments have recovered", () => {
    // recovery p50 5400 s: more than an hour, at most a day → high (2024); CFR 0.7 → low; 5 / 13 deploy days a week → medium
    expect(summary("organisation", "all", 13)).toMatchObject({
      recovered_deployments: 6, recovery_p50_seconds: 5400, recovery_level: "high", change_failure_rate_level: "low",
      deployment_frequency_level: "medium", lead_time_level: "elite",
    });
  });

  it("reports the share linked, the dangling reference, the unmapped incident and the overrides applied", () => {
    // 7 of 8 incidents linked; gh-run:203 is a failed run; PINC008's reference is not counted (merged away)
    expect(quality("incidents_linked_share")).toBeCloseTo(7 / 8, 12);
    expect(quality("dangling_references")).toBe(1);
    expect(quality("incidents_unmapped")).toBe(1);
    expect(quality("overrides_incident_links")).toBe(1);
    expect(quality("overrides_not_caused_by_change")).toBe(1);
  });
});
