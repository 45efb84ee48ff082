import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { loadScenario } from "../../demo/scenario/index.ts";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { projectSettings } from "../../ingest/load/raw-table.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { holdFile, type HeldFile } from "../helpers/hold-file.ts";
import { startStub } from "../ingest/stub-server.ts";
import { failures, runModels } from "../../demo/warehouse/run-models.ts";

// The warehouse holds the marts of demo/scenarios/same-commit-chains.yaml, whose header works out by
// hand which deployments exist: runs 102 and 115 deployed (gh-run:102, gh-run:115), and GitHub
// deployment 9102 is run 102's twin, so gh-deploy:9102 names gh-run:102 (docs/metrics.md decision 53).
// Incidents PINC002, PINC003 and PINC005 have an empty deployment_id custom field; PINC004's says
// gh-deploy:9131. Each test uses its own incident, so none depends on another's order.
const run = promisify(execFile);
let server: DemoServer;
let database: string;
/** The demo PagerDuty API behind a loopback proxy that keeps every request it forwards; `beforeWrite` runs before a write is forwarded. */
let pagerduty: Awaited<ReturnType<typeof startStub>>;
let beforeWrite: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const org = await loadScenario("demo/scenarios/same-commit-chains.yaml");
  server = await startDemoServer(org);
  const built = await runModels(org);
  expect(failures(built.result)).toEqual([]);
  database = built.database;
  pagerduty = await startStub(async (request, response) => {
    if (request.method !== "GET") await beforeWrite?.();
    const headers = Object.fromEntries(["authorization", "accept", "content-type", "from"].flatMap((name) => (request.headers[name] ? [[name, String(request.headers[name])]] : [])));
    const answer = await fetch(`${server.env.PAGERDUTY_API_URL}${request.url}`, { method: request.method, headers, body: request.method === "GET" ? undefined : request.body });
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(await answer.text());
  });
}, 180_000);
afterAll(async () => {
  await pagerduty?.close();
  await server?.close();
});

/** The real CLI, as an SRE runs it. */
const doraform = (args: string[], options: { env?: Record<string, string>; database?: string } = {}) =>
  run("node", [CLI, ...args, "--database", options.database ?? database], {
    env: { PATH: process.env.PATH, PAGERDUTY_API_URL: pagerduty.url, PAGERDUTY_TOKEN: server.env.PAGERDUTY_TOKEN, PAGERDUTY_FROM: "sre@example.com", ...options.env },
  });

const failure = (args: string[], options: Parameters<typeof doraform>[1] = {}) =>
  doraform(args, options).then(
    (done) => expect.fail(`expected a failure, got ${JSON.stringify(done)}`),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );

/** A command that finds the warehouse file held gives up at once instead of waiting for it. */
const NO_WAIT = { DORAFORM_LOCK_TIMEOUT: "0" };

/** The writes PagerDuty received for an incident. */
const writesTo = (incident: string) => pagerduty.requests.filter((r) => r.method !== "GET" && r.url.startsWith(`/incidents/${incident}/`)).map((r) => `${r.method} ${r.url}`);

const pd = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${server.env.PAGERDUTY_API_URL}${path}`, { headers: { authorization: `Token token=${server.env.PAGERDUTY_TOKEN}` } });
  return (await response.json()) as T;
};
const notesOf = async (incident: string) => (await pd<{ notes: Array<{ content: string }> }>(`/incidents/${incident}/notes`)).notes.map((n) => n.content);
const deploymentFieldOf = async (incident: string) =>
  (await pd<{ custom_fields: Array<{ name: string; value: string | null }> }>(`/incidents/${incident}/custom_fields/values`)).custom_fields.find((f) => f.name === "deployment_id")?.value;

/** The runbook's records for an incident, as [incident, deployment] pairs. */
async function rows(stream: string, incident: string, file = database): Promise<string[][]> {
  const warehouse = await openWarehouse({ file, catalog: projectSettings().project, readOnly: true });
  try {
    const tables = await warehouse.all(`SELECT 1 FROM information_schema.tables WHERE table_name = 'doraform_raw__stream_${stream}'`);
    if (tables.length === 0) return [];
    const found = await warehouse.all<{ _airbyte_data: string }>(`SELECT _airbyte_data FROM airbyte_internal.doraform_raw__stream_${stream}`);
    return found.map((r) => JSON.parse(r._airbyte_data) as Record<string, string>).filter((r) => r.incident_id === incident).map((r) => [r.incident_id!, r.deployment_id!]);
  } finally {
    warehouse.close();
  }
}

/** A copy of the built warehouse, for a test that locks it. */
function copyOfWarehouse(): string {
  const copy = join(mkdtempSync(join(tmpdir(), "doraform-runbook-")), "warehouse.duckdb");
  copyFileSync(database, copy);
  return copy;
}

describe("doraform mark-resolution", () => {
  it("adds the note resolved-by: <deployment> once even when run twice, and records the resolution once", async () => {
    const first = await doraform(["mark-resolution", "--incident", "PINC002", "--deployment", "gh-run:115"]);
    expect(first.stdout).toBe(`incident PINC002: added note "resolved-by: gh-run:115"\nwarehouse: recorded resolution of PINC002 by gh-run:115\n`);
    const second = await doraform(["mark-resolution", "--incident", "PINC002", "--deployment", "gh-run:115"]);
    expect(second.stdout).toBe(`incident PINC002: note already there "resolved-by: gh-run:115"\nwarehouse: already recorded resolution of PINC002 by gh-run:115\n`);
    expect((await notesOf("PINC002")).filter((n) => n === "resolved-by: gh-run:115")).toHaveLength(1);
    expect(await rows("resolutions", "PINC002")).toEqual([["PINC002", "gh-run:115"]]);
  }, 60_000);

  it("refuses a deployment the warehouse does not have in one line, before writing anything", async () => {
    const notes = await notesOf("PINC003");
    expect(await failure(["mark-resolution", "--incident", "PINC003", "--deployment", "does-not-exist"])).toEqual({
      code: 1,
      stderr:
        "doraform: nothing was recorded: deployment does-not-exist is not in the warehouse's deployments (built as of 2026-02-04): check the id, run `doraform ingest` and `doraform transform` if it is newer, or pass --force to record it anyway\n",
    });
    expect(writesTo("PINC003")).toEqual([]);
    expect(await notesOf("PINC003")).toEqual(notes);
    expect(await rows("resolutions", "PINC003")).toEqual([]);
  }, 60_000);

  it("records a deployment the warehouse does not have with --force", async () => {
    const done = await doraform(["mark-resolution", "--incident", "PINC004", "--deployment", "gh-run:999999", "--force"]);
    expect(done.stdout).toBe(`incident PINC004: added note "resolved-by: gh-run:999999"\nwarehouse: recorded resolution of PINC004 by gh-run:999999\n`);
    expect(await rows("resolutions", "PINC004")).toEqual([["PINC004", "gh-run:999999"]]);
  }, 60_000);

  it("takes either twin's id: gh-deploy:9102 names run 102", async () => {
    const done = await doraform(["mark-resolution", "--incident", "PINC001", "--deployment", "gh-deploy:9102"]);
    expect(done.stdout).toBe(`incident PINC001: added note "resolved-by: gh-deploy:9102"\nwarehouse: recorded resolution of PINC001 by gh-deploy:9102\n`);
  }, 60_000);

  it("says that a warehouse without marts cannot check the deployment, asks for --force, and writes nothing", async () => {
    const empty = join(mkdtempSync(join(tmpdir(), "doraform-runbook-")), "new.duckdb");
    const refused = await failure(["mark-resolution", "--incident", "PINC005", "--deployment", "gh-run:102"], { database: empty });
    expect(refused).toEqual({
      code: 1,
      stderr: `doraform: nothing was recorded: deployment gh-run:102 cannot be checked (no warehouse at ${empty}: run \`doraform run\` first or pass --database FILE); pass --force to record it unchecked\n`,
    });
    expect(writesTo("PINC005").filter((w) => w.includes("/notes"))).toEqual([]);
  }, 60_000);

  it("with the warehouse file busy, writes nothing to PagerDuty and says so in one line", async () => {
    const busy = copyOfWarehouse();
    const holder = await holdFile(busy);
    try {
      // a command waits for a busy file (docs/guarantees.md); told not to wait, it gives up before writing
      const refused = await failure(["mark-resolution", "--incident", "PINC003", "--deployment", "gh-run:102"], { database: busy, env: NO_WAIT });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^doraform: nothing was recorded: the warehouse ${busy} cannot be opened for writing \\(.+\\)\\n$`));
      expect(writesTo("PINC003")).toEqual([]);
    } finally {
      await holder.release();
    }
    expect(await rows("resolutions", "PINC003", busy)).toEqual([]);
  }, 120_000);

  it("says in one line that an incident does not exist", async () => {
    await expect(doraform(["mark-resolution", "--incident", "PNOSUCH", "--deployment", "gh-run:102"])).rejects.toMatchObject({
      code: 1,
      stderr: `doraform: incident PNOSUCH not found in PagerDuty (${pagerduty.url})\n`,
    });
  }, 60_000);

  it("says in one line that the token was refused, without printing it", async () => {
    const refused = doraform(["mark-resolution", "--incident", "PINC002", "--deployment", "gh-run:102"], { env: { PAGERDUTY_TOKEN: "wrong-token-value" } });
    await expect(refused).rejects.toMatchObject({ code: 1, stderr: "doraform: PagerDuty GET /incidents/PINC002: 401: PAGERDUTY_TOKEN was refused\n" });
  }, 60_000);
});

describe("doraform link-incident", () => {
  it("sets the deployment id custom field once; each run is a record of the link, the latest winning", async () => {
    const first = await doraform(["link-incident", "--incident", "PINC005", "--deployment", "gh-run:102"]);
    expect(first.stdout).toBe(`incident PINC005: set deployment_id to gh-run:102\nwarehouse: recorded link of PINC005 to gh-run:102\n`);
    const second = await doraform(["link-incident", "--incident", "PINC005", "--deployment", "gh-run:102"]);
    expect(second.stdout).toBe(`incident PINC005: deployment_id already gh-run:102\nwarehouse: recorded link of PINC005 to gh-run:102\n`);
    expect(writesTo("PINC005").filter((w) => w.includes("custom_fields"))).toHaveLength(1);
    expect(await deploymentFieldOf("PINC005")).toBe("gh-run:102");
    // two records of one link (decision 63 keeps the latest per incident): the marts read it once
    expect(await rows("incident_links", "PINC005")).toEqual([["PINC005", "gh-run:102"], ["PINC005", "gh-run:102"]]);
  }, 60_000);

  it("refuses a deployment the warehouse does not have and leaves the custom field alone", async () => {
    const refused = await failure(["link-incident", "--incident", "PINC003", "--deployment", "gh-run:4242"]);
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.stderr).toMatch(/^doraform: nothing was recorded: deployment gh-run:4242 is not in the warehouse's deployments .*--force.*\n$/);
    expect(writesTo("PINC003")).toEqual([]);
    expect(await deploymentFieldOf("PINC003")).toBeNull();
  }, 60_000);

  it("when the warehouse turns busy after PagerDuty was changed, says PagerDuty has it and the warehouse does not; a second run records it", async () => {
    const busy = copyOfWarehouse();
    let holder: HeldFile | undefined;
    // another process takes the file just as PagerDuty is written, after the command's own checks
    beforeWrite = async () => {
      holder ??= await holdFile(busy);
    };
    let refused: { code: number; stderr: string };
    try {
      refused = await failure(["link-incident", "--incident", "PINC004", "--deployment", "gh-run:115"], { database: busy, env: NO_WAIT });
    } finally {
      beforeWrite = undefined;
      await holder?.release();
    }
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^doraform: incident PINC004: set deployment_id to gh-run:115 \(was gh-deploy:9131\) in PagerDuty, but the warehouse did not record it \(.+\): run the same command again to record it\n$/,
    );
    expect(await deploymentFieldOf("PINC004")).toBe("gh-run:115");
    expect(await rows("incident_links", "PINC004", busy)).toEqual([]);

    const again = await doraform(["link-incident", "--incident", "PINC004", "--deployment", "gh-run:115"], { database: busy });
    expect(again.stdout).toBe(`incident PINC004: deployment_id already gh-run:115\nwarehouse: recorded link of PINC004 to gh-run:115\n`);
    expect(await rows("incident_links", "PINC004", busy)).toEqual([["PINC004", "gh-run:115"]]);
  }, 180_000);

  it("names a custom field the incident does not have", async () => {
    await expect(doraform(["link-incident", "--incident", "PINC002", "--deployment", "gh-run:102", "--field", "cause"])).rejects.toMatchObject({
      code: 1,
      stderr: `doraform: incident PINC002 has no custom field cause: create it in PagerDuty (Incident custom fields) or pass --field\n`,
    });
  }, 60_000);

  it("needs PAGERDUTY_TOKEN", async () => {
    await expect(
      run("node", [CLI, "link-incident", "--incident", "P1", "--deployment", "gh-run:1", "--database", database], { env: { PATH: process.env.PATH } }),
    ).rejects.toMatchObject({ code: 1, stderr: "doraform: PAGERDUTY_TOKEN is not set\n" });
  }, 60_000);
});
