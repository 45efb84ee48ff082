import { describe, expect, test } from "vitest";
import type { DemoServer } from "../../demo/server/index.ts";
import { jiraSource } from "../../ingest/jira/source.ts";
import { DuckDbLoader } from "../../ingest/load/duckdb.ts";
import { syncSource } from "../../ingest/sync.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { CROSS_REFERENCE_FIELD, DEPLOYMENT_FIELD, FEBRUARY, jiraOrganisation } from "../demo-server/jira-fixture.ts";
import { CATALOG, DATASET, demoServers, temporaryDatabase } from "./demo-harness.ts";
import { startStub, type StubRequest } from "./stub-server.ts";

const serve = demoServers();

const INCIDENT_KEYS = [...FEBRUARY.map((i) => i.key), "OPS-1", "OPS-3", "OPS-4"];
const CUSTOM_FIELDS = [DEPLOYMENT_FIELD, CROSS_REFERENCE_FIELD];

/** The source config for a demo site (or a proxy in front of it), as `doraform ingest` would build it. */
function config(env: DemoServer["env"], extra: Record<string, unknown> = {}) {
  return jiraSource.parseConfig(
    { project_key: "OPS", custom_fields: CUSTOM_FIELDS, start_date: "2026-01-01", ...extra },
    { JIRA_BASE_URL: env.JIRA_BASE_URL, JIRA_EMAIL: env.JIRA_EMAIL, JIRA_API_TOKEN: env.JIRA_API_TOKEN },
  );
}

async function sync(file: string, jiraConfig: ReturnType<typeof config>) {
  const loader = await DuckDbLoader.open({ file, catalog: CATALOG, dataset: DATASET });
  try {
    return await syncSource(jiraSource, jiraConfig, loader, () => undefined);
  } finally {
    await loader.close();
  }
}

/** Every landed issue (all rows, duplicates included), oldest landing first. */
async function landed(file: string): Promise<Array<{ id: string; key: string; fields: Record<string, any> }>> {
  const warehouse = await openWarehouse({ file, catalog: CATALOG, readOnly: true });
  try {
    const rows = await warehouse.all<{ data: string }>(`SELECT _airbyte_data AS data FROM ${DATASET}.jira_raw__stream_issues ORDER BY _airbyte_extracted_at, _airbyte_raw_id`);
    return rows.map((row) => JSON.parse(row.data));
  } finally {
    warehouse.close();
  }
}

/** A loopback proxy in front of the demo's Jira site that records what the client sends. */
async function recordingProxy(server: DemoServer) {
  const target = new URL(server.env.JIRA_BASE_URL!);
  const stub = await startStub(async (request, response) => {
    const answer = await fetch(`${target.origin}${target.pathname}${request.url}`, {
      method: request.method,
      headers: { authorization: String(request.headers.authorization ?? ""), "content-type": "application/json" },
      body: request.method === "POST" ? request.body : undefined,
    });
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(await answer.text());
  });
  return { stub, env: { ...server.env, JIRA_BASE_URL: stub.url } };
}

const searches = (requests: StubRequest[]) => requests.filter((r) => r.url === "/rest/api/3/search/jql").map((r) => JSON.parse(r.body));

describe("the Jira source against the demo site", () => {
  test("a full sync lands exactly the project's Incident issues with the fields the models read, then a second sync re-reads only the last minute", async () => {
    const server = await serve(jiraOrganisation());
    const { stub, env } = await recordingProxy(server);
    const file = temporaryDatabase();
    try {
      const first = await sync(file, config(env));
      expect(first.records).toBe(INCIDENT_KEYS.length);
      const issues = await landed(file);
      expect(issues.map((i) => i.key).sort()).toEqual([...INCIDENT_KEYS].sort());
      const ops1 = issues.find((i) => i.key === "OPS-1")!;
      expect(Object.keys(ops1.fields).sort()).toEqual(
        ["summary", "issuetype", "created", "updated", "resolutiondate", "status", "priority", "labels", "components", "description", ...CUSTOM_FIELDS].sort(),
      );
      expect(ops1.fields).toMatchObject({
        created: "2026-03-01T10:00:00.000+0000",
        resolutiondate: "2026-03-01T11:00:00.000+0000",
        status: { statusCategory: { key: "done" } },
        labels: ["deployment-gh-run:100"],
        components: [{ name: "api" }],
        [DEPLOYMENT_FIELD]: "gh-run:100",
        [CROSS_REFERENCE_FIELD]: "PINC001",
      });

      // newest update of the first sync: OPS-4's creation, 2026-03-05 10:00 (its resolution comes after the clock)
      const second = await sync(file, config(env));
      expect(second.records).toBe(1);
      expect((await landed(file)).at(-1)!.key).toBe("OPS-4");

      const sent = searches(stub.requests);
      expect(sent.map((body) => body.jql)).toEqual([
        '(project = "OPS" AND issuetype = "Incident") AND updated >= "2026-01-01 00:00" ORDER BY updated ASC',
        '(project = "OPS" AND issuetype = "Incident") AND updated >= "2026-01-01 00:00" ORDER BY updated ASC',
        '(project = "OPS" AND issuetype = "Incident") AND updated >= "2026-03-05 09:59" ORDER BY updated ASC',
      ]);
      // 108 incidents: a page of 100, then the token's page
      expect(sent.map((body) => [body.maxResults, typeof body.nextPageToken])).toEqual([[100, "undefined"], [100, "string"], [100, "undefined"]]);
      expect(sent[0].fields).toEqual(["summary", "issuetype", "created", "updated", "resolutiondate", "status", "priority", "labels", "components", "description", ...CUSTOM_FIELDS]);
      const expectedAuth = `Basic ${Buffer.from(`${server.env.JIRA_EMAIL}:${server.env.JIRA_API_TOKEN}`).toString("base64")}`;
      expect(new Set(stub.requests.map((r) => r.headers.authorization))).toEqual(new Set([expectedAuth]));
    } finally {
      await stub.close();
    }
  });

  test("under the fault mix (5xx, 429 and 503 with Retry-After, dropped connections) a sync lands the same records and never retries early", async () => {
    const org = jiraOrganisation();
    const clean = await serve(org);
    const faulty = await serve(org, { faults: true, seed: 7 });
    const cleanFile = temporaryDatabase();
    const faultyFile = temporaryDatabase();
    await sync(cleanFile, config(clean.env, { page_size: 2 }));
    await sync(faultyFile, config(faulty.env, { page_size: 2 }));
    // the same records but for the site's address in the links
    const texts = async (file: string, server: DemoServer) => (await landed(file)).map((i) => JSON.stringify(i).replaceAll(server.url, "SITE")).sort();
    expect(await texts(faultyFile, faulty)).toEqual(await texts(cleanFile, clean));
    expect(faulty.violations()).toEqual([]);
    const counts = faulty.requestCounts();
    // 108 issues in pages of 2 is 54 pages; the faults made the client ask again
    expect(counts["POST /rest/api/3/search/jql"]).toBeGreaterThan(54);
  }, 120_000);

  test("a truncated search answer fails the sync with one line naming the URL", async () => {
    const server = await serve(jiraOrganisation(), { malformed: true });
    await expect(sync(temporaryDatabase(), config(server.env))).rejects.toThrow(
      new RegExp(`^jira: malformed JSON in the response from ${server.env.JIRA_BASE_URL!.replace(/[.]/g, "\\.")}/rest/api/3/search/jql$`),
    );
  });

  test("a refused API token names the variables to fix and never the token", async () => {
    const server = await serve(jiraOrganisation());
    const error = await sync(temporaryDatabase(), config({ ...server.env, JIRA_API_TOKEN: "secret-wrong-token" })).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      "jira: GET /rest/api/3/myself: 401: the site refused the email and API token (JIRA_EMAIL and JIRA_API_TOKEN, or email and api_token)",
    );
    expect((error as Error).message).not.toContain("secret-wrong-token");
  });

  test("JQL the site refuses fails with Jira's own reason", async () => {
    const server = await serve(jiraOrganisation());
    await expect(sync(temporaryDatabase(), config(server.env, { jql: "project = NOPE" }))).rejects.toThrow(
      "jira: POST /rest/api/3/search/jql: 400 The value 'NOPE' does not exist for the field 'project'.: check the jql in the config",
    );
  });
});

test("a site that answers 410 Gone on search/jql says the source needs that endpoint", async () => {
  const stub = await startStub((request, response) => {
    const gone = request.url.startsWith("/rest/api/3/search");
    response.writeHead(gone ? 410 : 200, { "content-type": "application/json" });
    response.end(JSON.stringify(gone ? { errorMessages: ["The requested API has been removed."], errors: {} } : { timeZone: "UTC" }));
  });
  try {
    const jiraConfig = jiraSource.parseConfig({ project_key: "OPS" }, { JIRA_BASE_URL: stub.url, JIRA_EMAIL: "a@example.com", JIRA_API_TOKEN: "t" });
    await expect(sync(temporaryDatabase(), jiraConfig)).rejects.toThrow(
      "jira: POST /rest/api/3/search/jql: 410 Gone: the site no longer serves this endpoint; this source needs Jira Cloud's /rest/api/3/search/jql (The requested API has been removed.)",
    );
  } finally {
    await stub.close();
  }
});

test("the updated clause is written in the account's time zone, to the minute", async () => {
  const stub = await startStub((request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(request.url === "/rest/api/3/myself" ? { timeZone: "Asia/Kolkata" } : { issues: [], isLast: true }));
  });
  try {
    const jiraConfig = jiraSource.parseConfig({ jql: "labels = incident", start_date: "2026-01-01" }, { JIRA_BASE_URL: stub.url, JIRA_EMAIL: "a@example.com", JIRA_API_TOKEN: "t" });
    // a previous sync's newest update at 10:15:30 UTC: minus the minute of lookback, 10:14 UTC is 15:44 in Kolkata (UTC+05:30)
    const state = new Map([["issues", { updated: "2026-03-02T10:15:30.000+0000" }]]);
    for await (const message of jiraSource.read(jiraConfig, new Set(["issues"]), state, () => undefined)) {
      if (message.type === "STATE") expect(message.state.stream.stream_state).toEqual({ updated: "2026-03-02T10:15:30.000+0000" });
    }
    expect(JSON.parse(stub.requests.find((r) => r.url === "/rest/api/3/search/jql")!.body).jql).toBe('(labels = incident) AND updated >= "2026-03-02 15:44" ORDER BY updated ASC');
  } finally {
    await stub.close();
  }
});

describe("config", () => {
  const env = { JIRA_BASE_URL: "https://acme.atlassian.net", JIRA_EMAIL: "a@example.com", JIRA_API_TOKEN: "t" };
  test("without credentials, with ORDER BY in the JQL or a bad custom field id, one line names the key", () => {
    expect(() => jiraSource.parseConfig({}, { JIRA_BASE_URL: "https://acme.atlassian.net" })).toThrow("jira config: no credentials: set JIRA_EMAIL and JIRA_API_TOKEN (or email and api_token)");
    expect(() => jiraSource.parseConfig({ jql: "project = OPS ORDER BY created" }, env)).toThrow('jira config: "jql" must not have ORDER BY');
    expect(() => jiraSource.parseConfig({ custom_fields: ["customfield 1"] }, env)).toThrow('jira config: "custom_fields" must hold field ids like customfield_10050, got "customfield 1"');
    expect(() => jiraSource.parseConfig({ page_size: 500 }, env)).toThrow('jira config: "page_size" must be at most 100');
  });

  test("the default JQL selects the issue type, in the project when one is named", () => {
    expect(jiraSource.parseConfig({}, env).jql).toBe('issuetype = "Incident"');
    expect(jiraSource.parseConfig({ project_key: "OPS", issue_type: "Major Incident" }, env).jql).toBe('project = "OPS" AND issuetype = "Major Incident"');
  });

  test("the spec marks the API token secret", () => {
    const properties = jiraSource.spec.connectionSpecification.properties as Record<string, { airbyte_secret?: boolean }>;
    expect(properties.api_token!.airbyte_secret).toBe(true);
    expect(properties.email!.airbyte_secret).toBeUndefined();
  });
});
