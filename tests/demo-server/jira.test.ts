import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { organisation } from "./fixture.ts";
import { DEPLOYMENT_FIELD, FEBRUARY, jiraOrganisation, SEVERITY_FIELD } from "./jira-fixture.ts";

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer(jiraOrganisation());
});
afterAll(() => server.close());

const basic = (email: string, token: string) => `Basic ${Buffer.from(`${email}:${token}`).toString("base64")}`;

async function call(path: string, init: { method?: string; body?: unknown; authorization?: string } = {}) {
  const response = await fetch(`${server.env.JIRA_BASE_URL}${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: init.authorization ?? basic(server.env.JIRA_EMAIL!, server.env.JIRA_API_TOKEN!),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const search = (body: Record<string, unknown>) => call("/rest/api/3/search/jql", { method: "POST", body });
const keys = async (jql: string) => (await search({ jql, maxResults: 100 })).body.issues.map((i: { key: string }) => i.key);

/** Every page of a POST search, following nextPageToken until isLast. */
async function allPages(body: Record<string, unknown>) {
  const pages = [];
  let token: string | undefined;
  do {
    const page = (await search({ ...body, ...(token ? { nextPageToken: token } : {}) })).body;
    pages.push(page);
    token = page.nextPageToken;
  } while (!pages.at(-1).isLast);
  return pages;
}

const INCIDENTS = "project = OPS AND issuetype = Incident";
const FEBRUARY_KEYS = FEBRUARY.map((i) => i.key);

describe("search/jql", () => {
  test("pages with nextPageToken until isLast, and only the last page has no token", async () => {
    const pages = await allPages({ jql: `${INCIDENTS} ORDER BY created ASC`, maxResults: 50 });
    expect(pages.map((p) => p.issues.length)).toEqual([50, 50, 8]);
    expect(pages.map((p) => p.isLast)).toEqual([false, false, true]);
    expect(pages.map((p) => typeof p.nextPageToken)).toEqual(["string", "string", "undefined"]);
    // the Bug and the Task are not incidents; OPS-5 is created after the server's clock
    expect(pages.flatMap((p) => p.issues.map((i: { key: string }) => i.key))).toEqual([...FEBRUARY_KEYS, "OPS-1", "OPS-3", "OPS-4"]);
  });

  test("without fields an issue is only its id, key and self", async () => {
    const { issues } = (await search({ jql: `${INCIDENTS} ORDER BY created DESC`, maxResults: 1 })).body;
    expect(issues).toEqual([{ id: "10004", key: "OPS-4", self: `${server.env.JIRA_BASE_URL}/rest/api/3/issue/10004` }]);
  });

  test("a resolved incident has the requested fields in Jira's shapes and time format", async () => {
    const fields = ["summary", "issuetype", "created", "updated", "resolutiondate", "status", "priority", "labels", "components", "description", DEPLOYMENT_FIELD, "customfield_99999"];
    const { issues } = (await search({ jql: `${INCIDENTS} AND labels = "deployment-gh-run:100"`, fields })).body;
    expect(issues).toHaveLength(1);
    const f = issues[0].fields;
    // customfield_99999 is not a field of the site: ignored, as Jira does
    expect(Object.keys(f).sort()).toEqual(fields.slice(0, -1).sort());
    expect(f.summary).toBe("Incident OPS-1");
    expect(f.issuetype.name).toBe("Incident");
    expect(f.created).toBe("2026-03-01T10:00:00.000+0000");
    expect(f.updated).toBe("2026-03-01T11:00:00.000+0000");
    expect(f.resolutiondate).toBe("2026-03-01T11:00:00.000+0000");
    expect(f.status.statusCategory.key).toBe("done");
    expect(f.priority).toEqual({ name: "High" });
    expect(f.labels).toEqual(["deployment-gh-run:100"]);
    expect(f.components.map((c: { name: string }) => c.name)).toEqual(["api"]);
    expect(f.description).toEqual({ type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text: "What happened in OPS-1" }] }] });
    expect(f[DEPLOYMENT_FIELD]).toBe("gh-run:100");
  });

  test("a reopened incident has no resolution date, and an edit moves updated", async () => {
    const { issues } = (await search({ jql: `${INCIDENTS} AND created >= "2026-03-03" AND created < "2026-03-04"`, fields: ["updated", "resolutiondate", "status", SEVERITY_FIELD] })).body;
    expect(issues.map((i: { key: string }) => i.key)).toEqual(["OPS-3"]);
    expect(issues[0].fields).toMatchObject({ updated: "2026-03-04T07:30:45.000+0000", resolutiondate: null, status: { statusCategory: { key: "indeterminate" } } });
    // a custom field of the site the issue has no value for comes back null
    expect(issues[0].fields[SEVERITY_FIELD]).toBeNull();
  });

  test("the issues are as of the server's clock: a later resolution is not applied, a later issue does not exist", async () => {
    const { issues } = (await search({ jql: `project = OPS AND created >= "2026-03-05"`, fields: ["resolutiondate", "status"] })).body;
    expect(issues.map((i: { key: string }) => i.key)).toEqual(["OPS-6", "OPS-4"]);
    expect(issues[1].fields).toMatchObject({ resolutiondate: null, status: { statusCategory: { key: "new" } } });
  });

  test("updated >= compares at minute granularity", async () => {
    expect(await keys(`${INCIDENTS} AND updated >= "2026-03-04 07:30" ORDER BY updated ASC`)).toEqual(["OPS-3", "OPS-4"]);
    expect(await keys(`${INCIDENTS} AND updated >= "2026-03-04 07:31" ORDER BY updated ASC`)).toEqual(["OPS-4"]);
  });

  test("issuetype in (…), labels and ORDER BY updated DESC", async () => {
    expect(await keys("project = OPS AND issuetype in (Bug, Task) ORDER BY updated DESC")).toEqual(["OPS-6", "OPS-2"]);
    expect(await keys(`project = OPS AND labels = "deployment-gh-run:100" ORDER BY created ASC`)).toEqual(["OPS-1", "OPS-6"]);
  });

  test("parentheses and OR group clauses", async () => {
    expect(await keys(`(${INCIDENTS}) AND updated >= "2026-03-04 07:31"`)).toEqual(["OPS-4"]);
    expect(await keys(`project = OPS AND (issuetype = Bug OR labels = "deployment-gh-run:100") ORDER BY created ASC`)).toEqual(["OPS-1", "OPS-2", "OPS-6"]);
  });

  test("the GET form takes the same parameters, fields comma-separated", async () => {
    const jql = encodeURIComponent(`${INCIDENTS} AND updated >= "2026-03-04 07:31"`);
    const { status, body } = await call(`/rest/api/3/search/jql?jql=${jql}&fields=labels,status&maxResults=10`);
    expect(status).toBe(200);
    expect(body.isLast).toBe(true);
    expect(body.issues.map((i: { key: string; fields: object }) => [i.key, Object.keys(i.fields).sort()])).toEqual([["OPS-4", ["labels", "status"]]]);
  });

  test("maxResults above 100 gives pages of 100", async () => {
    const { body } = await search({ jql: INCIDENTS, maxResults: 500 });
    expect(body.issues).toHaveLength(100);
    expect(body.isLast).toBe(false);
  });

  test("JQL the site does not understand, an unknown project, an unbounded query and a foreign page token are 400s with errorMessages", async () => {
    const cases = [
      { jql: "foo = bar" },
      { jql: "project = NOPE" },
      { jql: "ORDER BY updated ASC" },
      { jql: `${INCIDENTS} AND updated >= "yesterday"` },
      { jql: INCIDENTS, nextPageToken: "bm90LWEtdG9rZW4" },
    ];
    for (const body of cases) {
      const answer = await search(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.errorMessages).toHaveLength(1);
      expect(answer.body.errors).toEqual({});
    }
    expect((await search({ jql: "foo = bar" })).body.errorMessages[0]).toBe("Field 'foo' does not exist or you do not have permission to view it.");
    expect((await search({ jql: "project = NOPE" })).body.errorMessages[0]).toBe("The value 'NOPE' does not exist for the field 'project'.");
  });
});

test("the removed search endpoints answer 410 and point at search/jql", async () => {
  for (const [method, path] of [["GET", "/rest/api/3/search?jql=project%3DOPS"], ["POST", "/rest/api/3/search"], ["GET", "/rest/api/2/search"]] as const) {
    const answer = await call(path, { method, ...(method === "POST" ? { body: { jql: INCIDENTS } } : {}) });
    expect(answer.status, path).toBe(410);
    expect(answer.body.errorMessages[0]).toContain("/rest/api/3/search/jql");
  }
});

test("a wrong API token or no credentials are refused with 401", async () => {
  expect((await call("/rest/api/3/myself", { authorization: basic(server.env.JIRA_EMAIL!, "wrong") })).status).toBe(401);
  expect((await call("/rest/api/3/myself", { authorization: "" })).status).toBe(401);
  expect((await call("/rest/api/3/myself")).body.emailAddress).toBe(server.env.JIRA_EMAIL);
});

test("the field list names the site's custom fields", async () => {
  const { body } = await call("/rest/api/3/field");
  const byId = new Map(body.map((f: { id: string }) => [f.id, f]));
  expect(byId.get(DEPLOYMENT_FIELD)).toMatchObject({ custom: true, name: "Deployment", schema: { type: "string", customId: 10050 } });
  expect(byId.get("resolutiondate")).toMatchObject({ custom: false });
  expect(byId.has(SEVERITY_FIELD)).toBe(true);
});

test("an organisation without Jira serves no Jira site and no Jira credentials", async () => {
  const plain = await startDemoServer(organisation());
  try {
    expect(Object.keys(plain.env).filter((k) => k.startsWith("JIRA"))).toEqual([]);
    expect((await fetch(`${plain.url}/jira/rest/api/3/myself`)).status).toBe(404);
  } finally {
    await plain.close();
  }
});

test("under the fault mix a patient client gets the same pages, after 429s and 503s that say Retry-After", async () => {
  const faulty = await startDemoServer(jiraOrganisation(), { faults: true, seed: 3 });
  try {
    const statuses: number[] = [];
    const pages: unknown[] = [];
    let token: string | undefined;
    for (let guard = 0; guard < 200 && pages.length < 22; guard++) {
      let response: Response;
      try {
        response = await fetch(`${faulty.env.JIRA_BASE_URL}/rest/api/3/search/jql`, {
          method: "POST",
          headers: { authorization: basic(faulty.env.JIRA_EMAIL!, faulty.env.JIRA_API_TOKEN!), "content-type": "application/json" },
          body: JSON.stringify({ jql: `${INCIDENTS} ORDER BY created ASC`, maxResults: 5, fields: ["updated"], ...(token ? { nextPageToken: token } : {}) }),
        });
        statuses.push(response.status);
        if (response.headers.get("retry-after")) {
          await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get("retry-after")) * 1000));
          continue;
        }
        if (response.status !== 200) continue;
        const page = await response.json();
        pages.push(page);
        token = page.nextPageToken;
        if (page.isLast) break;
      } catch {
        statuses.push(0);
      }
    }
    expect(faulty.violations()).toEqual([]);
    expect(statuses.some((s) => s === 429 || s === 503)).toBe(true);
    const fetched = pages.flatMap((p) => (p as { issues: Array<{ key: string }> }).issues.map((i) => i.key));
    expect(fetched).toEqual([...FEBRUARY_KEYS, "OPS-1", "OPS-3", "OPS-4"]);
  } finally {
    await faulty.close();
  }
}, 60_000);
