import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Faults } from "../../demo/server/faults.ts";
import { GitHubStore } from "../../demo/server/github/store.ts";
import { gitHubSurface } from "../../demo/server/github/surface.ts";
import { pagerDutySurface } from "../../demo/server/pagerduty/surface.ts";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { organisation } from "./fixture.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

interface Seen {
  serverErrors: number;
  dropped: number;
  retryAfter: number;
  primary: number;
  graphqlRateLimited: number;
  pagerDutyRateLimited: number;
}

/**
 * A client that retries the way the extractors must: after 5xx and dropped connections at once,
 * after a rate limit only once retry-after, x-ratelimit-reset or ratelimit-reset has passed.
 */
async function patiently(url: string, init: RequestInit, seen: Seen): Promise<{ status: number; text: string }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, init);
      text = await response.text();
    } catch {
      seen.dropped++;
      continue;
    }
    const h = response.headers;
    if (response.status >= 500) {
      seen.serverErrors++;
      continue;
    }
    if (h.get("retry-after")) {
      seen.retryAfter++;
      await sleep(Number(h.get("retry-after")) * 1000);
      continue;
    }
    if (h.get("x-ratelimit-remaining") === "0") {
      if (response.status === 200) seen.graphqlRateLimited++;
      else seen.primary++;
      await sleep(Number(h.get("x-ratelimit-reset")) * 1000 - Date.now());
      continue;
    }
    if (response.status === 429) {
      seen.pagerDutyRateLimited++;
      await sleep(Number(h.get("ratelimit-reset")) * 1000);
      continue;
    }
    return { status: response.status, text };
  }
  throw new Error(`${url}: no answer after 20 attempts`);
}

const PULLS_QUERY = `{ repository(owner: "acme", name: "api") { pullRequests(first: 10, states: [MERGED]) { nodes { number mergedAt } } } }`;

/** A mix of the requests a sync makes: REST pages, GraphQL, PagerDuty. */
function requests(server: DemoServer): Array<[string, RequestInit]> {
  const github = { authorization: `Bearer ${server.env.GITHUB_TOKEN}` };
  const pagerduty = { authorization: `Token token=${server.env.PAGERDUTY_TOKEN}` };
  const rest = ["/repos/acme/api/actions/runs?page=1", "/repos/acme/api/actions/runs?page=2", "/repos/acme/api/deployments", "/repos/acme/api/compare/release/1.0...main"];
  const pd = ["/incidents?limit=10", "/incidents/PINC001/log_entries", "/services"];
  const one: Array<[string, RequestInit]> = [
    ...rest.map((path): [string, RequestInit] => [`${server.env.GITHUB_API_URL}${path}`, { headers: github }]),
    [server.env.GITHUB_GRAPHQL_URL, { method: "POST", headers: github, body: JSON.stringify({ query: PULLS_QUERY }) }],
    [server.env.GITHUB_GRAPHQL_URL, { method: "POST", headers: github, body: JSON.stringify({ query: "{ rateLimit { limit } }" }) }],
    ...pd.map((path): [string, RequestInit] => [`${server.env.PAGERDUTY_API_URL}${path}`, { headers: pagerduty }]),
  ];
  return Array.from({ length: 20 }, () => one).flat();
}

describe("the fault mix", () => {
  let clean: DemoServer;
  let faulty: DemoServer;
  beforeAll(async () => {
    clean = await startDemoServer(organisation());
    faulty = await startDemoServer(organisation(), { faults: true, seed: 1 });
  });
  afterAll(async () => {
    await clean.close();
    await faulty.close();
  });

  test("a client that retries and waits as told gets the same answers as without faults, and breaks no wait", async () => {
    const seen: Seen = { serverErrors: 0, dropped: 0, retryAfter: 0, primary: 0, graphqlRateLimited: 0, pagerDutyRateLimited: 0 };
    const expected = await Promise.all(requests(clean).map(([url, init]) => fetch(url, init).then((r) => r.text())));
    const got: string[] = [];
    for (const [url, init] of requests(faulty)) got.push((await patiently(url, init, seen)).text);
    // the bodies hold the server's own URLs (Link targets, self links): compare them with those aligned
    expect(got).toEqual(expected.map((text) => text.replaceAll(clean.url, faulty.url)));
    expect(seen.serverErrors).toBeGreaterThan(0);
    expect(seen.dropped).toBeGreaterThan(0);
    expect(seen.retryAfter).toBeGreaterThan(0);
    expect(seen.primary + seen.graphqlRateLimited).toBeGreaterThan(0);
    expect(seen.pagerDutyRateLimited).toBeGreaterThan(0);
    expect(faulty.violations()).toEqual([]);
  });

  test("coming back before the wait is over is answered with the limit again and recorded as a violation", async () => {
    const server = await startDemoServer(organisation(), { faults: true, seed: 3 });
    try {
      const url = `${server.env.GITHUB_API_URL}/repos/acme/api/deployments`;
      const headers = { authorization: `Bearer ${server.env.GITHUB_TOKEN}` };
      let limited = false;
      for (let i = 0; i < 500 && !limited; i++) {
        const response = await fetch(url, { headers }).then(
          (r) => r,
          () => undefined,
        );
        await response?.text().catch(() => undefined);
        limited = response !== undefined && (response.headers.has("retry-after") || response.headers.get("x-ratelimit-remaining") === "0");
      }
      expect(limited).toBe(true);
      expect(server.violations()).toEqual([]);
      // checking the quota during the wait is allowed
      expect((await fetch(`${server.env.GITHUB_API_URL}/rate_limit`, { headers })).status).toBe(200);
      expect(server.violations()).toEqual([]);
      // past the moment a request could still have been on its way, but well inside the 1–2 s wait
      await sleep(100);
      const tooSoon = await fetch(url, { headers });
      expect([403, 429]).toContain(tooSoon.status);
      expect(server.violations()).toEqual([expect.objectContaining({ api: "github", route: "GET /repos/{owner}/{repo}/deployments" })]);
    } finally {
      await server.close();
    }
  });
});

describe("fault draws", () => {
  test("the same seed draws the same faults; about one request in ten fails", () => {
    const draws = (seed: number) => {
      const faults = new Faults(true, seed);
      return Array.from({ length: 2000 }, (_, i) => faults.draw(`GET /page/${i}`) ?? "none");
    };
    expect(draws(42)).toEqual(draws(42));
    expect(draws(42)).not.toEqual(draws(43));
    const share = draws(42).filter((d) => d !== "none").length / 2000;
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.13);
    expect(new Set(draws(42))).toEqual(new Set(["none", "bad_gateway", "gateway_timeout", "dropped_connection", "primary_rate_limit", "secondary_rate_limit"]));
  });

  test("one request never fails more than twice in a row, so a client with three retries gets through", () => {
    const faults = new Faults(true, 5);
    let longest = 0;
    let streak = 0;
    for (let i = 0; i < 5000; i++) {
      streak = faults.draw("GET /always/the/same") ? streak + 1 : 0;
      longest = Math.max(longest, streak);
    }
    expect(longest).toBe(2);
  });

  test("without --faults nothing is drawn", () => {
    const faults = new Faults(false, 1);
    expect(Array.from({ length: 500 }, (_, i) => faults.draw(`k${i}`)).filter(Boolean)).toEqual([]);
  });
});

describe("fault answers", () => {
  const github = gitHubSurface(new GitHubStore(organisation()), { api: "http://127.0.0.1:1/github", createdAt: "2026-01-01T00:00:00Z" });

  test("GitHub's primary limit: REST gets 403/429 with no quota left, GraphQL a 200 with a RATE_LIMITED error", () => {
    const before = Date.now();
    const rest = github.fault("primary_rate_limit", "GET /repos/{owner}/{repo}/deployments", 2);
    expect([403, 429]).toContain(rest.response.status);
    expect(rest.response.headers).toMatchObject({ "x-ratelimit-remaining": "0", "x-ratelimit-resource": "core" });
    const reset = Number(rest.response.headers!["x-ratelimit-reset"]);
    expect(reset * 1000).toBeGreaterThanOrEqual(before + 2000);
    expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 3000);
    expect(rest.blockUntil).toBe(reset * 1000);
    const graphql = github.fault("primary_rate_limit", "POST /graphql", 1);
    expect(graphql.response.status).toBe(200);
    expect(graphql.response.headers).toMatchObject({ "x-ratelimit-remaining": "0", "x-ratelimit-resource": "graphql" });
    expect((graphql.response.body as { errors: Array<{ type: string }> }).errors[0]!.type).toBe("RATE_LIMITED");
  });

  test("GitHub's secondary limit: a 403 with retry-after and the documented message", () => {
    const secondary = github.fault("secondary_rate_limit", "GET /repos/{owner}/{repo}/deployments", 1);
    expect(secondary.response.status).toBe(403);
    expect(secondary.response.headers).toEqual({ "retry-after": "1" });
    expect((secondary.response.body as { message: string }).message).toMatch(/^You have exceeded a secondary rate limit/);
  });

  test("PagerDuty's limit: a 429 with ratelimit-reset in seconds and code 2020", () => {
    const pagerduty = pagerDutySurface(organisation(), { api: "http://127.0.0.1:1/pagerduty", now: "2026-03-10T23:59:59Z" });
    const limited = pagerduty.fault("primary_rate_limit", "GET /incidents", 2);
    expect(limited.response).toMatchObject({
      status: 429,
      headers: { "ratelimit-reset": "2", "ratelimit-remaining": "0" },
      body: { error: { message: "Rate Limit Exceeded", code: 2020 } },
    });
  });
});

describe("the malformed switch", () => {
  test("truncates a workflow's run listing and PagerDuty incidents, so a sync fails on them", async () => {
    const server = await startDemoServer(organisation(), { malformed: true });
    try {
      const github = { authorization: `Bearer ${server.env.GITHUB_TOKEN}` };
      const workflows = await fetch(`${server.env.GITHUB_API_URL}/repos/acme/api/actions/workflows`, { headers: github }).then((r) => r.json());
      const runs = await fetch(`${server.env.GITHUB_API_URL}/repos/acme/api/actions/workflows/${workflows.workflows[0].id}/runs`, { headers: github });
      expect(runs.status).toBe(200);
      const text = await runs.text();
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      const repo = await fetch(`${server.env.GITHUB_API_URL}/repos/acme/api`, { headers: github }).then((r) => r.json());
      expect(repo.full_name).toBe("acme/api");
      const incidents = await fetch(`${server.env.PAGERDUTY_API_URL}/incidents`, { headers: { authorization: `Token token=${server.env.PAGERDUTY_TOKEN}` } });
      expect(incidents.status).toBe(200);
      const incidentsText = await incidents.text();
      expect(incidentsText.startsWith('{"incidents":[')).toBe(true);
      expect(() => JSON.parse(incidentsText)).toThrow(SyntaxError);
    } finally {
      await server.close();
    }
  });
});
