import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { dayBefore } from "../../demo/model/snapshot.ts";
import { loadScenario } from "../../demo/scenario/index.ts";
import type { DemoServer } from "../../demo/server/index.ts";
import { GitHubApi } from "../../ingest/github/api.ts";
import { compareFromGraph, deploymentContents, graphOf, holds, keptOf, readHistory, type CommitGraph } from "../../ingest/github/commit-graph.ts";
import { compare, type CompareCommit } from "../../ingest/github/compare.ts";
import { githubSource } from "../../ingest/github/source.ts";
import type { RepoContext } from "../../ingest/github/context.ts";
import { demoServers, ingestConfig, latestRecords, syncDemo, temporaryDatabase } from "./demo-harness.ts";

const serve = demoServers();

/** A graph of hand-written parents (no listing entries); a parent not given is one never listed. */
function handGraph(parents: Record<string, string[]>): CommitGraph {
  const shas = [...new Set([...Object.keys(parents), ...Object.values(parents).flat()])];
  const graph = graphOf({ shas, parents: shas.map((sha) => parents[sha]?.map((parent) => shas.indexOf(parent)) ?? null) });
  return graph;
}

describe("a comparison answered from the commit graph", () => {
  // r ← a ← b ← m1 (merge of b and f2) ← c            f1 branches off a: a ← f1 ← f2
  //                                                    g branches off b and is never merged
  const graph = handGraph({ r: [], a: ["r"], b: ["a"], f1: ["a"], f2: ["f1"], m1: ["b", "f2"], c: ["m1"], g: ["b"] });

  it("is what head has and base lacks, parents before children, and the other way round's count", () => {
    // worked by hand: ancestors(c) = {c, m1, b, f2, f1, a, r}; ancestors(b) = {b, a, r}
    expect(compareFromGraph(graph, "b", "c")).toEqual({ status: "ahead", ahead_by: 4, behind_by: 0, total_commits: 4, shas: ["f1", "f2", "m1", "c"] });
    // ancestors(g) = {g, b, a, r}: g is behind c's side, c's four are ahead
    expect(compareFromGraph(graph, "g", "c")).toEqual({ status: "diverged", ahead_by: 4, behind_by: 1, total_commits: 4, shas: ["f1", "f2", "m1", "c"] });
    expect(compareFromGraph(graph, "c", "b")).toEqual({ status: "behind", ahead_by: 0, behind_by: 4, total_commits: 0, shas: [] });
    expect(compareFromGraph(graph, "c", "c")).toEqual({ status: "identical", ahead_by: 0, behind_by: 0, total_commits: 0, shas: [] });
    // the merge's second side only: f2 and its own ancestor f1, not a (an ancestor of b too)
    expect(compareFromGraph(graph, "m1", "f2")?.status).toBe("behind");
    expect(compareFromGraph(graph, "b", "f2")).toMatchObject({ status: "diverged", ahead_by: 2, behind_by: 1, shas: ["f1", "f2"] });
  });

  it("does not answer when a commit it needs is missing, nor past one compare page", () => {
    expect(compareFromGraph(graph, "b", "unknown")).toBeUndefined();
    expect(compareFromGraph(handGraph({ x: ["gone"] }), "x", "x")).toBeUndefined();
    const line = Object.fromEntries(Array.from({ length: 252 }, (_, i) => [`c${i}`, i === 0 ? [] : [`c${i - 1}`]]));
    expect(compareFromGraph(handGraph(line), "c0", "c250")?.ahead_by).toBe(250);
    expect(compareFromGraph(handGraph(line), "c0", "c251")).toBeUndefined();
  });
});

/** The sync's context for one repository of a served organisation. */
function contextOf(server: DemoServer, org: Organisation, repository: string): RepoContext {
  const config = githubSource.parseConfig({ ...ingestConfig(org).github, concurrency: 1 }, server.env);
  return { api: GitHubApi.create(config, () => undefined), repo: { id: 1, full_name: repository, default_branch: "main" }, config };
}

/**
 * Every landed comparison and commit equals what GitHub's compare gives for the same pair: the counts,
 * the commits (as a set and in order), and each commit's fields the models read.
 */
async function expectCompareRecords(server: DemoServer, org: Organisation, file: string): Promise<number> {
  const records = await latestRecords(file);
  const entries = new Map<string, CompareCommit>();
  let pairs = 0;
  for (const data of records.deployment_commits!.values()) {
    const record = JSON.parse(data);
    const reference = await compare(contextOf(server, org, record.repository), record.base_sha, record.head_sha);
    expect(record).toEqual({
      repository: record.repository,
      base_sha: record.base_sha,
      head_sha: record.head_sha,
      status: reference.status,
      ahead_by: reference.ahead_by,
      behind_by: reference.behind_by,
      total_commits: reference.total_commits,
      commit_shas: reference.commits.map((commit) => commit.sha),
    });
    for (const commit of reference.commits) entries.set(`${record.repository} ${commit.sha}`, commit);
    pairs++;
  }
  expect(new Set(records.commits!.keys())).toEqual(new Set(entries.keys()));
  for (const [key, data] of records.commits!) {
    const commit = entries.get(key)!;
    expect(JSON.parse(data)).toMatchObject({
      parents: commit.parents.map((parent) => parent.sha),
      message: commit.commit.message,
      author_login: commit.author?.login ?? null,
      author_date: commit.commit.author?.date ?? null,
      committer_date: commit.commit.committer?.date ?? null,
    });
  }
  return pairs;
}

/** The default demo served, and two commits 100 apart in a repository with more than 300. */
async function pairInLongHistory() {
  const org = generateOrganisation(SIZES.default);
  const server = await serve(org);
  const repo = org.repositories.find((candidate) => candidate.commits.length > 300)!;
  return { server, ctx: contextOf(server, org, repo.full_name), base: repo.commits[100]!.sha, head: repo.commits[200]!.sha };
}

const compares = (server: DemoServer) => server.requestCounts()["GET /repos/{owner}/{repo}/compare/{basehead}"] ?? 0;
const listings = (server: DemoServer) => server.requestCounts()["GET /repos/{owner}/{repo}/commits"] ?? 0;

describe("deployment contents from the commit graph", () => {
  it("land what compare gives on the default demo, first and nightly, with no compare and only new history read", async () => {
    const org = generateOrganisation(SIZES.default);
    const yesterday = await serve({ ...org, as_of: dayBefore(org) });
    const file = temporaryDatabase();
    await syncDemo(yesterday, org, file, 4);
    expect(compares(yesterday)).toBe(0);
    const today = await serve(org);
    await syncDemo(today, org, file, 4);
    // a nightly sync lists one page of history per repository whose deployments moved, at most
    expect(compares(today)).toBe(0);
    expect(listings(today)).toBeGreaterThan(0);
    expect(listings(today)).toBeLessThanOrEqual(org.repositories.length);
    expect(await expectCompareRecords(today, org, file)).toBeGreaterThan(1000);
  }, 600_000);

  const scenarios = readdirSync(join(import.meta.dirname, "../../demo/scenarios")).filter((name) => name.endsWith(".yaml"));
  it.each(scenarios)("land what compare gives on the %s scenario", async (name) => {
    const org = await loadScenario(join(import.meta.dirname, "../../demo/scenarios", name));
    const server = await serve(org);
    const file = temporaryDatabase();
    await syncDemo(server, org, file, 4);
    await expectCompareRecords(server, org, file);
  }, 120_000);

  it("go to compare for a commit no listing reaches, and nowhere else", async () => {
    const { server, ctx, base, head } = await pairInLongHistory();
    const graph = graphOf(undefined);
    await readHistory(ctx, graph, [head, "0".repeat(40)]);
    expect(compares(server)).toBe(0);
    expect(holds(graph, "0".repeat(40))).toBe(false);
    const fromGraph = await deploymentContents(ctx, graph, { key: "a>b", base, head });
    expect(compares(server)).toBe(0);
    // a graph without the head's history (one never listed) cannot answer: compare does, the same
    const rewritten = graphOf(undefined);
    await readHistory(ctx, rewritten, [base]);
    const fromCompare = await deploymentContents(ctx, rewritten, { key: "a>b", base, head });
    expect(compares(server)).toBe(1);
    expect(fromGraph).toEqual(fromCompare);
  }, 120_000);

  it("go to compare for every pair of a repository whose history outgrows what a state keeps, and list it no more", async () => {
    const { server, ctx, base, head } = await pairInLongHistory();
    const graph = graphOf(undefined);
    await readHistory(ctx, graph, [head], 50);
    expect(keptOf(graph)).toBeNull();
    const contents = await deploymentContents(ctx, graph, { key: "a>b", base, head });
    expect(compares(server)).toBe(1);
    const before = listings(server);
    const next = graphOf(keptOf(graph));
    await readHistory(ctx, next, [head, base]);
    expect(listings(server)).toBe(before);
    expect(await deploymentContents(ctx, next, { key: "a>b", base, head })).toEqual(contents);
  }, 120_000);
});
