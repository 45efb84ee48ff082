// GitHub's rate budget as GitHub keeps it, in the demo server, and an extractor that lives within it:
// a backfill larger than the budget stops at the reserve (a clean end, not an error) and the next run
// after the reset goes on, until what has landed equals an unconstrained sync.
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { graphqlPoints } from "../../demo/server/github/graphql-cost.ts";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { githubSource } from "../../ingest/github/source.ts";
import { PULL_REQUESTS_PAGE_SIZE, PULL_REQUESTS_QUERY } from "../../ingest/github/streams/pull-requests.ts";
import { RateBudget } from "../../ingest/http/budget.ts";
import { DuckDbLoader } from "../../ingest/load/duckdb.ts";
import { pagerdutySource } from "../../ingest/pagerduty/source.ts";
import { syncSource, type SyncResult } from "../../ingest/sync.ts";
import { CATALOG, DATASET, ingestConfig, latestRecords, temporaryDatabase } from "./demo-harness.ts";

const RESERVE = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** GitHub then PagerDuty into `file`, as `doraform ingest` runs them; the GitHub result. */
async function sync(server: DemoServer, org: Organisation, file: string, budget: Record<string, number> = {}, log: string[] = []): Promise<SyncResult> {
  const config = ingestConfig(org);
  const loader = await DuckDbLoader.open({ file, catalog: CATALOG, dataset: DATASET });
  try {
    const github = await syncSource(githubSource, githubSource.parseConfig({ ...config.github, ...budget }, server.env), loader, (line) => log.push(line));
    await syncSource(pagerdutySource, pagerdutySource.parseConfig(config.pagerduty, server.env), loader, () => undefined);
    return github;
  } finally {
    await loader.close();
  }
}

describe("GitHub's rate budget", () => {
  // several repositories, each read within a fraction of the budget: a sync stops between them
  const org = generateOrganisation({ services: 24, weeks: 2, deploysPerDay: 0.3, incidentsPerWeek: 0.3, seed: 5 });
  let unconstrained: Awaited<ReturnType<typeof latestRecords>>;
  let needed: number;
  let points: number;
  const unconstrainedLog: string[] = [];

  beforeAll(async () => {
    const server = await startDemoServer(org);
    try {
      const file = temporaryDatabase();
      await sync(server, org, file, {}, unconstrainedLog);
      ({ github_counted_requests: needed, github_graphql_points: points } = server.githubUsage());
      unconstrained = await latestRecords(file);
    } finally {
      await server.close();
    }
  });

  it("shows progress at each tenth of the repositories: what was spent, what is left, how long to go", () => {
    const changed = Number(/^github: (\d+) of \d+ repositories changed/m.exec(unconstrainedLog.join("\n"))![1]);
    const lines = unconstrainedLog.filter((line) => / changed repositories read in /.test(line));
    // a line when the share read passes a tenth, and at the last
    const expected: number[] = [];
    for (let done = 1, tenth = 0; done <= changed; done++) {
      if (Math.floor((done * 10) / changed) !== tenth || done === changed) expected.push(done);
      tenth = Math.floor((done * 10) / changed);
    }
    expect(lines.map((line) => Number(/^github: (\d+) of/.exec(line)![1]))).toEqual(expected);
    expect(lines.slice(0, -1).every((line) => / to go at this pace/.test(line))).toBe(true);
    // the last line's spending is what the server counted: REST requests that counted and GraphQL points
    const last = lines.at(-1)!;
    expect(last).toContain(`spent ${needed.toLocaleString("en-US")} core requests and ${points.toLocaleString("en-US")} GraphQL points`);
    expect(last).toMatch(/left [\d,]+ of 5,000 core until \d\d:\d\d UTC, [\d,]+ of 5,000 graphql until \d\d:\d\d UTC$/);
  });

  it("a backfill larger than the budget stops at the reserve, exits cleanly and completes over the next windows", async () => {
    // half the requests (plus the reserve) fit each hour
    const limit = Math.ceil(needed / 2) + RESERVE;
    const server = await startDemoServer(org, { githubBudget: { limit, clockSpeed: 1 } });
    const settings = { rate_limit_reserve: RESERVE, rate_limit_max_wait_seconds: 0 };
    try {
      const file = temporaryDatabase();
      const first = await sync(server, org, file, settings);
      expect(first.stopped).toMatch(new RegExp(`^github: ${RESERVE} of ${limit} core requests left, the reserve is ${RESERVE}; the budget resets at .*stopped`));
      // serial requests: exactly the budget less the reserve is spent, and none is refused for it
      expect(server.githubUsage().github_counted_requests).toBe(limit - RESERVE);
      expect(server.githubUsage().github_over_budget).toBe(0);

      // a later run reads again only the slices (one stream of one repository) it had not saved
      const runs = [first];
      while (runs.at(-1)!.stopped && runs.length < 5) {
        server.endGitHubWindows();
        server.resetCounts();
        runs.push(await sync(server, org, file, settings));
        if (runs.at(-1)!.stopped) expect(server.githubUsage().github_counted_requests).toBe(limit - RESERVE);
        expect(server.githubUsage().github_over_budget).toBe(0);
      }
      expect(runs.at(-1)!.stopped).toBeUndefined();
      const landed = await latestRecords(file);
      for (const stream of Object.keys(unconstrained)) expect([stream, landed[stream]]).toEqual([stream, unconstrained[stream]]);
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe("the extractor's budget", () => {
  const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });
  const budget = (maxWaitMs: number, log: string[] = []) =>
    new RateBudget({ source: "github", reserve: 10, maxWaitMs, resourceOf: (method) => (method === "POST" ? "graphql" : "core"), log: (line) => log.push(line) });

  it("sends while more than the reserve is left, counting its own requests before their answers", async () => {
    const subject = budget(0);
    subject.observe(headers({ "x-ratelimit-remaining": "12", "x-ratelimit-limit": "5000", "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 2990), "x-ratelimit-resource": "core" }));
    await subject.beforeSend("GET", "/a");
    await subject.beforeSend("GET", "/b");
    // 12 - 2 = 10 left: the reserve
    await expect(subject.beforeSend("GET", "/c")).rejects.toThrow(/^github: 10 of 5000 core requests left, the reserve is 10; the budget resets at .* \(in 50 min\), later than the 0 s this sync may wait/);
    // the GraphQL budget is another window
    await expect(subject.beforeSend("POST", "/graphql")).resolves.toBeUndefined();
  });

  it("waits for a reset within its limit, then sends", async () => {
    const log: string[] = [];
    const subject = budget(30_000, log);
    const resetSeconds = Math.ceil(Date.now() / 1000) + 1;
    subject.observe(headers({ "x-ratelimit-remaining": "10", "x-ratelimit-limit": "5000", "x-ratelimit-reset": String(resetSeconds) }));
    await subject.beforeSend("GET", "/a");
    // the reset second itself may still be limited: not before the second after it
    expect(Date.now()).toBeGreaterThanOrEqual((resetSeconds + 1) * 1000 - 5);
    expect(log).toEqual([expect.stringMatching(/^github: 10 core requests left, the reserve is 10: waiting [1-3] s for the reset$/)]);
  });
});

describe("the simulated GitHub's accounting", () => {
  let server: DemoServer;
  const org = generateOrganisation({ ...SIZES.tiny, seed: 5 });
  const repository = org.repositories[0]!.full_name;
  beforeAll(async () => {
    server = await startDemoServer(org, { githubBudget: { limit: 60, clockSpeed: 1 } });
  });
  afterAll(() => server.close());

  const rest = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.env.GITHUB_API_URL}${path}`, { headers: { authorization: `Bearer ${server.env.GITHUB_TOKEN}`, ...headers } });
  const graphql = (query: string, variables: Record<string, unknown> = {}) =>
    fetch(server.env.GITHUB_GRAPHQL_URL, {
      method: "POST",
      headers: { authorization: `Bearer ${server.env.GITHUB_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });

  it("charges GraphQL by GitHub's published formula", () => {
    // GitHub's own example: 1 + 100 + 100·50 = 5,101 requests, 51 points
    const documented = parse(`query { viewer { login repositories(first: 100) { edges { node { id issues(first: 50) { edges { node { id
      labels(first: 60) { edges { node { id name } } } } } } } } } } }`);
    expect(graphqlPoints(documented)).toBe(51);
    // page sizes from variables, fragments counted where they are spread; never below 1 point
    const withVariables = parse(`query($n: Int!) { repository(owner: "a", name: "b") { ...prs } }
      fragment prs on Repository { pullRequests(first: $n) { nodes { commits(first: 100) { nodes { commit { oid } } } } } }`);
    expect(graphqlPoints(withVariables, { n: 100 })).toBe(Math.round((1 + 100) / 100));
    expect(graphqlPoints(withVariables, { n: 300 })).toBe(Math.round((1 + 300) / 100));
    expect(graphqlPoints(parse(`{ viewer { login } }`))).toBe(1);
    // a page of merged pull requests: 1 + 4 connections each (labels, commits, files, reviews); the
    // extractor's page is the largest that stays at 1 point
    expect(graphqlPoints(parse(PULL_REQUESTS_QUERY), { pageSize: PULL_REQUESTS_PAGE_SIZE })).toBe(1);
    expect(graphqlPoints(parse(PULL_REQUESTS_QUERY), { pageSize: PULL_REQUESTS_PAGE_SIZE + 1 })).toBe(2);
  });

  it("counts a REST request, not a 304, and GraphQL in points, and says so truthfully in rateLimit", async () => {
    server.resetCounts();
    const first = await rest(`/repos/${repository}`);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect((await rest(`/repos/${repository}`, { "if-none-match": etag })).status).toBe(304);
    const [owner, name] = repository.split("/");
    const answer = await graphql(`query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {
        pullRequests(first: 100) { nodes { commits(first: 100) { nodes { commit { oid } } } } } }
      rateLimit { cost remaining limit } }`, { owner, name });
    const body = (await answer.json()) as { data: { rateLimit: { cost: number; remaining: number; limit: number } } };
    // 1 + 100 requests: 1 point
    expect(body.data.rateLimit).toEqual({ cost: 1, remaining: 59, limit: 60 });
    expect(server.githubUsage()).toEqual({ github_counted_requests: 1, github_not_modified: 1, github_graphql_points: 1, github_over_budget: 0 });
  });

  it("answers 403 with no quota left until the reset once a budget that blocks is spent", async () => {
    let last = await rest(`/repos/${repository}`);
    while (Number(last.headers.get("x-ratelimit-remaining")) > 0) last = await rest(`/repos/${repository}`);
    const refused = await rest(`/repos/${repository}`);
    expect(refused.status).toBe(403);
    expect(server.githubUsage().github_over_budget).toBe(1);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("x-ratelimit-reset")) * 1000).toBeGreaterThan(Date.now() + 3_000_000);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^API rate limit exceeded/);
    // the quota itself can still be read, as on GitHub
    expect((await rest("/rate_limit")).status).toBe(200);
  });

  it("runs the hour faster with a clock speed: spent, refused, then answered again after the reset", async () => {
    const fast = await startDemoServer(org, { githubBudget: { limit: 2, clockSpeed: 3600 } });
    try {
      const get = () => fetch(`${fast.env.GITHUB_API_URL}/repos/${repository}`, { headers: { authorization: `Bearer ${fast.env.GITHUB_TOKEN}` } });
      expect((await get()).status).toBe(200);
      const last = await get();
      expect(last.headers.get("x-ratelimit-remaining")).toBe("0");
      expect((await get()).status).toBe(403);
      await sleep(Number(last.headers.get("x-ratelimit-reset")) * 1000 - Date.now() + 50);
      expect((await get()).status).toBe(200);
    } finally {
      await fast.close();
    }
  });
});
