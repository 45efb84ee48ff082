import { compare, type CompareCommit, type Comparison } from "./compare.ts";
import type { RepoContext } from "./context.ts";
import type { DeploymentPair } from "./deploy-history.ts";

/**
 * The commit graph a repository's deployments reach, kept between syncs: every commit's parents, for
 * each commit an ancestor of a deployed commit read so far. It is closed (every parent of a commit in
 * it is in it, down to the root commits), so ancestry answered from it is git's; commits never change
 * their parents, so force pushes and rewritten branches leave it true. Kept as a list of shas and,
 * for each, its parents' places in that list (a third of the size of sha → parent shas).
 */
export interface KeptGraph {
  shas: string[];
  parents: number[][];
}

/** The graph as read this sync: parents by sha, and the commits listed this sync in compare's shape. */
export interface CommitGraph {
  parents: Map<string, string[]>;
  /** The commits listings answered this sync (a listing's commit objects are compare's). */
  listed: Map<string, CompareCommit>;
  /** The history outgrew what a state keeps: this repository's contents come from compare. */
  tooLarge: boolean;
}

/**
 * The most commits a repository's graph keeps (about 50 bytes each in the state): a longer history
 * costs more to list and keep than the comparisons it saves, so its repository stays with compare.
 */
export const MOST_KEPT = 20_000;

/** A comparison's counts and its commits' shas, oldest first. */
export interface Contents extends Omit<Comparison, "commits"> {
  shas: string[];
}

/** Compare pages its commits 100 at a time but a single page holds 250: a longer list is left to compare. */
const MOST_COMMITS = 250;

/** The graph a state kept: none yet (undefined), or none because it outgrew `MOST_KEPT` (null). */
export function graphOf(kept: KeptGraph | null | undefined): CommitGraph {
  const parents = new Map<string, string[]>();
  kept?.shas.forEach((sha, i) => parents.set(sha, kept.parents[i]!.map((place) => kept.shas[place]!)));
  return { parents, listed: new Map(), tooLarge: kept === null };
}

export function keptOf(graph: CommitGraph): KeptGraph | null {
  if (graph.tooLarge) return null;
  const shas = [...graph.parents.keys()];
  const place = new Map(shas.map((sha, i) => [sha, i]));
  return { shas, parents: shas.map((sha) => graph.parents.get(sha)!.map((parent) => place.get(parent)!)) };
}

/**
 * Adds to the graph the history of each commit not in it yet, through GitHub's commits listing from
 * that commit (newest first, 100 a page), paging only until every parent met is in the graph: a
 * nightly sync reads about one page per deploy branch that moved. A commit GitHub does not list (gone,
 * or never pushed) stays out, and its comparisons go to compare; so does every one of a repository
 * whose history outgrows `mostKept`.
 */
export async function readHistory(ctx: RepoContext, graph: CommitGraph, commits: string[], mostKept = MOST_KEPT): Promise<void> {
  for (const start of commits) {
    if (graph.tooLarge || graph.parents.has(start)) continue;
    const first = await ctx.api.get<CompareCommit[]>(`/repos/${ctx.repo.full_name}/commits`, { query: { sha: start, per_page: 100 }, allow: [404, 409, 422] });
    if (first.status !== 200) continue;
    const open = new Set([start]);
    for await (const page of ctx.api.pages(first)) {
      for (const commit of page) {
        graph.listed.set(commit.sha, commit);
        if (graph.parents.has(commit.sha)) continue;
        const parents = commit.parents.map((parent) => parent.sha);
        graph.parents.set(commit.sha, parents);
        open.delete(commit.sha);
        for (const parent of parents) if (!graph.parents.has(parent)) open.add(parent);
      }
      if (graph.parents.size > mostKept) {
        graph.parents.clear();
        graph.listed.clear();
        graph.tooLarge = true;
        return;
      }
      if (open.size === 0) break;
    }
  }
}

/**
 * `base...head` as compare answers it (the commits reachable from head and not from base, oldest first,
 * parents before children), or undefined where the graph cannot answer: a commit it lacks, or more
 * commits than one compare page holds.
 */
export function compareFromGraph(graph: CommitGraph, base: string, head: string): Contents | undefined {
  const fromBase = reachable(graph, base);
  const fromHead = reachable(graph, head);
  if (!fromBase || !fromHead) return undefined;
  const ahead = new Set([...fromHead].filter((sha) => !fromBase.has(sha)));
  const behind = [...fromBase].filter((sha) => !fromHead.has(sha)).length;
  if (ahead.size > MOST_COMMITS) return undefined;
  const status = ahead.size === 0 && behind === 0 ? "identical" : behind === 0 ? "ahead" : ahead.size === 0 ? "behind" : "diverged";
  return { status, ahead_by: ahead.size, behind_by: behind, total_commits: ahead.size, shas: oldestFirst(graph, head, ahead) };
}

/** Every commit reachable from `sha` through parents, itself included; undefined when one is not in the graph. */
function reachable(graph: CommitGraph, sha: string): Set<string> | undefined {
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    const parents = graph.parents.get(next);
    if (!parents) return undefined;
    seen.add(next);
    stack.push(...parents);
  }
  return seen;
}

/** `commits` (all reachable from head) in an order with every parent before its children: a depth-first post-order from head. */
function oldestFirst(graph: CommitGraph, head: string, commits: Set<string>): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const stack: Array<{ sha: string; expanded: boolean }> = commits.has(head) ? [{ sha: head, expanded: false }] : [];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.expanded) {
      order.push(top.sha);
      continue;
    }
    if (done.has(top.sha)) continue;
    done.add(top.sha);
    stack.push({ sha: top.sha, expanded: true });
    // pushed last-parent first, so the first parent's line comes out first
    for (const parent of [...graph.parents.get(top.sha)!].reverse()) if (commits.has(parent) && !done.has(parent)) stack.push({ sha: parent, expanded: false });
  }
  return order;
}

/** What a deployment shipped: from the graph where it answers, else from compare. */
export async function deploymentContents(ctx: RepoContext, graph: CommitGraph, pair: DeploymentPair): Promise<Contents> {
  const answer = compareFromGraph(graph, pair.base, pair.head);
  if (answer) return answer;
  const { commits, ...counts } = await compare(ctx, pair.base, pair.head);
  return { ...counts, shas: commits.map((commit) => commit.sha) };
}

/**
 * The commits a deployment shipped in compare's shape: the listings' entries where the graph answers
 * and this sync listed them all, else compare's (a commit listed by an earlier sync kept only its parents).
 */
export async function shippedCommits(ctx: RepoContext, graph: CommitGraph, pair: DeploymentPair): Promise<CompareCommit[]> {
  const listed = compareFromGraph(graph, pair.base, pair.head)?.shas.map((sha) => graph.listed.get(sha));
  if (listed?.every((commit) => commit !== undefined)) return listed as CompareCommit[];
  return (await compare(ctx, pair.base, pair.head)).commits;
}

/** The commits a sync's pairs compare, the latest deployments first (whose history holds most of the others'). */
export function startsOf(pairs: DeploymentPair[]): string[] {
  return [...new Set([...pairs].reverse().flatMap((pair) => [pair.head, pair.base]))];
}
