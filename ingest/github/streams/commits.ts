import { streamFacts } from "../../protocol/source.ts";
import { mapConcurrently } from "../../protocol/concurrency.ts";
import { systemError } from "../../protocol/errors.ts";
import type { CompareCommit } from "../compare.ts";
import { graphOf, keptOf, readHistory, sharedStart, shippedCommits, startsOf } from "../commit-graph.ts";
import type { RepoContext, RepoStream } from "../context.ts";
import { historyAsks, historyBackfill, newDeploymentPairs, type HistoryState } from "../deploy-history.ts";
import commitsSchema from "../../../includes/raw_streams/github/commits.json" with { type: "json" };

/** GraphQL takes at most 100 of anything at once; so many commits' pull requests go in one query. */
const BATCH = 100;

/**
 * The pull requests GitHub associates with each of `count` commits (`$c0` … as GitObjectID variables):
 * the listing or comparison already holds everything else a commit record needs.
 */
export function commitPullRequestsQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `$c${i}: GitObjectID!`).join(", ");
  return `query CommitPullRequests($owner: String!, $name: String!, ${variables}) {
  repository(owner: $owner, name: $name) {
    ${commitPullRequestsFields(Array.from({ length: count }, (_, i) => `c${i}`))}
  }
}`;
}

/** Each named commit's pull requests, under its variable's name: one request and 100 nodes a commit. */
export function commitPullRequestsFields(names: string[]): string {
  return names.map((name) => `${name}: object(oid: $${name}) { ... on Commit { oid associatedPullRequests(first: 100) { nodes { number } } } }`).join("\n    ");
}

export type CommitPulls = { oid: string; associatedPullRequests: { nodes: Array<{ number: number }> } } | null;

/**
 * Every commit a deployment shipped, with the pull requests GitHub associates with it, and its files
 * when it has none (a direct push is a change of its own). Author names and emails are never read out.
 */
export const commits: RepoStream<HistoryState> = {
  ...streamFacts(commitsSchema),
  backfill: historyBackfill,
  // the commits a read ships are known once its runs' jobs and deployments' statuses are: their pull requests are read ahead too
  asks: (ctx, state) => ({ ...historyAsks(ctx, state), commitPulls: { shipped: async (ahead) => (await shippedOf(ahead, state)).shipped.map((commit) => commit.sha) } }),
  async *read(ctx, state) {
    const { shipped, next, graph, shared } = await shippedOf(ctx, state);
    const pulls = new Map<string, number[]>();
    const missing = shipped.filter((commit) => !ctx.ahead?.commitPulls.has(commit.sha));
    for (const commit of shipped) if (ctx.ahead?.commitPulls.has(commit.sha)) pulls.set(commit.sha, numbersOf(ctx, commit.sha, ctx.ahead.commitPulls.get(commit.sha)!));
    const batches = Array.from({ length: Math.ceil(missing.length / BATCH) }, (_, i) => missing.slice(i * BATCH, (i + 1) * BATCH));
    for await (const batch of mapConcurrently(batches, ctx.config.concurrency, (batch) => pullNumbers(ctx, batch))) {
      for (const [sha, numbers] of batch) pulls.set(sha, numbers);
    }
    yield* mapConcurrently(shipped, ctx.config.concurrency, (commit) => toRecord(ctx, commit, pulls.get(commit.sha)!));
    return shared ? { ...next, sharedGraph: true } : { ...next, graph: keptOf(graph) };
  },
};

/** Every commit the new deployments shipped (each once), the state after them, and the commit graph as read. */
async function shippedOf(ctx: RepoContext, state: HistoryState | undefined) {
  const { pairs, next } = await newDeploymentPairs(ctx, state);
  // the graph is kept once per repository, in `deployment_commits`' state (read, or read ahead, just
  // before, this sync); a state of its own is read where it has one (saved before, or with no such read)
  const shared = sharedStart(ctx);
  const graph = graphOf(state?.sharedGraph ? shared?.kept : state?.graph);
  await readHistory(ctx, graph, startsOf(pairs));
  const seen = new Set<string>();
  const shipped: CompareCommit[] = [];
  for await (const commits of mapConcurrently(pairs, ctx.config.concurrency, (pair) => shippedCommits(ctx, graph, pair))) {
    for (const commit of commits) {
      if (!seen.has(commit.sha)) shipped.push(commit);
      seen.add(commit.sha);
    }
  }
  return { shipped, next, graph, shared };
}

async function pullNumbers(ctx: RepoContext, batch: CompareCommit[]): Promise<Array<[string, number[]]>> {
  const [owner, name] = ctx.repo.full_name.split("/");
  const variables = Object.fromEntries(batch.map((commit, i) => [`c${i}`, commit.sha]));
  const data = await ctx.api.graphql<{ repository: Record<string, CommitPulls> | null }>(commitPullRequestsQuery(batch.length), { owner, name, ...variables });
  return batch.map((commit, i) => [commit.sha, numbersOf(ctx, commit.sha, data.repository?.[`c${i}`] ?? null)]);
}

function numbersOf(ctx: RepoContext, sha: string, node: CommitPulls): number[] {
  // a listing or comparison had it, so GitHub knows it: a missing one is an answer we cannot use
  if (!node) throw systemError(`github: GraphQL found no commit ${sha} in ${ctx.repo.full_name}`);
  return node.associatedPullRequests.nodes.map((pull) => pull.number);
}

async function toRecord(ctx: RepoContext, commit: CompareCommit, pullNumbers: number[]): Promise<Record<string, unknown>> {
  return {
    repository: ctx.repo.full_name,
    sha: commit.sha,
    parents: commit.parents.map((parent) => parent.sha),
    message: commit.commit.message,
    author_login: commit.author?.login ?? null,
    author_date: commit.commit.author?.date ?? null,
    committer_date: commit.commit.committer?.date ?? null,
    pull_numbers: pullNumbers,
    // a commit of a pull request takes the pull request's files; only a direct push needs its own
    files: pullNumbers.length > 0 ? null : await commitFiles(ctx, `/repos/${ctx.repo.full_name}/commits/${commit.sha}`),
  };
}

async function commitFiles({ api }: RepoContext, path: string): Promise<string[]> {
  const files: string[] = [];
  for await (const page of api.pages(await api.get<{ files?: Array<{ filename: string }> }>(path))) {
    files.push(...(page.files ?? []).map((file) => file.filename));
  }
  return files;
}
