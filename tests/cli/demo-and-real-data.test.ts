import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { loadScenario } from "../../demo/scenario/index.ts";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { withDemoServe } from "../../demo/serve-process.ts";

// A demo run replaces a warehouse file only when nothing but demo runs wrote to it: any ingest, a
// webhook delivery or a runbook record makes the file real for good (docs/guarantees.md).
const SCENARIO = "demo/scenarios/monorepo.yaml";
/** Another organisation, served by `demo serve` as a real API would be. */
const OTHER = "demo/scenarios/edge-cases.yaml";
const CATALOG = "doraform-demo";

let dir: string;
/** The file one demo run made; each test works on its own copy. */
let demoFile: string;

/** The environment of a newcomer: no credentials of any kind. */
function newcomerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["GITHUB_TOKEN", "PAGERDUTY_TOKEN", "JIRA_BASE_URL", "JIRA_API_TOKEN", "GOOGLE_CLOUD_PROJECT", "GITHUB_API_URL", "GITHUB_GRAPHQL_URL", "PAGERDUTY_API_URL"]) delete env[key];
  return env;
}

/** `doraform ARGS` as its own process (asynchronously: a demo server in this process may answer it). */
function doraform(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...newcomerEnv(), ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

const demoRun = (file: string) => doraform(["run", "--scenario", SCENARIO, "--database", file, "--out", path.join(dir, "out")]);

function copyOfDemoFile(name: string): string {
  const file = path.join(dir, `${name}.duckdb`);
  fs.copyFileSync(demoFile, file);
  return file;
}

const bytesOf = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Every raw table's records (as landed JSON, sorted), without the sources' saved state. */
async function rawRecords(file: string): Promise<Record<string, string[]>> {
  const warehouse = await openWarehouse({ file, catalog: CATALOG, readOnly: true });
  try {
    const tables = await warehouse.all<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'airbyte_internal' and table_name like '%_raw__stream_%' order by all",
    );
    const records: Record<string, string[]> = {};
    for (const { table_name } of tables) {
      const rows = await warehouse.all<{ data: string }>(`select _airbyte_data as data from airbyte_internal."${table_name}" order by all`);
      if (rows.length > 0) records[table_name] = rows.map((row) => row.data);
    }
    return records;
  } finally {
    warehouse.close();
  }
}

async function tablesIn(file: string, schema: string): Promise<string[]> {
  const warehouse = await openWarehouse({ file, catalog: CATALOG, readOnly: true });
  try {
    return (await warehouse.all<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = '${schema}' order by all`)).map((t) => t.table_name);
  } finally {
    warehouse.close();
  }
}

/** `webhooks serve` on the file as its own process: lands one generic deployment report, then stops on SIGTERM. */
async function deliverOnce(file: string): Promise<void> {
  const child = spawn(process.execPath, [CLI, "webhooks", "serve", "--port", "0", "--database", file], {
    env: { ...newcomerEnv(), DORAFORM_WEBHOOK_TOKEN: "provenance-token" },
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\/webhooks\//.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`webhooks serve exited ${code}: ${stderr}`)));
  });
  const report = {
    deployment_id: "argocd:web:1",
    service: "web",
    environment: "production",
    commit_sha: "0123abc",
    started_at: "2026-03-03T10:00:00Z",
    finished_at: "2026-03-03T10:05:00Z",
    result: "success",
    source: "argocd",
  };
  const answer = await fetch(`${url}/webhooks/deployments`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer provenance-token" },
    body: JSON.stringify(report),
  });
  expect(answer.status).toBe(202);
  child.kill("SIGTERM");
  await exited;
}

/** A demo run over a real file: one line naming the file and what to do, a non-zero exit, not a byte changed. */
async function expectDemoRunRefused(file: string): Promise<void> {
  const before = bytesOf(file);
  const refused = await demoRun(file);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toBe(
    `doraform: run: ${file} holds real data (an ingest, a webhook delivery or a runbook record wrote to it), so the demo leaves it alone: pass --database with another file for the demo (or set credentials to sync it)\n`,
  );
  expect(bytesOf(file)).toBe(before);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-provenance-"));
  demoFile = path.join(dir, "demo.duckdb");
  const made = await demoRun(demoFile);
  expect(made.code, made.stderr).toBe(0);
}, 600_000);

describe("demo runs and real data in one warehouse file", () => {
  it("a demo run replaces a file that only demo runs wrote to", async () => {
    const file = copyOfDemoFile("again");
    const again = await demoRun(file);
    expect(again.code, again.stderr).toBe(0);
    // replaced, not added to: the same records as the first run's
    expect(await rawRecords(file)).toEqual(await rawRecords(demoFile));
  }, 600_000);

  it("an ingest into a demo file removes the demo's data first, saying so in one line, and syncs as into a new file; after a delivery a demo run refuses", async () => {
    const file = copyOfDemoFile("ingested");
    const fresh = path.join(dir, "fresh.duckdb");
    const { start_date: startDate } = await loadScenario(OTHER);
    await withDemoServe(OTHER, 5, async (env) => {
      const claimed = await doraform(["ingest", "--database", file, "--start-date", startDate], env);
      expect(claimed.code, claimed.stderr).toBe(0);
      expect(claimed.stderr.split("\n").filter((line) => line.includes("demo"))).toEqual([
        `ingest: ${file} held only demo runs' data: removed it (raw rows, saved source state, models) before this first real sync`,
      ]);
      const first = await doraform(["ingest", "--database", fresh, "--start-date", startDate], env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).not.toContain("demo");
    }, { entry: CLI });
    // no demo row, no demo state (which would have skipped the other organisation's runs), no demo model
    expect(await rawRecords(file)).toEqual(await rawRecords(fresh));
    expect(await tablesIn(file, "dora")).toEqual([]);

    await deliverOnce(file);
    const delivered = await rawRecords(file);
    expect(delivered["doraform_raw__stream_deployments"]).toHaveLength(1);
    await expectDemoRunRefused(file);
    expect(await rawRecords(file)).toEqual(delivered);
  }, 600_000);

  it("one webhook delivery makes a demo file real", async () => {
    const file = copyOfDemoFile("delivered");
    await deliverOnce(file);
    await expectDemoRunRefused(file);
    expect(await tablesIn(file, "airbyte_internal")).toContain("_doraform_webhook_deliveries");
  }, 600_000);

  describe("with the demo's PagerDuty API", () => {
    let server: DemoServer;
    beforeAll(async () => {
      server = await startDemoServer(await loadScenario(SCENARIO));
    });
    afterAll(async () => {
      await server.close();
    });

    it("one runbook record makes a demo file real", async () => {
      const org = await loadScenario(SCENARIO);
      const marts = expectedMarts(org);
      const incident = marts.incidents[0]!.incident_id;
      const deployment = marts.deployments.find((d) => d.result === "success")!.deployment_id;
      const file = copyOfDemoFile("runbook");
      const marked = await doraform(["mark-resolution", "--incident", incident, "--deployment", deployment, "--database", file], {
        PAGERDUTY_API_URL: server.env.PAGERDUTY_API_URL!,
        PAGERDUTY_TOKEN: server.env.PAGERDUTY_TOKEN!,
        PAGERDUTY_FROM: "sre@example.com",
      });
      expect(marked.code, marked.stderr).toBe(0);
      await expectDemoRunRefused(file);
    }, 600_000);
  });
});
