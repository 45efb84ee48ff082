import { mapConcurrently } from "../protocol/concurrency.ts";
import { drain } from "../protocol/generators.ts";
import { systemError } from "../protocol/errors.ts";
import type { GitHubApi } from "./api.ts";
import type { RepoContext } from "./context.ts";
import { isDeployRun } from "./deploy-history.ts";
import { changedDeployments, DEPLOYMENT_STATUSES_FIELDS, type DeploymentsCursor, type DeploymentStatusesNode } from "./deployment-listing.ts";
import { RUN_JOBS_FIELDS, type RunJobsNode } from "./jobs.ts";
import { changedRuns, type RunsCursor } from "./runs.ts";
import { commitPullRequestsFields, type CommitPulls } from "./streams/commits.ts";
import { PULL_REQUESTS_PAGE_SIZE, pullRequestsPage, type PullRequestsPage } from "./streams/pull-requests.ts";

/** What one stream's read of a repository will ask GraphQL for, from the cursors it starts at. */
export interface Asks {
  /** The jobs of the deploy runs listed as changed since this cursor. */
  jobs?: { runs: RunsCursor | undefined };
  /** The statuses of the deployments listed as changed since this cursor. */
  statuses?: { deployments: DeploymentsCursor | undefined };
  /** The first page of merged pull requests; `takes` says which of them the read takes. */
  pullRequests?: { takes: (updatedAt: string) => boolean };
  /** The pull requests of the commits `shipped` finds, once the other asks are answered. */
  commitPulls?: { shipped: (ctx: RepoContext) => Promise<string[]> };
}

/** A repository's GraphQL answers read before its read, with other repositories' in the same queries. */
export interface ReadAhead {
  /** run node id → its jobs' answer (null: GitHub no longer resolves the run) */
  runs: Map<string, RunJobsNode>;
  /** deployment node id → its statuses' answer (null: GitHub no longer resolves the deployment) */
  deployments: Map<string, DeploymentStatusesNode>;
  pullRequests?: PullRequestsPage;
  /** commit sha → its pull requests' answer */
  commitPulls: Map<string, CommitPulls>;
}

/** One repository to read ahead for: each of its streams' read (with its own context) and what it asks. */
export interface AheadTarget {
  reads: Array<{ ctx: RepoContext; asks: Asks }>;
  /** The updates of its newest merged pull requests, as the change query saw them (absent: unknown). */
  pullUpdates?: string[];
}

/** Something one batched query asks: a repository's first page of pull requests, a run's or deployment's node, a commit's pull requests. */
export type AheadItem =
  | { kind: "pullRequests"; repository: string; size: number }
  | { kind: "runs" | "deployments"; id: string }
  | { kind: "commits"; repository: string; sha: string };

/**
 * What one query may ask. GitHub's formula charges the connections' requests divided by 100 and
 * rounded, so up to 149 requests cost 1 point; `nodes(ids:)` takes 100 ids. GitHub's other limit,
 * 500,000 nodes, cannot bind: an item's nodes are at most 100 times its requests (a node's one
 * connection of 100; a page of p pull requests: 1 + 4p requests, 321p nodes), so 149 requests reach
 * at most 14,900 nodes.
 */
export const QUERY_LIMITS = { requests: 149, ids: 100 };

/** An item's requests by GitHub's formula: a page of pull requests 1 and 4 per pull request (labels, commits, files, reviews), a node 1 (its one connection). */
export function itemRequests(item: AheadItem): number {
  return item.kind === "pullRequests" ? 1 + 4 * item.size : 1;
}

/** The items split into queries, in order, each within the requests of 1 point (a page of 37 pull requests, the largest item, costs 149). */
export function splitQueries(items: AheadItem[]): AheadItem[][] {
  const queries: AheadItem[][] = [];
  let current: AheadItem[] = [];
  let used = 0;
  for (const item of items) {
    if (current.length > 0 && used + itemRequests(item) > QUERY_LIMITS.requests) {
      queries.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += itemRequests(item);
  }
  if (current.length > 0) queries.push(current);
  return queries;
}

/**
 * One query asking every item: each repository's page and commits under aliases of their own, the
 * runs and deployments in `nodes(ids:)` fields of at most `ids` ids each.
 */
export function readAheadQuery(items: AheadItem[], ids = QUERY_LIMITS.ids): { query: string; variables: Record<string, unknown> } {
  const fields: string[] = [];
  const declared: string[] = [];
  const variables: Record<string, unknown> = {};
  const repository = (alias: string, name: string, selection: string) => {
    const [owner, repo] = name.split("/");
    declared.push(`$${alias}_owner: String!`, `$${alias}_name: String!`);
    Object.assign(variables, { [`${alias}_owner`]: owner, [`${alias}_name`]: repo });
    fields.push(`${alias}: repository(owner: $${alias}_owner, name: $${alias}_name) {\n    ${selection}\n  }`);
  };
  items.forEach((item, i) => {
    if (item.kind !== "pullRequests") return;
    declared.push(`$pulls${i}_size: Int!`);
    variables[`pulls${i}_size`] = item.size;
    repository(`pulls${i}`, item.repository, pullRequestsPage("null", `$pulls${i}_size`));
  });
  const commits = [...new Set(items.flatMap((item) => (item.kind === "commits" ? [item.repository] : [])))];
  commits.forEach((name, r) => {
    const shas = items.flatMap((item) => (item.kind === "commits" && item.repository === name ? [item.sha] : []));
    const names = shas.map((sha, j) => {
      declared.push(`$commits${r}_${j}: GitObjectID!`);
      variables[`commits${r}_${j}`] = sha;
      return `commits${r}_${j}`;
    });
    repository(`commits${r}`, name, commitPullRequestsFields(names));
  });
  for (const [kind, selection] of [["runs", RUN_JOBS_FIELDS], ["deployments", DEPLOYMENT_STATUSES_FIELDS]] as const) {
    const all = items.flatMap((item) => (item.kind === kind ? [item.id] : []));
    for (let i = 0; i * ids < all.length; i++) {
      declared.push(`$${kind}${i}: [ID!]!`);
      variables[`${kind}${i}`] = all.slice(i * ids, (i + 1) * ids);
      fields.push(`${kind}${i}: nodes(ids: $${kind}${i}) {\n    ${selection}\n  }`);
    }
  }
  return { query: `query ReadAhead(${declared.join(", ")}) {\n  ${fields.join("\n  ")}\n}`, variables };
}

interface Answers {
  pulls: Map<string, PullRequestsPage>;
  runs: Map<string, RunJobsNode>;
  deployments: Map<string, DeploymentStatusesNode>;
  /** `<repository> <sha>` → the commit's pull requests */
  commits: Map<string, CommitPulls>;
}

/** Every item asked, in as few queries as the limits allow. */
async function ask(api: GitHubApi, items: AheadItem[]): Promise<Answers> {
  const answers: Answers = { pulls: new Map(), runs: new Map(), deployments: new Map(), commits: new Map() };
  for (const batch of splitQueries(items)) {
    const { query, variables } = readAheadQuery(batch);
    const { data, errors } = await api.graphqlPartial<Record<string, unknown>>(query, variables);
    // a repository or node GitHub no longer resolves answers null: its read asks again, and falls back as it does alone
    const refused = errors.find((error) => (error.type ?? error.extensions?.type) !== "NOT_FOUND");
    if (refused) throw systemError(`github: the read-ahead query: ${refused.message ?? "refused"}`);
    batch.forEach((item, i) => {
      if (item.kind !== "pullRequests") return;
      const page = (data[`pulls${i}`] as { pullRequests: PullRequestsPage } | null)?.pullRequests;
      if (page) answers.pulls.set(item.repository, page);
    });
    const repositories = [...new Set(batch.flatMap((item) => (item.kind === "commits" ? [item.repository] : [])))];
    repositories.forEach((name, r) => {
      const objects = data[`commits${r}`] as Record<string, CommitPulls> | null;
      const shas = batch.flatMap((item) => (item.kind === "commits" && item.repository === name ? [item.sha] : []));
      // a commit GitHub does not answer is asked again by the read, which says so
      shas.forEach((sha, j) => objects?.[`commits${r}_${j}`] && answers.commits.set(`${name} ${sha}`, objects[`commits${r}_${j}`]!));
    });
    for (const kind of ["runs", "deployments"] as const) {
      const ids = batch.flatMap((item) => (item.kind === kind ? [item.id] : []));
      ids.forEach((id, i) => answers[kind].set(id, ((data[`${kind}${Math.floor(i / QUERY_LIMITS.ids)}`] as unknown[] | null)?.[i % QUERY_LIMITS.ids] ?? null) as never));
    }
  }
  return answers;
}

/**
 * Lists what each repository's reads will ask GraphQL for (the listings are remembered by its view,
 * so its reads list again for free) and asks it for all of them in as few queries as GitHub's
 * limits allow, rather than in a query or more per repository; then, with those answers, the pull
 * requests of the commits the new deployments shipped.
 */
export async function readAhead(api: GitHubApi, concurrency: number, targets: AheadTarget[]): Promise<ReadAhead[]> {
  const asked: AheadItem[][] = [];
  for await (const items of mapConcurrently(targets, concurrency, itemsOf)) asked.push(items);
  const answers = await ask(api, asked.flat());
  const aheads: ReadAhead[] = targets.map((target, i) => {
    const pick = <T>(kind: "runs" | "deployments", from: Map<string, T>) =>
      new Map(asked[i]!.flatMap((item) => (item.kind === kind && from.has(item.id) ? [[item.id, from.get(item.id)!] as const] : [])));
    const pullRequests = answers.pulls.get(nameOf(target));
    return { runs: pick("runs", answers.runs), deployments: pick("deployments", answers.deployments), commitPulls: new Map(), ...(pullRequests ? { pullRequests } : {}) };
  });
  const shipped: AheadItem[][] = [];
  for await (const items of mapConcurrently(targets.map((target, i) => ({ target, ahead: aheads[i]! })), concurrency, commitsOf)) shipped.push(items);
  const more = await ask(api, shipped.flat());
  aheads.forEach((ahead, i) => {
    for (const item of shipped[i]!) if (item.kind === "commits" && more.commits.has(`${item.repository} ${item.sha}`)) ahead.commitPulls.set(item.sha, more.commits.get(`${item.repository} ${item.sha}`)!);
  });
  return aheads;
}

const nameOf = (target: AheadTarget) => target.reads[0]?.ctx.repo.full_name ?? "";

/** The commits a repository's reads ship, with the answers read ahead for it so far. */
async function commitsOf({ target, ahead }: { target: AheadTarget; ahead: ReadAhead }): Promise<AheadItem[]> {
  const shas = new Set<string>();
  for (const { ctx, asks } of target.reads) if (asks.commitPulls) for (const sha of await asks.commitPulls.shipped({ ...ctx, ahead })) shas.add(sha);
  return [...shas].map((sha) => ({ kind: "commits" as const, repository: nameOf(target), sha }));
}

/** What a repository's reads will ask: the runs and deployments their listings find changed, and a page of pull requests. */
async function itemsOf(target: AheadTarget): Promise<AheadItem[]> {
  const runs = new Set<string>();
  const deployments = new Set<string>();
  let pulls: AheadItem | undefined;
  for (const { ctx, asks } of target.reads) {
    if (asks.jobs) {
      const { items } = await drain(changedRuns(ctx, asks.jobs.runs));
      // a re-run run's jobs come from REST (./jobs.ts)
      for (const run of items) if (isDeployRun(ctx, run) && run.run_attempt === 1) runs.add(run.node_id);
    }
    if (asks.statuses) for (const deployment of (await drain(changedDeployments(ctx, asks.statuses.deployments))).items) deployments.add(deployment.node_id);
    if (asks.pullRequests) {
      // as many as the read takes and one more, which ends it; all of them when the change query could not count
      const taken = target.pullUpdates?.filter(asks.pullRequests.takes).length;
      const size = taken === undefined ? PULL_REQUESTS_PAGE_SIZE : Math.min(taken + 1, PULL_REQUESTS_PAGE_SIZE);
      pulls = { kind: "pullRequests", repository: ctx.repo.full_name, size };
    }
  }
  return [
    ...(pulls ? [pulls] : []),
    ...[...runs].map((id) => ({ kind: "runs" as const, id })),
    ...[...deployments].map((id) => ({ kind: "deployments" as const, id })),
  ];
}
