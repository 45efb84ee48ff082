import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Commit, Organisation } from "../../demo/model/organisation.ts";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { allPages, call, CI_RUNS, organisation, sha } from "./fixture.ts";
import { responseChecker } from "./openapi.ts";

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer(organisation());
});
afterAll(() => server.close());

const get = (path: string, headers?: Record<string, string>) => call(server, "github", path, { headers });
const runIds = (body: { workflow_runs: Array<{ id: number }> }) => body.workflow_runs.map((r) => r.id);
const ciIdsNewestFirst = CI_RUNS.map((r) => r.id).reverse();

describe("shapes", () => {
  // [operation path as GitHub's OpenAPI description spells it, a request for it]
  test.each([
    ["/user/repos", "/user/repos"],
    ["/orgs/{org}/repos", "/orgs/acme/repos"],
    ["/repos/{owner}/{repo}", "/repos/acme/api"],
    ["/repos/{owner}/{repo}/actions/workflows", "/repos/acme/api/actions/workflows"],
    ["/repos/{owner}/{repo}/actions/runs", "/repos/acme/api/actions/runs?per_page=100"],
    ["/repos/{owner}/{repo}/actions/runs/{run_id}", "/repos/acme/api/actions/runs/102"],
    ["/repos/{owner}/{repo}/actions/runs/{run_id}/jobs", "/repos/acme/api/actions/runs/100/jobs?filter=all"],
    ["/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs", "/repos/acme/api/actions/runs/100/attempts/1/jobs"],
    ["/repos/{owner}/{repo}/deployments", "/repos/acme/api/deployments"],
    ["/repos/{owner}/{repo}/deployments/{deployment_id}/statuses", "/repos/acme/api/deployments/500/statuses"],
    ["/repos/{owner}/{repo}/pulls", "/repos/acme/api/pulls?state=all"],
    ["/repos/{owner}/{repo}/pulls/{pull_number}", "/repos/acme/api/pulls/1"],
    ["/repos/{owner}/{repo}/pulls/{pull_number}/commits", "/repos/acme/api/pulls/1/commits"],
    ["/repos/{owner}/{repo}/pulls/{pull_number}/files", "/repos/acme/api/pulls/1/files"],
    ["/repos/{owner}/{repo}/compare/{basehead}", "/repos/acme/api/compare/release/1.0...main"],
    ["/repos/{owner}/{repo}/commits", "/repos/acme/api/commits"],
    ["/repos/{owner}/{repo}/commits/{ref}", "/repos/acme/api/commits/main"],
    ["/repos/{owner}/{repo}/commits/{commit_sha}/pulls", "/repos/acme/api/commits/d1d1d1d1/pulls"],
    ["/rate_limit", "/rate_limit"],
  ])("%s answers in the shape of GitHub's OpenAPI description", async (operation, path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(responseChecker(operation)(response.body)).toEqual([]);
  });
});

describe("repositories", () => {
  test("the token lists the organisation's repositories, as /user/repos does", async () => {
    expect((await get("/user/repos")).body.map((r: { full_name: string }) => r.full_name)).toEqual(["acme/api"]);
    expect((await get("/orgs/acme/repos")).body.map((r: { id: number }) => r.id)).toEqual([1001]);
    expect((await get("/orgs/someone-else/repos")).status).toBe(404);
    expect((await get("/repos/ACME/API")).body.default_branch).toBe("main");
  });
});

describe("workflow runs", () => {
  test("pages of 30, newest first, with prev/next/last/first links, and nothing created after as_of", async () => {
    const first = await get("/repos/acme/api/actions/runs");
    expect(first.body.total_count).toBe(68); // 65 CI runs + runs 100, 101, 102; 103 starts after as_of
    const link = first.headers.get("link")!;
    expect(link).toContain('page=2>; rel="next"');
    expect(link).toContain('page=3>; rel="last"');
    expect(link).not.toContain('rel="prev"');
    const middle = await get("/repos/acme/api/actions/runs?page=2");
    expect(middle.headers.get("link")).toMatch(/page=1>; rel="prev".*page=3>; rel="next".*page=3>; rel="last".*page=1>; rel="first"/);
    const pages = await allPages(server, "/repos/acme/api/actions/runs");
    expect(pages.map((p) => p.workflow_runs.length)).toEqual([30, 30, 8]);
    expect(pages.flatMap(runIds)).toEqual([102, 101, 100, ...ciIdsNewestFirst]);
  });

  test("per_page up to 100 is one page without a Link header; above 100 is a 422", async () => {
    const all = await get("/repos/acme/api/actions/runs?per_page=100");
    expect(all.body.workflow_runs).toHaveLength(68);
    expect(all.headers.get("link")).toBeNull();
    const refused = await get("/repos/acme/api/actions/runs?per_page=101");
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe("Validation Failed");
  });

  test("a re-run run shows its latest attempt", async () => {
    const { body } = await get("/repos/acme/api/actions/runs/100");
    expect(body).toMatchObject({
      run_attempt: 2,
      status: "completed",
      conclusion: "success",
      run_started_at: "2026-03-02T10:20:00Z",
      updated_at: "2026-03-02T10:30:00Z",
      created_at: "2026-03-02T10:00:00Z",
      path: ".github/workflows/deploy.yml",
      name: "Deploy",
      html_url: "https://github.com/acme/api/actions/runs/100",
      head_sha: sha("d1"),
    });
    expect((await get("/repos/acme/api/actions/runs/102")).body).toMatchObject({ status: "in_progress", conclusion: null });
    expect((await get("/repos/acme/api/actions/runs/103")).status).toBe(404);
  });

  test("created takes GitHub's search date syntax", async () => {
    const ids = async (created: string) => runIds((await get(`/repos/acme/api/actions/runs?per_page=100&created=${encodeURIComponent(created)}`)).body);
    expect(await ids(">=2026-03-01")).toEqual([102, 101, 100]);
    expect(await ids("2026-03-02..2026-03-03")).toEqual([101, 100]);
    expect(await ids("<2026-02-01T02:00:00Z")).toEqual([201, 200]);
    expect(await ids("<=2026-02-01T02:00:00Z")).toEqual([202, 201, 200]);
    // 2026-02-02 is hours 24–47 after the first CI run
    expect(await ids("2026-02-02")).toEqual(Array.from({ length: 24 }, (_, i) => 247 - i));
    expect(await ids("2026-03-05T00:00:00Z..*")).toEqual([102]);
    expect((await get("/repos/acme/api/actions/runs?created=yesterday")).status).toBe(422);
  });

  test("branch, event, status (or conclusion) and head_sha filter on the server", async () => {
    const ids = async (query: string) => runIds((await get(`/repos/acme/api/actions/runs?per_page=100&${query}`)).body);
    expect(await ids("branch=release/1.0")).toEqual([102]);
    expect(await ids("event=pull_request")).toEqual([101]);
    expect(await ids("status=in_progress")).toEqual([102]);
    expect(await ids("status=failure")).toEqual([]); // run 100 failed once, but its latest attempt succeeded
    expect(await ids("status=success")).toEqual([101, 100, ...ciIdsNewestFirst]);
    expect(await ids(`head_sha=${sha("d1")}`)).toEqual([100]);
    expect(runIds((await get("/repos/acme/api/actions/workflows/deploy.yml/runs")).body)).toEqual([102, 100]);
  });

  test("a pull_request run names its pull request unless exclude_pull_requests is set", async () => {
    expect((await get("/repos/acme/api/actions/runs/101")).body.pull_requests).toEqual([
      expect.objectContaining({ number: 1, head: expect.objectContaining({ ref: "feature/x", sha: sha("f2") }) }),
    ]);
    const listed = (await get("/repos/acme/api/actions/runs?event=pull_request&exclude_pull_requests=true")).body.workflow_runs;
    expect(listed.map((r: { pull_requests: unknown[] }) => r.pull_requests)).toEqual([[]]);
  });

  test("a filtered listing pages through its first 1000 runs only; total_count still counts them all", async () => {
    const org = organisation();
    const repo = org.repositories[0]!;
    const start = Date.parse("2025-10-01T00:00:00Z");
    repo.workflow_runs = Array.from({ length: 1005 }, (_, i) => ({
      ...CI_RUNS[0]!,
      id: 10_000 + i,
      created_at: new Date(start + i * 600_000).toISOString(),
    }));
    const big = await startDemoServer(org);
    try {
      const last = (await call(big, "github", "/repos/acme/api/actions/runs?branch=main&per_page=100&page=11")).body;
      expect(last.total_count).toBe(1005);
      expect(last.workflow_runs).toEqual([]);
      const tenth = (await call(big, "github", "/repos/acme/api/actions/runs?branch=main&per_page=100&page=10")).body.workflow_runs;
      expect(tenth.at(-1).id).toBe(10_005); // newest first: the 1000th newest of 10000…11004
      const unfiltered = (await call(big, "github", "/repos/acme/api/actions/runs?per_page=100&page=11")).body.workflow_runs;
      expect(unfiltered.map((r: { id: number }) => r.id)).toEqual([10_004, 10_003, 10_002, 10_001, 10_000]);
    } finally {
      await big.close();
    }
  });

  test("jobs: the latest attempt by default, every attempt with filter=all, one attempt by number", async () => {
    const jobs = async (path: string) => (await get(path)).body.jobs.map((j: { id: number; run_attempt: number }) => [j.id, j.run_attempt]);
    expect(await jobs("/repos/acme/api/actions/runs/100/jobs")).toEqual([[9002, 2], [9003, 2]]);
    expect(await jobs("/repos/acme/api/actions/runs/100/jobs?filter=all")).toEqual([[9001, 1], [9002, 2], [9003, 2]]);
    expect(await jobs("/repos/acme/api/actions/runs/100/attempts/1/jobs")).toEqual([[9001, 1]]);
    expect((await get("/repos/acme/api/actions/runs/100/attempts/3/jobs")).status).toBe(404);
  });
});

describe("deployments", () => {
  test("newest first, filtered by environment and sha, with statuses newest first", async () => {
    const ids = async (query: string) => (await get(`/repos/acme/api/deployments${query}`)).body.map((d: { id: number }) => d.id);
    expect(await ids("")).toEqual([500, 501]); // 502 is created after as_of
    expect(await ids("?environment=production")).toEqual([500]);
    expect(await ids(`?sha=${sha("c3")}`)).toEqual([501]);
    expect(await ids("?task=migrate")).toEqual([]);
    const statuses = (await get("/repos/acme/api/deployments/500/statuses")).body;
    expect(statuses.map((s: { id: number; state: string }) => [s.id, s.state])).toEqual([[601, "success"], [600, "in_progress"]]);
    expect((await get("/repos/acme/api/deployments")).body[0].updated_at).toBe("2026-03-04T10:05:00Z");
  });
});

describe("pull requests", () => {
  const numbers = async (query: string) => (await get(`/repos/acme/api/pulls${query}`)).body.map((p: { number: number }) => p.number);

  test("state, base, sort and direction with GitHub's defaults", async () => {
    expect(await numbers("")).toEqual([2]); // open by default
    expect(await numbers("?state=all")).toEqual([2, 3, 1]); // created, newest first
    expect(await numbers("?state=closed")).toEqual([3, 1]);
    expect(await numbers("?state=all&sort=updated")).toEqual([1, 2, 3]); // ascending unless told
    expect(await numbers("?state=all&sort=updated&direction=desc")).toEqual([3, 2, 1]);
    expect(await numbers("?state=all&base=release/1.0")).toEqual([3]);
    expect(await numbers("?state=all&head=acme:feature/x")).toEqual([1]);
  });

  test("a single pull request, its commits oldest first and its files", async () => {
    const pr = (await get("/repos/acme/api/pulls/1")).body;
    expect(pr).toMatchObject({ merged: true, state: "closed", merge_commit_sha: sha("d1"), commits: 2, changed_files: 2 });
    const commits = (await get("/repos/acme/api/pulls/1/commits")).body;
    expect(commits.map((c: { sha: string }) => c.sha)).toEqual([sha("f1"), sha("f2")]);
    expect(commits[0].commit.author.date).toBe("2026-02-21T10:00:00Z");
    expect(commits[0].commit.committer.date).toBe("2026-02-22T08:00:00Z");
    expect((await get("/repos/acme/api/pulls/1/files")).body.map((f: { filename: string }) => f.filename)).toEqual(["src/f1.ts", "src/f2.ts"]);
  });
});

describe("compare", () => {
  const compare = async (basehead: string, query = "") => (await get(`/repos/acme/api/compare/${basehead}${query}`)).body;
  const shas = (body: { commits: Array<{ sha: string }> }) => body.commits.map((c) => c.sha);

  test("ahead: what the merge brought onto main since c3, oldest first", async () => {
    const body = await compare(`${sha("c3")}...main`);
    expect(body).toMatchObject({ status: "ahead", ahead_by: 3, behind_by: 0, total_commits: 3 });
    expect(shas(body)).toEqual([sha("f1"), sha("f2"), sha("d1")]);
  });

  test("behind, identical and diverged on the hand-built history", async () => {
    expect(await compare(`main...${sha("c3")}`)).toMatchObject({ status: "behind", ahead_by: 0, behind_by: 3, commits: [] });
    expect(await compare("c3c3c3c...c3c3c3c")).toMatchObject({ status: "identical", ahead_by: 0, behind_by: 0 });
    const diverged = await compare("release/1.0...main");
    expect(diverged).toMatchObject({ status: "diverged", ahead_by: 4, behind_by: 1 });
    expect(shas(diverged)).toEqual([sha("f1"), sha("c3"), sha("f2"), sha("d1")]);
    expect(diverged.merge_base_commit.sha).toBe(sha("c2"));
    expect((await get("/repos/acme/api/compare/main...nowhere")).status).toBe(404);
  });

  test("with per_page the commits page through Link headers and files come on page 1 only", async () => {
    const first = await get(`/repos/acme/api/compare/${sha("c1")}...feature/y?per_page=4`);
    expect(first.body.total_commits).toBe(6);
    expect(shas(first.body)).toEqual([sha("c2"), sha("f1"), sha("c3"), sha("f2")]);
    expect(first.body.files.length).toBeGreaterThan(0);
    const nextUrl = /<([^>]+)>; rel="next"/.exec(first.headers.get("link")!)![1]!;
    const second = await fetch(nextUrl, { headers: { authorization: `Bearer ${server.env.GITHUB_TOKEN}` } }).then((r) => r.json());
    expect(shas(second)).toEqual([sha("d1"), sha("e1")]);
    expect(second.files).toBeUndefined();
  });

  test("without paging a long comparison shows its newest 250 commits, and total_commits says there are more; a pull request lists at most 250", async () => {
    const chain: Commit[] = Array.from({ length: 260 }, (_, i) => ({
      sha: i.toString(16).padStart(40, "0"),
      parents: i === 0 ? [] : [(i - 1).toString(16).padStart(40, "0")],
      message: `step ${i}`,
      author_login: "ann",
      author_date: new Date(Date.parse("2026-01-01T00:00:00Z") + i * 60_000).toISOString(),
      committer_date: new Date(Date.parse("2026-01-01T00:00:00Z") + i * 60_000).toISOString(),
      files: [],
      pull_numbers: [],
    }));
    const org: Organisation = organisation();
    const big = { ...org.repositories[0]!.pull_requests[0]!, commit_shas: chain.slice(1).map((c) => c.sha) };
    org.repositories = [{ ...org.repositories[0]!, commits: chain, branches: [{ name: "main", head_sha: chain[259]!.sha }], pull_requests: [big] }];
    const long = await startDemoServer(org);
    try {
      const body = (await call(long, "github", `/repos/acme/api/compare/${chain[0]!.sha}...main`)).body;
      expect(body.total_commits).toBe(259);
      expect(body.commits).toHaveLength(250);
      expect(body.commits.at(-1).sha).toBe(chain[259]!.sha);
      expect(body.commits[0].sha).toBe(chain[10]!.sha);
      const pages = await allPages(long, "/repos/acme/api/pulls/1/commits?per_page=100");
      expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
      expect(pages.flat()[0].sha).toBe(chain[1]!.sha); // oldest first
      expect((await call(long, "github", "/repos/acme/api/pulls/1")).body.commits).toBe(259); // the count is not capped
    } finally {
      await long.close();
    }
  });
});

describe("commits", () => {
  const shas = async (query: string) => (await get(`/repos/acme/api/commits${query}`)).body.map((c: { sha: string }) => c.sha);

  test("the default branch's history newest first, filtered by sha, since, until and path", async () => {
    expect(await shas("")).toEqual(["d1", "f2", "c3", "f1", "c2", "c1"].map(sha));
    expect(await shas("?sha=release/1.0")).toEqual(["b1", "c2", "c1"].map(sha));
    expect(await shas("?since=2026-02-22T00:00:00Z")).toEqual(["d1", "f2", "c3", "f1"].map(sha));
    expect(await shas("?until=2026-02-21T12:00:00Z")).toEqual(["c2", "c1"].map(sha));
    expect(await shas("?sha=release/1.0&path=services/api")).toEqual([sha("b1")]);
  });

  test("a single commit carries its files; its pull requests come from its own route", async () => {
    const commit = (await get(`/repos/acme/api/commits/${sha("d1")}`)).body;
    expect(commit.files.map((f: { filename: string }) => f.filename)).toEqual(["src/d1.ts"]);
    expect(commit.parents.map((p: { sha: string }) => p.sha)).toEqual([sha("c3"), sha("f2")]);
    expect((await get(`/repos/acme/api/commits/${sha("d1")}/pulls`)).body.map((p: { number: number }) => p.number)).toEqual([1]);
    expect((await get(`/repos/acme/api/commits/${sha("b1")}/pulls`)).body).toEqual([]);
    expect((await get(`/repos/acme/api/commits/${sha("a9")}`)).status).toBe(422); // committed after as_of
  });
});

describe("conditional requests, rate limits and tokens", () => {
  test("a matching If-None-Match gets a 304 that does not spend the rate limit, and is counted", async () => {
    server.resetCounts();
    const first = await get("/repos/acme/api/deployments");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const remaining = Number(first.headers.get("x-ratelimit-remaining"));
    const again = await fetch(`${server.env.GITHUB_API_URL}/repos/acme/api/deployments`, {
      headers: { authorization: `Bearer ${server.env.GITHUB_TOKEN}`, "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(Number(again.headers.get("x-ratelimit-remaining"))).toBe(remaining);
    const third = await get("/repos/acme/api/deployments", { "if-none-match": '"stale"' });
    expect(third.status).toBe(200);
    expect(Number(third.headers.get("x-ratelimit-remaining"))).toBe(remaining - 1);
    expect(third.headers.get("x-ratelimit-resource")).toBe("core");
    expect(server.requestCounts()).toEqual({ "GET /repos/{owner}/{repo}/deployments": 3 });
  });

  test("GET /rate_limit reports the quota without spending it", async () => {
    const before = (await get("/rate_limit")).body.resources.core.remaining;
    await get("/repos/acme/api");
    const after = await get("/rate_limit");
    expect(after.body.resources.core.remaining).toBe(before - 1);
    expect(after.body.rate.remaining).toBe(before - 1);
  });

  test("a missing or wrong token gets GitHub's 401 bodies", async () => {
    const missing = await fetch(`${server.env.GITHUB_API_URL}/user/repos`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ message: "Requires authentication", status: "401" });
    const wrong = await fetch(`${server.env.GITHUB_API_URL}/user/repos`, { headers: { authorization: "Bearer ghp_wrong" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
    const tokenScheme = await fetch(`${server.env.GITHUB_API_URL}/user/repos`, { headers: { authorization: `token ${server.env.GITHUB_TOKEN}` } });
    expect(tokenScheme.status).toBe(200);
  });

  test("an unknown route is GitHub's 404", async () => {
    const response = await get("/repos/acme/api/releases");
    expect(response.status).toBe(404);
    expect(response.body.message).toBe("Not Found");
  });
});
