import { describe, expect, it } from "vitest";
import { generateOrganisation } from "../../demo/generate/index.ts";
import { expectedMarts, expectedRows } from "../../demo/oracle/index.ts";

// The default demo organisation (seed 1): properties that hold whatever the generator draws.
const org = generateOrganisation({ seed: 1 });
const marts = expectedMarts(org);
const periodRows = [
  ...marts.service_weekly, ...marts.team_weekly, ...marts.org_weekly,
  ...marts.service_quarterly, ...marts.team_quarterly, ...marts.org_quarterly, ...marts.summary,
];

describe("the oracle on the default demo organisation", () => {
  it("gives the same rows for the same organisation", () => {
    expect(expectedMarts(generateOrganisation({ seed: 1 }))).toEqual(marts);
  });

  it("keeps every rate within 0 and 1", () => {
    for (const row of periodRows) {
      for (const rate of [row.change_failure_rate, row.rework_rate]) {
        if (rate === null) continue;
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(1);
      }
    }
    const linked = marts.data_quality.find((row) => row.check_name === "incidents_linked_share")?.value as number;
    expect(linked).toBeGreaterThanOrEqual(0);
    expect(linked).toBeLessThanOrEqual(1);
  });

  it("has no negative durations", () => {
    const durations = [
      ...marts.changes.flatMap((c) => [c.lead_time_seconds, c.coding_seconds, c.review_seconds, c.deploy_wait_seconds]),
      ...marts.incidents.flatMap((i) => [i.restore_seconds, i.recovery_seconds]),
    ].filter((value): value is number => value !== null);
    expect(durations.filter((value) => value < 0)).toEqual([]);
    const negativeRecoveries = marts.deployments.filter((d) => d.recovery_seconds !== null && d.recovery_seconds < 0).length;
    expect(marts.data_quality.find((row) => row.check_name === "negative_recoveries")?.value).toBe(negativeRecoveries);
  });

  it("deploys every deployed change with an existing successful deployment of its service, at its finish", () => {
    const deployments = new Map(marts.deployments.map((d) => [d.deployment_id, d]));
    for (const change of marts.changes.filter((c) => c.status === "deployed")) {
      const deployment = deployments.get(change.deployment_id as string);
      expect(deployment, change.change_id).toMatchObject({ result: "success", service: change.service, finished_at: change.deployed_at });
    }
    const shipped = marts.deployments.reduce((sum, d) => sum + d.changes, 0);
    expect(shipped).toBe(marts.changes.filter((c) => c.status === "deployed").length);
  });

  it("links incidents only to successful deployments marked as failed", () => {
    const deployments = new Map(marts.deployments.map((d) => [d.deployment_id, d]));
    for (const incident of marts.incidents.filter((i) => i.caused_by_deployment_id !== null)) {
      expect(deployments.get(incident.caused_by_deployment_id as string)).toMatchObject({ result: "success", caused_failure: true });
    }
  });

  it("adds up service weeks to organisation weeks for counts, and counts a quarter's deployments from the facts", () => {
    const counts = ["deployments", "changes_deployed", "failed_deployments", "incidents", "restored_incidents", "rework_deployments"] as const;
    for (const week of marts.org_weekly) {
      const services = marts.service_weekly.filter((row) => row.week_start === week.week_start);
      for (const count of counts) expect(services.reduce((sum, row) => sum + row[count], 0), `${week.week_start} ${count}`).toBe(week[count]);
    }
    for (const quarter of marts.org_quarterly) {
      const next = new Date(`${quarter.quarter_start}T00:00:00Z`);
      next.setUTCMonth(next.getUTCMonth() + 3);
      const inQuarter = marts.deployments.filter(
        (d) => d.result === "success" && d.finished_at >= `${quarter.quarter_start}T00:00:00Z` && d.finished_at < next.toISOString(),
      );
      expect(quarter.deployments).toBe(inQuarter.length);
    }
  });

  it("has one row per key in every mart", () => {
    const keys: Record<string, (row: Record<string, unknown>) => string> = {
      deployments: (r) => String(r.deployment_id),
      changes: (r) => String(r.change_id),
      incidents: (r) => String(r.incident_id),
      service_weekly: (r) => `${r.week_start} ${r.service}`,
      team_weekly: (r) => `${r.week_start} ${r.team}`,
      org_weekly: (r) => String(r.week_start),
      summary: (r) => `${r.scope} ${r.name} ${r.window_weeks}`,
      data_quality: (r) => String(r.check_name),
    };
    const rows = expectedRows(org);
    for (const [table, key] of Object.entries(keys)) {
      const values = rows.filter((row) => row.table === table).map(key);
      expect(new Set(values).size, table).toBe(values.length);
    }
  });
});
