/**
 * The runbook commands called in the test's own process (so that a mutation test sees them), against
 * a real DuckDB file holding the marts they check and the demo PagerDuty API on loopback.
 * tests/runbook/runbook.test.ts runs the same commands as an SRE does, as `doraform` processes.
 *
 * The warehouse is written by hand: deployments gh-run:102 and gh-run:115, GitHub deployment
 * gh-deploy:9102 being run 102's twin, built as of 2026-02-04. The PagerDuty incidents are those of
 * demo/scenarios/same-commit-chains.yaml: PINC002, PINC003 and PINC005 have an empty deployment_id
 * custom field, PINC004's says gh-deploy:9131. Every test gets a fresh server and a fresh file.
 */
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openWarehouse } from "../../core/duckdb.ts";
import { UserError } from "../../core/errors.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { loadScenario } from "../../demo/scenario/index.ts";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { projectSettings } from "../../ingest/load/raw-table.ts";
import { register } from "../../runbook/command.ts";
import { linkIncident } from "../../runbook/link-incident.ts";
import { markResolution } from "../../runbook/mark-resolution.ts";
import { PagerDuty, pagerDutyTarget, requireIncident } from "../../runbook/pagerduty.ts";
import { noConfig, parseConfig } from "../../core/config/load.ts";
import { recordInWarehouse } from "../../runbook/record.ts";
import { holdFile } from "../helpers/hold-file.ts";
import { json, startStub, type StubRequest } from "../ingest/stub-server.ts";
import { writeMartFile } from "../../demo/warehouse/mart-file.ts";

let org: Organisation;
let server: DemoServer;
/** The demo PagerDuty API behind a loopback proxy that keeps every request it forwards. */
let proxy: Awaited<ReturnType<typeof startStub>>;
let database: string;
/** The warehouse every test starts from, written once: each test writes to its own copy. */
let template: string;

beforeAll(async () => {
  org = await loadScenario("demo/scenarios/same-commit-chains.yaml");
  template = await martFile();
});
beforeEach(async () => {
  server = await startDemoServer(org);
  proxy = await startStub(async (request, response) => {
    const headers = Object.fromEntries(["authorization", "accept", "content-type", "from"].flatMap((name) => (request.headers[name] ? [[name, String(request.headers[name])]] : [])));
    const answer = await fetch(`${server.env.PAGERDUTY_API_URL}${request.url}`, { method: request.method, headers, body: request.method === "GET" ? undefined : request.body });
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(await answer.text());
  });
  database = temporaryFile();
  fs.copyFileSync(template, database);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await proxy.close();
  await server.close();
});

const temporaryFile = (name = "warehouse.duckdb") => join(fs.mkdtempSync(join(tmpdir(), "doraform-runbook-")), name);

/** A warehouse with the marts (two deployments) and the twins table the deployment check reads. */
async function martFile(): Promise<string> {
  const file = temporaryFile();
  await writeMartFile(file, {
    deployments: [{ deployment_id: "gh-run:102" }, { deployment_id: "gh-run:115" }],
    report_settings: [{ as_of: "2026-02-04", report_year: 2024, min_sample: 5 }],
  });
  const settings = projectSettings();
  const warehouse = await openWarehouse({ file, catalog: settings.project });
  try {
    await warehouse.run(`CREATE SCHEMA ${settings.stagingDataset}`);
    await warehouse.run(`CREATE TABLE ${settings.stagingDataset}.int_deployments__twins (twin_id VARCHAR, deployment_id VARCHAR)`);
    await warehouse.run(`INSERT INTO ${settings.stagingDataset}.int_deployments__twins VALUES ('gh-deploy:9102', 'gh-run:102')`);
  } finally {
    warehouse.close();
  }
  return file;
}

/** The client as the acting user sre@example.com, or (null) without one. */
const pagerDuty = (from: string | null = "sre@example.com") => new PagerDuty({ apiUrl: proxy.url, token: server.env.PAGERDUTY_TOKEN, from: from ?? undefined });

/** The writes PagerDuty received for an incident. */
const writesTo = (incident: string) => proxy.requests.filter((r) => r.method !== "GET" && r.url.startsWith(`/incidents/${incident}/`)).map((r) => `${r.method} ${r.url}`);

const pd = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${server.env.PAGERDUTY_API_URL}${path}`, { headers: { authorization: `Token token=${server.env.PAGERDUTY_TOKEN}` } });
  return (await response.json()) as T;
};
const notesOf = async (incident: string) => (await pd<{ notes: Array<{ content: string }> }>(`/incidents/${incident}/notes`)).notes.map((n) => n.content);
const deploymentFieldOf = async (incident: string) =>
  (await pd<{ custom_fields: Array<{ name: string; value: string | null }> }>(`/incidents/${incident}/custom_fields/values`)).custom_fields.find((f) => f.name === "deployment_id")?.value;

/** The runbook's records of a stream, as [incident, deployment] pairs. */
async function rows(stream: string, file = database): Promise<string[][]> {
  const warehouse = await openWarehouse({ file, catalog: projectSettings().project, readOnly: true });
  try {
    const tables = await warehouse.all(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'airbyte_internal' AND table_name = 'doraform_raw__stream_${stream}'`);
    if (tables.length === 0) return [];
    const found = await warehouse.all<{ _airbyte_data: string }>(`SELECT _airbyte_data FROM airbyte_internal.doraform_raw__stream_${stream} ORDER BY _airbyte_extracted_at`);
    return found.map((r) => JSON.parse(r._airbyte_data) as Record<string, string>).map((r) => [r.incident_id!, r.deployment_id!]);
  } finally {
    warehouse.close();
  }
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    (done) => expect.fail(`expected a refusal, got ${JSON.stringify(done)}`),
    (error: unknown) => {
      expect(error).toBeInstanceOf(UserError);
      return (error as UserError).message;
    },
  );

describe("markResolution", () => {
  it("adds the note once, records the resolution once, and says what it did each time", async () => {
    expect(await markResolution(pagerDuty(), { database }, "PINC002", "gh-run:115")).toEqual([
      'incident PINC002: added note "resolved-by: gh-run:115"',
      "warehouse: recorded resolution of PINC002 by gh-run:115",
    ]);
    expect(await markResolution(pagerDuty(), { database }, "PINC002", "gh-run:115")).toEqual([
      'incident PINC002: note already there "resolved-by: gh-run:115"',
      "warehouse: already recorded resolution of PINC002 by gh-run:115",
    ]);
    expect((await notesOf("PINC002")).filter((n) => n === "resolved-by: gh-run:115")).toHaveLength(1);
    expect(writesTo("PINC002")).toEqual(["POST /incidents/PINC002/notes"]);
    expect(await rows("resolutions")).toEqual([["PINC002", "gh-run:115"]]);
  });

  it("records the resolutions of two incidents by one deployment, and of one incident by two, each once", async () => {
    await markResolution(pagerDuty(), { database }, "PINC002", "gh-run:115");
    await markResolution(pagerDuty(), { database }, "PINC003", "gh-run:115");
    expect((await markResolution(pagerDuty(), { database }, "PINC003", "gh-run:102"))[1]).toBe("warehouse: recorded resolution of PINC003 by gh-run:102");
    expect((await rows("resolutions")).sort()).toEqual([
      ["PINC002", "gh-run:115"],
      ["PINC003", "gh-run:102"],
      ["PINC003", "gh-run:115"],
    ]);
  });

  it("finds the note as a line of a longer note, spaces around it, and needs no email then", async () => {
    await pagerDuty().post("/incidents/PINC003/notes", { note: { content: "rolled back\n  resolved-by: gh-run:102  \nall green" } });
    const done = await markResolution(pagerDuty(null), { database }, "PINC003", "gh-run:102");
    expect(done[0]).toBe('incident PINC003: note already there "resolved-by: gh-run:102"');
    expect(writesTo("PINC003")).toEqual(["POST /incidents/PINC003/notes"]);
    expect(await rows("resolutions")).toEqual([["PINC003", "gh-run:102"]]);
  });

  it("does not take a note naming another deployment that starts the same for this one", async () => {
    await pagerDuty().post("/incidents/PINC003/notes", { note: { content: "resolved-by: gh-run:1020" } });
    const done = await markResolution(pagerDuty(), { database }, "PINC003", "gh-run:102");
    expect(done[0]).toBe('incident PINC003: added note "resolved-by: gh-run:102"');
    expect(await notesOf("PINC003")).toContain("resolved-by: gh-run:102");
  });

  it("asks for the acting user's email before writing anything when the note must be added", async () => {
    expect(await refusal(markResolution(pagerDuty(null), { database }, "PINC003", "gh-run:102"))).toBe(
      "PagerDuty needs the acting user's email to add a note: pass --from EMAIL or set PAGERDUTY_FROM",
    );
    expect(writesTo("PINC003")).toEqual([]);
    expect(await rows("resolutions")).toEqual([]);
  });

  it("refuses a deployment the warehouse does not have, naming the build date, before writing anything", async () => {
    expect(await refusal(markResolution(pagerDuty(), { database }, "PINC003", "gh-run:999"))).toBe(
      "nothing was recorded: deployment gh-run:999 is not in the warehouse's deployments (built as of 2026-02-04): check the id, run `doraform ingest` and `doraform transform` if it is newer, or pass --force to record it anyway",
    );
    expect(writesTo("PINC003")).toEqual([]);
    expect(await rows("resolutions")).toEqual([]);
  });

  it("takes either twin's id: gh-deploy:9102 names run 102", async () => {
    const done = await markResolution(pagerDuty(), { database }, "PINC003", "gh-deploy:9102");
    expect(done).toEqual(['incident PINC003: added note "resolved-by: gh-deploy:9102"', "warehouse: recorded resolution of PINC003 by gh-deploy:9102"]);
    expect(await rows("resolutions")).toEqual([["PINC003", "gh-deploy:9102"]]);
  });

  it("records a deployment the warehouse does not have with force", async () => {
    await markResolution(pagerDuty(), { database, force: true }, "PINC004", "gh-run:999999");
    expect(await notesOf("PINC004")).toContain("resolved-by: gh-run:999999");
    expect(await rows("resolutions")).toEqual([["PINC004", "gh-run:999999"]]);
  });

  it("without a warehouse file, says the deployment cannot be checked and writes nothing; with force it creates the file", async () => {
    const missing = temporaryFile("new.duckdb");
    expect(await refusal(markResolution(pagerDuty(), { database: missing }, "PINC005", "gh-run:102"))).toBe(
      `nothing was recorded: deployment gh-run:102 cannot be checked (no warehouse at ${missing}: run \`doraform run\` first or pass --database FILE); pass --force to record it unchecked`,
    );
    expect(writesTo("PINC005")).toEqual([]);
    expect(fs.existsSync(missing)).toBe(false);
    await markResolution(pagerDuty(), { database: missing, force: true }, "PINC005", "gh-run:102");
    expect(await rows("resolutions", missing)).toEqual([["PINC005", "gh-run:102"]]);
  });

  it("with a warehouse lacking the twins table, says the deployment cannot be checked", async () => {
    const settings = projectSettings();
    const warehouse = await openWarehouse({ file: database, catalog: settings.project });
    await warehouse.run(`DROP TABLE ${settings.stagingDataset}.int_deployments__twins`);
    warehouse.close();
    expect(await refusal(markResolution(pagerDuty(), { database }, "PINC005", "gh-run:102"))).toMatch(
      /^nothing was recorded: deployment gh-run:102 cannot be checked \(.*int_deployments__twins.*\); pass --force to record it unchecked$/,
    );
    expect(writesTo("PINC005")).toEqual([]);
  });

  it("with the warehouse file held by another process, writes nothing to PagerDuty and names the file", async () => {
    vi.stubEnv("DORAFORM_LOCK_TIMEOUT", "0");
    const holder = await holdFile(database);
    try {
      expect(await refusal(markResolution(pagerDuty(), { database }, "PINC003", "gh-run:102"))).toMatch(
        new RegExp(`^nothing was recorded: the warehouse ${database} cannot be opened for writing \\(.+\\)$`),
      );
      expect(writesTo("PINC003")).toEqual([]);
    } finally {
      await holder.release();
    }
    expect(await rows("resolutions")).toEqual([]);
  });

  it("says in one line that an incident does not exist, naming the API", async () => {
    expect(await refusal(markResolution(pagerDuty(), { database }, "PNOSUCH", "gh-run:102"))).toBe(`incident PNOSUCH not found in PagerDuty (${proxy.url})`);
  });
});

describe("linkIncident", () => {
  it("sets the custom field once, saying what it held before; each run lands a record", async () => {
    expect(await linkIncident(pagerDuty(), { database }, "PINC004", "gh-run:115", "deployment_id")).toEqual([
      "incident PINC004: set deployment_id to gh-run:115 (was gh-deploy:9131)",
      "warehouse: recorded link of PINC004 to gh-run:115",
    ]);
    expect(await linkIncident(pagerDuty(), { database }, "PINC004", "gh-run:115", "deployment_id")).toEqual([
      "incident PINC004: deployment_id already gh-run:115",
      "warehouse: recorded link of PINC004 to gh-run:115",
    ]);
    expect(writesTo("PINC004")).toEqual(["PUT /incidents/PINC004/custom_fields/values"]);
    expect(JSON.parse(proxy.requests.find((r) => r.method === "PUT")!.body)).toEqual({ custom_fields: [{ name: "deployment_id", value: "gh-run:115" }] });
    expect(await deploymentFieldOf("PINC004")).toBe("gh-run:115");
    expect(await rows("incident_links")).toEqual([["PINC004", "gh-run:115"], ["PINC004", "gh-run:115"]]);
  });

  it("says nothing about a previous value when the field was empty", async () => {
    const done = await linkIncident(pagerDuty(), { database }, "PINC005", "gh-run:102", "deployment_id");
    expect(done[0]).toBe("incident PINC005: set deployment_id to gh-run:102");
  });

  it("names a custom field the incident does not have, before writing anything", async () => {
    expect(await refusal(linkIncident(pagerDuty(), { database }, "PINC002", "gh-run:102", "cause"))).toBe(
      "incident PINC002 has no custom field cause: create it in PagerDuty (Incident custom fields) or pass --field",
    );
    expect(writesTo("PINC002")).toEqual([]);
  });

  it("refuses a deployment the warehouse does not have and leaves the field alone", async () => {
    expect(await refusal(linkIncident(pagerDuty(), { database }, "PINC003", "gh-run:4242", "deployment_id"))).toMatch(/^nothing was recorded: deployment gh-run:4242 is not in the warehouse's deployments/);
    expect(writesTo("PINC003")).toEqual([]);
    expect(await deploymentFieldOf("PINC003")).toBeNull();
    expect(await rows("incident_links")).toEqual([]);
  });

  it("when PagerDuty refuses the write, says so and that the warehouse holds nothing", async () => {
    const refusing = await startStub((request, response) => {
      if (request.method === "GET" && request.url === "/incidents/P1") return json(response, 200, { incident: { id: "P1" } });
      if (request.method === "GET") return json(response, 200, { custom_fields: [{ name: "deployment_id", value: null }] });
      return json(response, 500, { error: { message: "Internal Error" } });
    });
    try {
      const client = new PagerDuty({ apiUrl: refusing.url, token: "t" });
      expect(await refusal(linkIncident(client, { database }, "P1", "gh-run:102", "deployment_id"))).toBe(
        "PagerDuty PUT /incidents/P1/custom_fields/values: 500 Internal Error; nothing was recorded in the warehouse",
      );
    } finally {
      await refusing.close();
    }
    expect(await rows("incident_links")).toEqual([]);
  });
});

describe("recordInWarehouse", () => {
  it("when the warehouse cannot take the record, says PagerDuty has it and the warehouse does not", async () => {
    const notAFile = fs.mkdtempSync(join(tmpdir(), "doraform-runbook-"));
    const data = { incident_id: "P1", deployment_id: "gh-run:1" };
    expect(await refusal(recordInWarehouse({ database: notAFile }, "resolutions", "P1:gh-run:1", data, 'incident P1: added note "resolved-by: gh-run:1"'))).toMatch(
      /^incident P1: added note "resolved-by: gh-run:1" in PagerDuty, but the warehouse did not record it \([^\n]+\): run the same command again to record it$/,
    );
  });

  it("records in the DuckDB file when told to, even with GOOGLE_CLOUD_PROJECT set", async () => {
    vi.stubEnv("GOOGLE_CLOUD_PROJECT", "some-project");
    const data = { incident_id: "P1", deployment_id: "gh-run:1" };
    expect(await recordInWarehouse({ database, warehouse: "duckdb" }, "resolutions", "P1:gh-run:1", data, "")).toBe("landed");
    expect(await recordInWarehouse({ database, warehouse: "duckdb" }, "resolutions", "P1:gh-run:1", data, "")).toBe("duplicate");
    expect(await rows("resolutions")).toEqual([["P1", "gh-run:1"]]);
  });
});

describe("the PagerDuty client", () => {
  /** A stub PagerDuty answering every request with this status and body text. */
  async function answering(status: number, body: string) {
    const stub = await startStub((_request, response) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(body);
    });
    stubs.push(stub);
    return { client: (from?: string) => new PagerDuty({ apiUrl: stub.url, token: "secret-token-value", from }), requests: stub.requests };
  }
  const stubs: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const stub of stubs.splice(0)) await stub.close();
  });
  const headersOf = (request: StubRequest) => ({
    authorization: request.headers.authorization,
    accept: request.headers.accept,
    "content-type": request.headers["content-type"],
    from: request.headers.from,
  });

  it("sends the token and API version; a write also its JSON body and the acting user, a read neither", async () => {
    const { client, requests } = await answering(200, "{}");
    await client("sre@example.com").get("/incidents/P1");
    await client("sre@example.com").post("/incidents/P1/notes", { note: { content: "x" } });
    await client("sre@example.com").put("/incidents/P1/custom_fields/values", { custom_fields: [] });
    expect(requests.map((r) => [r.method, r.url, headersOf(r), r.body])).toEqual([
      ["GET", "/incidents/P1", { authorization: "Token token=secret-token-value", accept: "application/vnd.pagerduty+json;version=2", "content-type": undefined, from: undefined }, ""],
      ["POST", "/incidents/P1/notes", { authorization: "Token token=secret-token-value", accept: "application/vnd.pagerduty+json;version=2", "content-type": "application/json", from: "sre@example.com" }, '{"note":{"content":"x"}}'],
      ["PUT", "/incidents/P1/custom_fields/values", { authorization: "Token token=secret-token-value", accept: "application/vnd.pagerduty+json;version=2", "content-type": "application/json", from: "sre@example.com" }, '{"custom_fields":[]}'],
    ]);
  });

  it("sends no From header when no acting user is known", async () => {
    const { client, requests } = await answering(200, "{}");
    await client().post("/x", {});
    expect(requests[0]!.headers.from).toBeUndefined();
  });

  it("says a refused token in one line without printing it", async () => {
    const { client } = await answering(401, JSON.stringify({ error: { message: "Unauthorized secret-token-value" } }));
    expect(await refusal(client().get("/incidents/P1"))).toBe("PagerDuty GET /incidents/P1: 401: PAGERDUTY_TOKEN was refused");
  });

  it("gives PagerDuty's reason for another refusal: the message and each error", async () => {
    const { client } = await answering(400, JSON.stringify({ error: { message: "Invalid Input Provided", errors: ["From header is required", "note is empty"] } }));
    expect(await refusal(client().post("/incidents/P1/notes", {}))).toBe("PagerDuty POST /incidents/P1/notes: 400 Invalid Input Provided: From header is required: note is empty");
  });

  it("gives the errors alone when there is no message, and the status alone when the body says nothing", async () => {
    expect(await refusal((await answering(400, JSON.stringify({ error: { errors: ["bad field"] } }))).client().get("/a"))).toBe("PagerDuty GET /a: 400 bad field");
    expect(await refusal((await answering(503, "<html>busy</html>")).client().get("/b"))).toBe("PagerDuty GET /b: 503");
    expect(await refusal((await answering(500, JSON.stringify({ error: {} }))).client().get("/c"))).toBe("PagerDuty GET /c: 500");
    expect(await refusal((await answering(502, "{}")).client().get("/d"))).toBe("PagerDuty GET /d: 502");
  });

  it("says an answer that is not JSON is not JSON", async () => {
    const { client } = await answering(200, "<html>ok</html>");
    expect(await refusal(client().get("/incidents/P1"))).toBe("PagerDuty GET /incidents/P1: the answer is not JSON");
  });

  it("says an API it cannot reach, naming it", async () => {
    const closed = await startStub(() => undefined);
    await closed.close();
    const client = new PagerDuty({ apiUrl: closed.url, token: "secret-token-value" });
    const message = await refusal(client.get("/incidents/P1"));
    // fetch's own reason, without the error's class name
    expect(message).toBe(`PagerDuty GET /incidents/P1: cannot reach ${closed.url} (fetch failed)`);
    expect(message).not.toContain("secret-token-value");
  });

  it("requireIncident turns a 404 into 'not found' and passes any other refusal on", async () => {
    expect(await requireIncident(pagerDuty(), "PINC001")).toMatchObject({ id: "PINC001" });
    const missing = await answering(404, JSON.stringify({ error: { message: "Not Found" } }));
    expect(await refusal(requireIncident(missing.client(), "P 1"))).toBe(`incident P 1 not found in PagerDuty (${missing.client().target.apiUrl})`);
    expect(missing.requests[0]!.url).toBe("/incidents/P%201");
    // a reason holding a number that starts with 404 is no 404
    const failing = await answering(500, JSON.stringify({ error: { message: "Not Found 404", errors: ["4041 requests queued"] } }));
    expect(await refusal(requireIncident(failing.client(), "P1"))).toBe("PagerDuty GET /incidents/P1: 500 Not Found 404: 4041 requests queued");
  });
});

describe("pagerDutyTarget", () => {
  const none = noConfig();
  it("needs PAGERDUTY_TOKEN", () => {
    expect(() => pagerDutyTarget({ PAGERDUTY_TOKEN: "" }, undefined, none)).toThrow(new UserError("PAGERDUTY_TOKEN is not set"));
  });

  it("defaults to PagerDuty's API, drops trailing slashes, and takes --from over PAGERDUTY_FROM", () => {
    expect(pagerDutyTarget({ PAGERDUTY_TOKEN: "t" }, undefined, none)).toEqual({ apiUrl: "https://api.pagerduty.com", token: "t", tokenVariable: "PAGERDUTY_TOKEN", from: undefined });
    expect(pagerDutyTarget({ PAGERDUTY_TOKEN: "t", PAGERDUTY_API_URL: "", PAGERDUTY_FROM: "" }, undefined, none)).toEqual({ apiUrl: "https://api.pagerduty.com", token: "t", tokenVariable: "PAGERDUTY_TOKEN", from: undefined });
    expect(pagerDutyTarget({ PAGERDUTY_TOKEN: "t", PAGERDUTY_API_URL: "http://127.0.0.1:9/pd//", PAGERDUTY_FROM: "env@example.com" }, undefined, none)).toEqual({
      apiUrl: "http://127.0.0.1:9/pd",
      token: "t",
      tokenVariable: "PAGERDUTY_TOKEN",
      from: "env@example.com",
    });
    expect(pagerDutyTarget({ PAGERDUTY_TOKEN: "t", PAGERDUTY_FROM: "env@example.com" }, "flag@example.com", none).from).toBe("flag@example.com");
  });

  it("reads the key from the variable doraform.yaml's sources.pagerduty names, and the API from its api_url, as ingest does", () => {
    const yaml = parseConfig("sources:\n  pagerduty:\n    token_env: SRE_PD_KEY\n    api_url: http://127.0.0.1:9/pd/\n");
    const env = { PAGERDUTY_TOKEN: "not-this-one", SRE_PD_KEY: "k", PAGERDUTY_API_URL: "http://127.0.0.1:8/other" };
    expect(pagerDutyTarget(env, undefined, yaml)).toEqual({ apiUrl: "http://127.0.0.1:9/pd", token: "k", tokenVariable: "SRE_PD_KEY", from: undefined });
    // the named variable unset: said at its line, without falling back to PAGERDUTY_TOKEN
    expect(() => pagerDutyTarget({ PAGERDUTY_TOKEN: "not-this-one" }, undefined, yaml)).toThrow(new UserError("doraform.yaml:3:16: sources.pagerduty.token_env: SRE_PD_KEY is not set"));
  });
});

describe("the runbook commands' options", () => {
  /** The program with the runbook commands registered, its help unwrapped and its error output kept in `errors`. */
  function program(errors: string[] = []): Command {
    const doraform = new Command("doraform")
      .exitOverride()
      .configureHelp({ helpWidth: 1000 })
      .configureOutput({ writeErr: (text) => errors.push(text) });
    register(doraform);
    return doraform;
  }

  /** Runs `doraform <args>` through the commands' own registration; what they print to stdout. */
  async function doraform(args: string[], googleCloudProject?: string): Promise<string> {
    vi.stubEnv("PAGERDUTY_TOKEN", server.env.PAGERDUTY_TOKEN);
    vi.stubEnv("PAGERDUTY_API_URL", proxy.url);
    vi.stubEnv("PAGERDUTY_FROM", "sre@example.com");
    vi.stubEnv("GOOGLE_CLOUD_PROJECT", googleCloudProject);
    let printed = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    await program().parseAsync(["node", "doraform", ...args, "--database", database]);
    return printed;
  }

  it("--help says what each command does and each option is for, with its default and choices", () => {
    const help = (name: string) => program().commands.find((command) => command.name() === name)!.helpInformation();
    const options = [
      "Options:",
      "  --incident <id>     PagerDuty incident id, e.g. Q1A2B3C",
      "  --deployment <id>   deployment id, e.g. gh-run:123456 or gh-deploy:789",
      "  --from <email>      your PagerDuty login email, sent as the From header on writes (env PAGERDUTY_FROM)",
      '  --database <file>   the embedded DuckDB warehouse (default: "doraform.duckdb")',
      "  --force             record it even when the warehouse cannot confirm that the deployment exists (not yet transformed, or no marts)",
      '  --warehouse <kind>  where to record it: duckdb, or bigquery (default when GOOGLE_CLOUD_PROJECT is set) (choices: "duckdb", "bigquery")',
    ];
    expect(help("mark-resolution").split("\n")).toEqual([
      "Usage: doraform mark-resolution [options]",
      "",
      "record that a deployment fixed an incident: a `resolved-by:` note in PagerDuty and a row in the warehouse (safe to run twice)",
      "",
      ...options,
      "  -h, --help          display help for command",
      "",
    ]);
    expect(help("link-incident").split("\n")).toEqual([
      "Usage: doraform link-incident [options]",
      "",
      "record that a deployment caused an incident: its deployment id custom field in PagerDuty and a row in the warehouse (safe to run twice)",
      "",
      ...options,
      '  --field <name>      the incident custom field naming the causing deployment (default: "deployment_id")',
      "  -h, --help          display help for command",
      "",
    ]);
  });

  it("--warehouse duckdb records in the file even with GOOGLE_CLOUD_PROJECT set; another warehouse is refused before anything is written", async () => {
    await doraform(["mark-resolution", "--incident", "PINC002", "--deployment", "gh-run:115", "--warehouse", "duckdb"], "some-project");
    expect(await rows("resolutions")).toEqual([["PINC002", "gh-run:115"]]);
    const errors: string[] = [];
    await expect(program(errors).parseAsync(["node", "doraform", "link-incident", "--incident", "PINC005", "--deployment", "gh-run:102", "--warehouse", "sqlite"])).rejects.toThrow();
    expect(errors).toEqual(["error: option '--warehouse <kind>' argument 'sqlite' is invalid. Allowed choices are duckdb, bigquery.\n"]);
    expect(writesTo("PINC005")).toEqual([]);
  });

  it("mark-resolution prints what it did, a line each", async () => {
    expect(await doraform(["mark-resolution", "--incident", " PINC002 ", "--deployment", "gh-run:115"])).toBe(
      'incident PINC002: added note "resolved-by: gh-run:115"\nwarehouse: recorded resolution of PINC002 by gh-run:115\n',
    );
  });

  it("link-incident writes the field --field names, deployment_id by default", async () => {
    expect(await doraform(["link-incident", "--incident", "PINC005", "--deployment", "gh-run:102"])).toBe(
      "incident PINC005: set deployment_id to gh-run:102\nwarehouse: recorded link of PINC005 to gh-run:102\n",
    );
    await expect(doraform(["link-incident", "--incident", "PINC005", "--deployment", "gh-run:102", "--field", "cause"])).rejects.toThrow(
      "incident PINC005 has no custom field cause: create it in PagerDuty (Incident custom fields) or pass --field",
    );
  });

  it("--from names the acting user of a write", async () => {
    await doraform(["mark-resolution", "--incident", "PINC003", "--deployment", "gh-run:102", "--from", "oncall@example.com"]);
    expect(proxy.requests.find((r) => r.method === "POST")!.headers.from).toBe("oncall@example.com");
  });

  it("refuses an empty id or one with spaces, naming the flag", async () => {
    await expect(doraform(["mark-resolution", "--incident", "  ", "--deployment", "gh-run:102"])).rejects.toThrow(new UserError('--incident: "  " is not an id (no spaces)'));
    await expect(doraform(["mark-resolution", "--incident", "PINC003", "--deployment", ""])).rejects.toThrow(new UserError('--deployment: "" is not an id (no spaces)'));
    await expect(doraform(["link-incident", "--incident", "PINC005", "--deployment", "gh-run 102"])).rejects.toThrow(new UserError('--deployment: "gh-run 102" is not an id (no spaces)'));
    await expect(doraform(["link-incident", "--incident", "P 5", "--deployment", "gh-run:102"])).rejects.toThrow(new UserError('--incident: "P 5" is not an id (no spaces)'));
    expect(proxy.requests).toEqual([]);
  });
});
