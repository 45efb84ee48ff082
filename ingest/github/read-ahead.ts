import { mapConcurrently } from "../protocol/concurrency.ts";
import { drain } from "../protocol/generators.ts";
import { systemError } from "../protocol/errors.ts";
import type { GitHubApi } from "./api.ts";
import type { RepoContext } from "./context.ts";
import { isDeployRun } from "./deploy-history.ts";
import { changedDeployments, DEPLOYMENT_STATUSES_FIELDS, type DeploymentsCursor, type DeploymentStatusesNode } from "./deployment-listing.ts";
import { RUN_JOBS_FIELDS, type RunJobsNode } from "./jobs.ts";
import { changedRuns, type RunsCursor } from "./runs.ts";
import { PULL_REQUESTS_PAGE_SIZE, pullRequestsPage, type PullRequestsPage } from "./streams/pull-requests.ts";

/** What one stream's read of a repository will ask GraphQL for, from the cursors it starts at. */
export interface Asks {
  /** The jobs of the deploy runs listed as changed since this cursor. */
  jobs?: { runs: RunsCursor | undefined };
  /** The statuses of the deployments listed as changed since this cursor. */
  statuses?: { deployments: DeploymentsCursor | undefined };
  /** The first page of merged pull requests; `takes` says which of them the read takes. */
  pullRequests?: { takes: (updatedAt: string) => boolean };
}

/** A repository's GraphQL answers read before its read, with other repositories' in the same queries. */
export interface ReadAhead {
  /** run node id → its jobs' answer (null: GitHub no longer resolves the run) */
  runs: Map<string, RunJobsNode>;
  /** deployment node id → its statuses' answer (null: GitHub no longer resolves the deployment) */
  deployments: Map<string, DeploymentStatusesNode>;
  pullRequests?: PullRequestsPage;
}

/** One repository to read ahead for: each of its streams' read (with its own context) and what it asks. */
export interface AheadTarget {
  reads: Array<{ ctx: RepoContext; asks: Asks }>;
  /** The updates of its newest merged pull requests, as the change query saw them (absent: unknown). */
  pullUpdates?: string[];
}

/** Something one batched query asks: a repository's first page of pull requests, or one run's or deployment's node. */
export type AheadItem =
  | { kind: "pullRequests"; repository: string; size: number }
  | { kind: "runs" | "deployments"; id: string };

/**
 * GitHub's limits on one query, and the cost it keeps each query under: its formula charges the
 * connections' requests divided by 100 and rounded, so up to 149 requests cost 1 point.
 */
export const QUERY_LIMITS = { requests: 149, nodes: 500_000, ids: 100 };

/** An item's requests and nodes by GitHub's formula (a pull request's labels, commits, files: 100 each; reviews: 20). */
export function itemCost(item: AheadItem): { requests: number; nodes: number } {
  if (item.kind === "pullRequests") return { requests: 1 + 4 * item.size, nodes: item.size * (1 + 100 + 100 + 100 + 20) };
  return { requests: 1, nodes: 100 };
}

/** The items split into queries, in order, each within `limits` (an item over them alone goes in a query of its own). */
export function splitQueries(items: AheadItem[], limits = QUERY_LIMITS): AheadItem[][] {
  const queries: AheadItem[][] = [];
  let current: AheadItem[] = [];
  let used = { requests: 0, nodes: 0 };
  for (const item of items) {
    const cost = itemCost(item);
    if (current.length > 0 && (used.requests + cost.requests > limits.requests || used.nodes + cost.nodes > limits.nodes)) {
      queries.push(current);
      current = [];
      used = { requests: 0, nodes: 0 };
    }
    current.push(item);
    used = { requests: used.requests + cost.requests, nodes: used.nodes + cost.nodes };
  }
  if (current.length > 0) queries.push(current);
  return queries;
}

/**
 * One query asking every item: each repository's page under an alias of its own, the runs and
 * deployments in `nodes(ids:)` fields of at most `ids` ids each.
 */
export function readAheadQuery(items: AheadItem[], ids = QUERY_LIMITS.ids): { query: string; variables: Record<string, unknown> } {
  const fields: string[] = [];
  const declared: string[] = [];
  const variables: Record<string, unknown> = {};
  items.forEach((item, i) => {
    if (item.kind !== "pullRequests") return;
    const [owner, name] = item.repository.split("/");
    declared.push(`$owner${i}: String!`, `$name${i}: String!`, `$size${i}: Int!`);
    Object.assign(variables, { [`owner${i}`]: owner, [`name${i}`]: name, [`size${i}`]: item.size });
    fields.push(`pulls${i}: repository(owner: $owner${i}, name: $name${i}) {\n    ${pullRequestsPage("null", `$size${i}`)}\n  }`);
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

/**
 * Lists what each repository's reads will ask GraphQL for (the listings are remembered by its view,
 * so its reads list again for free) and asks it for all of them in as few queries as GitHub's
 * limits allow, rather than in a query or more per repository.
 */
export async function readAhead(api: GitHubApi, concurrency: number, targets: AheadTarget[]): Promise<ReadAhead[]> {
  const asked: AheadItem[][] = [];
  for await (const items of mapConcurrently(targets, concurrency, itemsOf)) asked.push(items);
  // mapConcurrently keeps the order of its input
  const answers = { pulls: new Map<string, PullRequestsPage>(), runs: new Map<string, RunJobsNode>(), deployments: new Map<string, DeploymentStatusesNode>() };
  for (const items of splitQueries(asked.flat())) {
    const { query, variables } = readAheadQuery(items);
    const { data, errors } = await api.graphqlPartial<Record<string, unknown>>(query, variables);
    // a repository or node GitHub no longer resolves answers null: its read asks again, and falls back as it does alone
    const refused = errors.find((error) => (error.type ?? error.extensions?.type) !== "NOT_FOUND");
    if (refused) throw systemError(`github: the read-ahead query: ${refused.message ?? "refused"}`);
    items.forEach((item, i) => {
      if (item.kind !== "pullRequests") return;
      const page = (data[`pulls${i}`] as { pullRequests: PullRequestsPage } | null)?.pullRequests;
      if (page) answers.pulls.set(item.repository, page);
    });
    for (const kind of ["runs", "deployments"] as const) {
      const ids = items.flatMap((item) => (item.kind === kind ? [item.id] : []));
      ids.forEach((id, i) => answers[kind].set(id, ((data[`${kind}${Math.floor(i / QUERY_LIMITS.ids)}`] as unknown[] | null)?.[i % QUERY_LIMITS.ids] ?? null) as never));
    }
  }
  return targets.map((target, i) => {
    const items = asked[i]!;
    const pick = <T>(kind: "runs" | "deployments", from: Map<string, T>) =>
      new Map(items.flatMap((item) => (item.kind === kind && from.has(item.id) ? [[item.id, from.get(item.id)!] as const] : [])));
    const repository = target.reads[0]?.ctx.repo.full_name;
    const pullRequests = repository === undefined ? undefined : answers.pulls.get(repository);
    return { runs: pick("runs", answers.runs), deployments: pick("deployments", answers.deployments), ...(pullRequests ? { pullRequests } : {}) };
  });
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
