import { describe, expect, it } from "vitest";
import type { Organisation } from "../../demo/model/organisation.ts";
import { demoServers, latestRecords, syncDemo, temporaryDatabase } from "./demo-harness.ts";
import { smallOrganisation } from "./fixtures/small-org.ts";

const serve = demoServers();

/** The hand-made organisation with an incident still open long after it started, and a later one. */
function withOldOpenIncident(): Organisation {
  const org = smallOrganisation();
  const open = org.pagerduty.incidents.find((incident) => incident.id === "Q2INC")!;
  open.created_at = "2026-03-05T08:00:00Z";
  org.pagerduty.incidents.push({
    id: "Q3INC", incident_number: 3, title: "Later", description: "", service_id: "PAPI001", urgency: "low",
    created_at: "2026-03-30T08:00:00Z", status_changes: [{ type: "resolve", at: "2026-03-30T09:00:00Z" }],
    notes: [], custom_fields: { deployment_id: null }, related_change_event_ids: [],
  });
  return org;
}

describe("a later sync", () => {
  it("picks up a re-run of a deploy run and the resolution of an incident opened weeks before its cursor", async () => {
    const before = withOldOpenIncident();
    const file = temporaryDatabase();
    await syncDemo(await serve(before), before, file);
    const first = await latestRecords(file);
    expect(JSON.parse(first.incidents!.get("Q2INC")!).status).toBe("triggered");

    // since then: run 104 was re-run (a second attempt), and the old incident was resolved
    const after = withOldOpenIncident();
    const run = after.repositories[0]!.workflow_runs.find((r) => r.id === 104)!;
    run.attempts.push({
      run_attempt: 2, run_started_at: "2026-03-31T07:00:00Z", conclusion: "success", completed_at: "2026-03-31T07:20:00Z",
      jobs: [
        { id: 1043, name: "build", started_at: "2026-03-31T07:00:00Z", completed_at: "2026-03-31T07:05:00Z", conclusion: "success" },
        { id: 1044, name: "deploy", started_at: "2026-03-31T07:05:00Z", completed_at: "2026-03-31T07:20:00Z", conclusion: "success" },
      ],
    });
    after.pagerduty.incidents.find((incident) => incident.id === "Q2INC")!.status_changes.push({ type: "resolve", at: "2026-03-31T08:00:00Z" });
    const server = await serve(after);
    await syncDemo(server, after, file);
    const second = await latestRecords(file);

    expect(JSON.parse(second.workflow_runs!.get("104")!).run_attempt).toBe(2);
    expect(JSON.parse(second.workflow_jobs!.get("1044")!)).toMatchObject({ run_id: 104, run_attempt: 2, conclusion: "success" });
    expect(JSON.parse(second.incidents!.get("Q2INC")!)).toMatchObject({ status: "resolved", resolved_at: "2026-03-31T08:00:00Z" });
    const resolves = [...second.incident_log_entries!.values()].map((data) => JSON.parse(data)).filter((entry) => entry.incident.id === "Q2INC" && entry.type === "resolve_log_entry");
    expect(resolves).toHaveLength(1);
    // only the re-run run's jobs were read again, and no deployment pair was compared twice
    expect(server.requestCounts()["GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs"]).toBe(1);
    expect(server.requestCounts()["GET /repos/{owner}/{repo}/compare/{basehead}"] ?? 0).toBe(0);
    expect(second.deployment_commits!.size).toBe(first.deployment_commits!.size);
  });
});
