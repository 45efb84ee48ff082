import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateOrganisation } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { CATALOG, DATASET, demoServers, expectSameRecords, ingestConfig, latestRecords, temporaryDatabase } from "./demo-harness.ts";
import { ingestProcess } from "./ingest-process.ts";

const serve = demoServers();

const org = generateOrganisation({ seed: 5, services: 2, weeks: 10, incidentsPerWeek: 1.5 });
const EARLY = org.start_date;
const LATE = new Date(Date.parse(org.start_date) + 35 * 86_400_000).toISOString().slice(0, 10);

/** The organisation's ingest settings without a start date (the command line gives it), four requests at once. */
function configFile(): string {
  const { github, pagerduty } = ingestConfig(org);
  const { start_date: _github, ...githubRest } = github;
  const { start_date: _pagerduty, ...pagerdutyRest } = pagerduty;
  const file = join(mkdtempSync(join(tmpdir(), "doraform-backfill-")), "ingest.json");
  writeFileSync(file, JSON.stringify({ github: { ...githubRest, concurrency: 4 }, pagerduty: { ...pagerdutyRest, concurrency: 4 } }));
  return file;
}

/** The deploy runs the organisation holds (the demo's catalog names every deploy workflow), as id → created_at. */
function deployRuns(organisation: Organisation): Map<string, string> {
  const runs = new Map<string, string>();
  for (const service of organisation.services) {
    const repo = organisation.repositories.find((candidate) => candidate.full_name === service.repository)!;
    const ids = new Set(repo.workflows.filter((workflow) => service.deploy_workflows.includes(workflow.path)).map((workflow) => workflow.id));
    for (const run of repo.workflow_runs) if (ids.has(run.workflow_id)) runs.set(String(run.id), run.created_at);
  }
  return runs;
}

/** Every raw row of a stream: its record and whether it was landed after `after`. */
async function rawRows(file: string, table: string, after = new Date(0)): Promise<Array<Record<string, unknown>>> {
  const warehouse = await openWarehouse({ file, catalog: CATALOG, readOnly: true });
  try {
    const rows = await warehouse.all<{ data: string }>(
      `SELECT _airbyte_data AS data FROM ${DATASET}."${table}" WHERE _airbyte_extracted_at > '${after.toISOString()}'::TIMESTAMPTZ`,
    );
    return rows.map((row) => JSON.parse(row.data) as Record<string, unknown>);
  } finally {
    warehouse.close();
  }
}

const earliest = (values: string[]) => values.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
const latest = (values: string[]) => values.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));

describe("an earlier --start-date than the landed range", () => {
  it("lands the missing days before it, and reads nothing already landed again", async () => {
    const server = await serve(org);
    const file = temporaryDatabase();
    const config = configFile();
    const first = await ingestProcess(["--database", file, "--config", config, "--start-date", LATE], server.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).not.toContain("backfilling");
    const between = new Date();
    const firstIncidents = await rawRows(file, "pagerduty_raw__stream_incidents");
    const firstOpen = firstIncidents.filter((incident) => incident.status !== "resolved").map((incident) => incident.id);
    server.resetCounts();

    const second = await ingestProcess(["--database", file, "--config", config, "--start-date", EARLY], server.env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`github: backfilling ${EARLY}..${LATE} before the landed range\n`);
    expect(second.stderr).toContain(`pagerduty: backfilling ${EARLY}..${LATE} before the landed range\n`);

    // the earlier days are landed: the earliest run and incident are the organisation's earliest
    const runs = deployRuns(org);
    const landedRuns = await rawRows(file, "github_raw__stream_workflow_runs");
    expect(earliest(landedRuns.map((run) => run.created_at as string))).toBe(earliest([...runs.values()]));
    const landedIncidents = await rawRows(file, "pagerduty_raw__stream_incidents");
    expect(earliest(landedIncidents.map((incident) => incident.created_at as string))).toBe(earliest(org.pagerduty.incidents.map((incident) => incident.created_at)));

    // the second sync landed each run of the missing days once, and no run of the landed range
    const before = (iso: string) => Date.parse(iso) < Date.parse(LATE);
    const secondRuns = (await rawRows(file, "github_raw__stream_workflow_runs", between)).map((run) => String(run.id)).sort();
    expect(secondRuns).toEqual([...runs].filter(([, created]) => before(created)).map(([id]) => id).sort());
    // nor any deployment created, or pull request updated, since the landed range began
    const secondDeployments = await rawRows(file, "github_raw__stream_deployments", between);
    const secondPulls = await rawRows(file, "github_raw__stream_pull_requests", between);
    expect(secondDeployments.length * secondPulls.length).toBeGreaterThan(0);
    expect(secondDeployments.filter((deployment) => !before(deployment.created_at as string))).toEqual([]);
    expect(secondPulls.filter((pull) => !before(pull.updated_at as string))).toEqual([]);
    // jobs were asked only for those runs
    const secondJobRuns = new Set((await rawRows(file, "github_raw__stream_workflow_jobs", between)).map((job) => String(job.run_id)));
    expect([...secondJobRuns].every((id) => before(runs.get(id)!))).toBe(true);
    // (a run with one attempt has its jobs read by GraphQL: REST is asked only for re-run runs')
    const reRun = new Set(org.repositories.flatMap((repo) => repo.workflow_runs.filter((run) => run.attempts.length > 1).map((run) => String(run.id))));
    expect(server.requestCounts()["GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs"]).toBe([...secondJobRuns].filter((id) => reRun.has(id)).length);

    // incidents: those of the missing days, and those still open at the last sync (every sync visits them)
    const secondIncidents = (await rawRows(file, "pagerduty_raw__stream_incidents", between)).map((incident) => incident.id as string).sort();
    const missing = org.pagerduty.incidents.filter((incident) => before(incident.created_at)).map((incident) => incident.id);
    expect(secondIncidents).toEqual([...new Set([...missing, ...firstOpen])].sort());
    // their log entries, each once, from the account's log; only an incident open since before the 14 days
    // the cursor looks back is asked for its own log
    const secondEntries = await rawRows(file, "pagerduty_raw__stream_incident_log_entries", between);
    expect([...new Set(secondEntries.map((entry) => (entry.incident as { id: string }).id))].sort()).toEqual(secondIncidents);
    expect(new Set(secondEntries.map((entry) => entry.id)).size).toBe(secondEntries.length);
    const lookedBack = Date.parse(latest(firstIncidents.map((incident) => incident.created_at as string))) - 14 * 86_400_000;
    const openBefore = firstIncidents.filter((incident) => incident.status !== "resolved" && Date.parse(incident.created_at as string) < lookedBack);
    expect(server.requestCounts()["GET /incidents/{id}/log_entries"] ?? 0).toBe(openBefore.length);

    // what the two syncs landed is what one sync from the earlier date lands
    const reference = temporaryDatabase();
    const whole = await ingestProcess(["--database", reference, "--config", config, "--start-date", EARLY], server.env);
    expect(whole.code, whole.stderr).toBe(0);
    await expectSameRecords(file, reference, " (two syncs against one)");
  });

  it("a later start date removes nothing and reads on from the saved state", async () => {
    const server = await serve(org);
    const file = temporaryDatabase();
    const config = configFile();
    expect((await ingestProcess(["--database", file, "--config", config, "--start-date", EARLY], server.env)).code).toBe(0);
    const landed = await latestRecords(file);
    server.resetCounts();
    const later = await ingestProcess(["--database", file, "--config", config, "--start-date", LATE], server.env);
    expect(later.code, later.stderr).toBe(0);
    expect(later.stderr).not.toContain("backfilling");
    expect(await latestRecords(file)).toEqual(landed);
    // nothing changed upstream: no run's jobs are read
    expect(server.requestCounts()["GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs"] ?? 0).toBe(0);
  });
});

describe("doraform ingest --reset-state", () => {
  it("makes the named source start over from the start date, keeping the landed rows", async () => {
    const server = await serve(org);
    const file = temporaryDatabase();
    const config = configFile();
    expect((await ingestProcess(["--database", file, "--config", config, "--start-date", LATE], server.env)).code).toBe(0);
    const landedRuns = await rawRows(file, "github_raw__stream_workflow_runs");
    const landedIncidents = await rawRows(file, "pagerduty_raw__stream_incidents");
    const between = new Date();

    const reset = await ingestProcess(["--database", file, "--config", config, "--start-date", EARLY, "--reset-state", "github"], server.env);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stderr).toContain("github: saved state reset: this sync reads from the start date as a first sync does; landed rows stay\n");
    expect(reset.stderr).not.toContain("github: backfilling");
    // github read every deploy run again, from the start date; the rows of the first sync are still there
    const again = await rawRows(file, "github_raw__stream_workflow_runs", between);
    expect(again.map((run) => String(run.id)).sort()).toEqual([...deployRuns(org).keys()].sort());
    expect((await rawRows(file, "github_raw__stream_workflow_runs")).length).toBe(landedRuns.length + again.length);
    // pagerduty kept its state: it backfilled only the missing days
    expect(reset.stderr).toContain(`pagerduty: backfilling ${EARLY}..${LATE} before the landed range\n`);
    expect((await rawRows(file, "pagerduty_raw__stream_incidents")).length).toBeGreaterThan(landedIncidents.length);
  });

  it("refuses a source this ingest does not sync, naming it", async () => {
    const server = await serve(org);
    const run = await ingestProcess(["pagerduty", "--database", temporaryDatabase(), "--reset-state", "github"], server.env);
    expect(run.code).toBe(1);
    expect(run.lastLine).toBe('doraform: --reset-state: "github" is not a source this ingest syncs (pagerduty)');
  });
});
