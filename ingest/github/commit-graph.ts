import type { GitHubApi } from "./api.ts";
import { compare, type CompareCommit, type Comparison } from "./compare.ts";
import type { RepoContext } from "./context.ts";
import type { DeploymentPair } from "./deploy-history.ts";

/**
 * The commit graph a repository's deployments reach, kept between syncs: every commit's parents, for
 * each commit an ancestor of a deployed commit read so far. It is closed (every parent of a commit in
 * it is in it, down to the root commits), so ancestry answered from it is git's; commits never change
 * their parents, so force pushes and rewritten branches leave it true. Kept as a list of shas and,
 * for each, its parents' places in that list (a third of the size of sha → parent shas), or null
 * for a parent a listing never reached.
 */
export interface KeptGraph {
  shas: string[];
  parents: Array<number[] | null>;
}

/** The graph as read this sync (the kept one and what was listed since), by place in `shas`. */
export interface CommitGraph extends KeptGraph {
  place: Map<string, number>;
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
  const shas = [...(kept?.shas ?? [])];
  return { shas, parents: [...(kept?.parents ?? [])], place: new Map(shas.map((sha, i) => [sha, i])), listed: new Map(), tooLarge: kept === null };
}

export function keptOf(graph: CommitGraph): KeptGraph | null {
  return graph.tooLarge ? null : { shas: graph.shas, parents: graph.parents };
}

/**
 * The graph each repository's `deployment_commits` read started from this sync, by the repository's
 * API view (one per repository and sync, shared by its streams). `commits`, read after it, starts
 * from the same kept graph rather than keeping a copy of its own in its state: with the same
 * listings (answered once, from the view) it then ends with the same graph and listed commits.
 */
const startedFrom = new WeakMap<GitHubApi, KeptGraph | null | undefined>();

/** Records the kept graph the repository's `deployment_commits` read starts from. */
export function shareStart(ctx: RepoContext, kept: KeptGraph | null | undefined): void {
  startedFrom.set(ctx.api, kept);
}

/** The kept graph `deployment_commits` started from this sync for the repository, if it was read. */
export function sharedStart(ctx: RepoContext): { kept: KeptGraph | null | undefined } | undefined {
  return startedFrom.has(ctx.api) ? { kept: startedFrom.get(ctx.api) } : undefined;
}

/** Whether the graph holds a commit's parents. */
export function holds(graph: CommitGraph, sha: string): boolean {
  const place = graph.place.get(sha);
  return place !== undefined && graph.parents[place] !== null;
}

function placeOf(graph: CommitGraph, sha: string): number {
  let place = graph.place.get(sha);
  if (place === undefined) {
    place = graph.shas.push(sha) - 1;
    graph.parents.push(null);
    graph.place.set(sha, place);
  }
  return place;
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
    if (graph.tooLarge || holds(graph, start)) continue;
    const first = await ctx.api.get<CompareCommit[]>(`/repos/${ctx.repo.full_name}/commits`, { query: { sha: start, per_page: 100 }, allow: [404, 409, 422] });
    if (first.status !== 200) continue;
    const open = new Set([start]);
    for await (const page of ctx.api.pages(first)) {
      for (const commit of page) {
        graph.listed.set(commit.sha, commit);
        if (holds(graph, commit.sha)) continue;
        graph.parents[placeOf(graph, commit.sha)] = commit.parents.map((parent) => placeOf(graph, parent.sha));
        open.delete(commit.sha);
        for (const parent of commit.parents) if (!holds(graph, parent.sha)) open.add(parent.sha);
      }
      if (graph.shas.length > mostKept) {
        Object.assign(graph, graphOf(null));
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
  const [from, to] = [graph.place.get(base), graph.place.get(head)];
  const fromBase = from === undefined ? undefined : reachable(graph, from);
  const fromHead = to === undefined ? undefined : reachable(graph, to);
  if (!fromBase || !fromHead) return undefined;
  let [ahead, behind] = [0, 0];
  for (let i = 0; i < fromHead.length; i++) {
    if (fromHead[i] && !fromBase[i]) ahead++;
    if (fromBase[i] && !fromHead[i]) behind++;
  }
  if (ahead > MOST_COMMITS) return undefined;
  const status = ahead === 0 && behind === 0 ? "identical" : behind === 0 ? "ahead" : ahead === 0 ? "behind" : "diverged";
  return { status, ahead_by: ahead, behind_by: behind, total_commits: ahead, shas: oldestFirst(graph, to!, (i) => fromHead[i] === 1 && fromBase[i] === 0) };
}

/** Marks every commit reachable from `start` through parents, itself included; undefined when one is not in the graph. */
function reachable(graph: CommitGraph, start: number): Uint8Array | undefined {
  const seen = new Uint8Array(graph.shas.length);
  const stack = [start];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen[next]) continue;
    const parents = graph.parents[next];
    if (!parents) return undefined;
    seen[next] = 1;
    stack.push(...parents);
  }
  return seen;
}

/** The commits `shipped` (all reachable from head) with every parent before its children: a depth-first post-order from head. */
function oldestFirst(graph: CommitGraph, head: number, shipped: (place: number) => boolean): string[] {
  const order: string[] = [];
  const done = new Uint8Array(graph.shas.length);
  const stack: Array<{ place: number; expanded: boolean }> = shipped(head) ? [{ place: head, expanded: false }] : [];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.expanded) {
      order.push(graph.shas[top.place]!);
      continue;
    }
    if (done[top.place]) continue;
    done[top.place] = 1;
    stack.push({ place: top.place, expanded: true });
    // pushed last parent first, so the first parent's line comes out first
    for (const parent of [...graph.parents[top.place]!].reverse()) if (shipped(parent) && !done[parent]) stack.push({ place: parent, expanded: false });
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
