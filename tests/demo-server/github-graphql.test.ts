import { afterAll, beforeAll, expect, test } from "vitest";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { organisation, sha } from "./fixture.ts";

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer(organisation());
});
afterAll(() => server.close());

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(server.env.GITHUB_GRAPHQL_URL, {
    method: "POST",
    headers: { authorization: `Bearer ${server.env.GITHUB_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** The pull request query the extractor sends (raw-streams.md, pull_requests). */
const PULLS = `
  query ($owner: String!, $name: String!, $first: Int!, $after: String, $states: [PullRequestState!]) {
    rateLimit { cost remaining resetAt }
    repository(owner: $owner, name: $name) {
      pullRequests(states: $states, orderBy: {field: UPDATED_AT, direction: DESC}, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          number databaseId id title body state createdAt updatedAt mergedAt closedAt baseRefName headRefName
          author { login }
          labels(first: 20) { nodes { name } }
          mergeCommit { oid }
          commits(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { commit { oid authoredDate committedDate } } }
          files(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { path } }
        }
      }
    }
  }`;

test("the extractor's pull request query runs against GitHub's schema and returns the merged pull request", async () => {
  const { status, headers, body } = await graphql(PULLS, { owner: "acme", name: "api", first: 10, states: ["MERGED"] });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(headers.get("x-ratelimit-resource")).toBe("graphql");
  const connection = body.data.repository.pullRequests;
  expect(connection.totalCount).toBe(1);
  expect(connection.pageInfo.hasNextPage).toBe(false);
  expect(connection.nodes[0]).toMatchObject({
    number: 1,
    databaseId: 5001,
    state: "MERGED",
    mergedAt: "2026-02-24T09:00:00Z",
    baseRefName: "main",
    headRefName: "feature/x",
    author: { login: "bob" },
    labels: { nodes: [{ name: "feature" }] },
    mergeCommit: { oid: sha("d1") },
    files: { totalCount: 2, nodes: [{ path: "src/f1.ts" }, { path: "src/f2.ts" }] },
  });
  expect(connection.nodes[0].commits).toEqual({
    totalCount: 2,
    pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    nodes: [
      { commit: { oid: sha("f1"), authoredDate: "2026-02-21T10:00:00Z", committedDate: "2026-02-22T08:00:00Z" } },
      { commit: { oid: sha("f2"), authoredDate: "2026-02-23T10:00:00Z", committedDate: "2026-02-23T10:00:00Z" } },
    ],
  });
  expect(body.data.rateLimit.cost).toBe(1);
});

test("cursor paging walks every pull request in the requested order", async () => {
  const numbers: number[] = [];
  let after: string | null = null;
  for (let page = 0; page < 5; page++) {
    const { body } = await graphql(PULLS, { owner: "acme", name: "api", first: 1, after });
    const connection: { nodes: Array<{ number: number }>; pageInfo: { hasNextPage: boolean; endCursor: string } } = body.data.repository.pullRequests;
    numbers.push(...connection.nodes.map((n) => n.number));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  // updated: #3 on 03-07, #2 on 03-06, #1 on 02-24
  expect(numbers).toEqual([3, 2, 1]);
});

test("asking for more than 100 records is GitHub's EXCESSIVE_PAGINATION error, with no data", async () => {
  const { status, body } = await graphql(PULLS, { owner: "acme", name: "api", first: 101 });
  expect(status).toBe(200);
  expect(body.data).toBeNull();
  expect(body.errors[0]).toMatchObject({
    type: "EXCESSIVE_PAGINATION",
    message: "Requesting 101 records on the `pullRequests` connection exceeds the `first` limit of 100 records.",
  });
});

test("a connection without first or last is refused", async () => {
  const { body } = await graphql(`{ repository(owner: "acme", name: "api") { pullRequests { totalCount } } }`);
  expect(body.data).toBeNull();
  expect(body.errors[0].type).toBe("MISSING_PAGINATION_BOUNDARIES");
});

test("a field GitHub's schema does not have fails validation with GitHub's wording", async () => {
  const { status, body } = await graphql(`{ repository(owner: "acme", name: "api") { pullRequests(first: 1) { nodes { leadTime } } } }`);
  expect(status).toBe(200);
  expect(body.data).toBeUndefined();
  expect(body.errors[0]).toMatchObject({
    message: "Field 'leadTime' doesn't exist on type 'PullRequest'",
    extensions: { code: "undefinedField", typeName: "PullRequest", fieldName: "leadTime" },
  });
});

test("a syntax error and a missing query are reported as errors", async () => {
  expect((await graphql("{ repository(owner: ")).body.errors[0].message).toMatch(/Syntax Error/);
  const response = await fetch(server.env.GITHUB_GRAPHQL_URL, {
    method: "POST",
    headers: { authorization: `Bearer ${server.env.GITHUB_TOKEN}` },
    body: JSON.stringify({}),
  });
  expect((await response.json()).errors[0].message).toBe("A query attribute must be specified and must be a string.");
});

test("a commit found by oid shows its parents and associated pull requests", async () => {
  const { body } = await graphql(
    `query ($oid: GitObjectID!) { repository(owner: "acme", name: "api") { object(oid: $oid) {
       ... on Commit { oid parents(first: 5) { nodes { oid } } associatedPullRequests(first: 5) { nodes { number } } } } } }`,
    { oid: sha("d1") },
  );
  expect(body.data.repository.object).toEqual({
    oid: sha("d1"),
    parents: { nodes: [{ oid: sha("c3") }, { oid: sha("f2") }] },
    associatedPullRequests: { nodes: [{ number: 1 }] },
  });
});

test("rateLimit counts down with each query", async () => {
  const first = (await graphql("{ rateLimit { remaining } }")).body.data.rateLimit.remaining;
  const second = await graphql("{ rateLimit { remaining resetAt } }");
  expect(second.body.data.rateLimit.remaining).toBe(first - 1);
  expect(Number(second.headers.get("x-ratelimit-remaining"))).toBe(first - 1);
  expect(Date.parse(second.body.data.rateLimit.resetAt)).toBeGreaterThan(Date.now());
});

test("an unknown repository is null with GitHub's NOT_FOUND error", async () => {
  const { body } = await graphql(`{ repository(owner: "acme", name: "nope") { id } }`);
  expect(body.data.repository).toBeNull();
  expect(body.errors[0]).toMatchObject({
    type: "NOT_FOUND",
    path: ["repository"],
    message: "Could not resolve to a Repository with the name 'acme/nope'.",
  });
});
