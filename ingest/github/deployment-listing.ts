import { mapConcurrently } from "../protocol/concurrency.ts";
import { nextLink } from "./api.ts";
import type { RepoContext } from "./context.ts";
import { daysBefore, laterOf } from "./context.ts";

export interface Deployment {
  id: number;
  node_id: string;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  created_at: string;
  updated_at: string;
  creator: { login: string } | null;
}

export interface DeploymentStatus {
  /** REST's id; null when read by GraphQL, which has none. */
  id: number | null;
  node_id: string;
  state: string;
  created_at: string;
  updated_at: string;
  environment: string;
  description: string | null;
}

export interface DeploymentsCursor {
  updated_at?: string;
  etag?: string;
}

/** A deployment gets statuses after it is created: each sync re-reads the deployments created this long before its cursor. */
export const STATUS_LOOKBACK_DAYS = 30;

/**
 * The deployments that changed since the cursor. GitHub lists them newest first with no date filter,
 * so paging stops below the lookback; an unchanged first page (304) means nothing changed, when that
 * page reached below the lookback.
 */
export async function* changedDeployments({ api, repo, config, unchanged }: RepoContext, cursor: DeploymentsCursor | undefined): AsyncGenerator<Deployment, DeploymentsCursor> {
  // the listing would find no deployment changed since the cursor, and return the cursor as it is
  if (unchanged?.deployments && cursor && !config.endDate) return cursor;
  const first = await api.get<Deployment[]>(`/repos/${repo.full_name}/deployments`, { query: { per_page: 100 }, etag: cursor?.etag });
  if (first.status === 304) return cursor ?? {};
  const floor = Date.parse(cursor?.updated_at ? daysBefore(cursor.updated_at, STATUS_LOOKBACK_DAYS) : config.startDate);
  // a backfill pages past the landed deployments (the listing has no date filter) without taking them
  const end = config.endDate ? Date.parse(config.endDate) : Infinity;
  let newest = cursor?.updated_at;
  for await (const page of api.pages(first)) {
    for (const deployment of page) {
      if (Date.parse(deployment.created_at) < floor || Date.parse(deployment.created_at) >= end) continue;
      newest = laterOf(newest, deployment.updated_at);
      if (!cursor?.updated_at || Date.parse(deployment.updated_at) > Date.parse(cursor.updated_at)) yield deployment;
    }
    if (page.some((deployment) => Date.parse(deployment.created_at) < floor)) break;
  }
  // a 304 vouches for the first page only: it must reach below what the next sync re-lists
  const nextFloor = Math.min(floor, newest ? Date.parse(daysBefore(newest, STATUS_LOOKBACK_DAYS)) : floor);
  const whole = !nextLink(first.headers.get("link")) || first.body.some((deployment) => Date.parse(deployment.created_at) < nextFloor);
  return { updated_at: newest, ...(whole && first.etag ? { etag: first.etag } : {}) };
}

/** `nodes(ids:)` takes at most 100 ids. */
const DEPLOYMENTS_PER_QUERY = 100;

/** A deployment's statuses beyond one page are read from REST instead (a deployment has a handful). */
const STATUSES_PER_DEPLOYMENT = 100;

/** What is asked of each deployment: one request (its statuses), 100 nodes. */
export const DEPLOYMENT_STATUSES_FIELDS = `... on Deployment {
      statuses(first: ${STATUSES_PER_DEPLOYMENT}) {
        pageInfo { hasNextPage }
        nodes { id state description environment createdAt updatedAt }
      }
    }`;

/** The statuses of many deployments in one query: 1 point per 100 deployments. */
export const DEPLOYMENT_STATUSES_QUERY = `query DeploymentStatuses($ids: [ID!]!) {
  nodes(ids: $ids) {
    ${DEPLOYMENT_STATUSES_FIELDS}
  }
}`;

interface StatusNode {
  id: string;
  state: string;
  description: string | null;
  environment: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A deployment's answer: null when GitHub no longer resolves it. */
export type DeploymentStatusesNode = { statuses: { pageInfo: { hasNextPage: boolean }; nodes: StatusNode[] } | null } | null;

interface DeploymentStatusesAnswer {
  nodes: DeploymentStatusesNode[];
}

/**
 * Every status of each deployment, oldest first, as REST lists them but without REST's id (GraphQL
 * has none). The models order two statuses of the same second by that id (docs/metrics.md#decision-31)
 * and GraphQL documents no order for them, so a deployment with two statuses in one second is read
 * from REST; so is one whose node no longer resolves or with more statuses than one page.
 */
export async function* deploymentsStatuses(ctx: RepoContext, deployments: Deployment[]): AsyncGenerator<{ deployment: Deployment; statuses: DeploymentStatus[] }> {
  // the answers read ahead for many repositories at once stand; the rest are asked here
  const answers = new Map(ctx.ahead?.deployments);
  const missing = deployments.filter((deployment) => !answers.has(deployment.node_id));
  for (let i = 0; i < missing.length; i += DEPLOYMENTS_PER_QUERY) {
    const batch = missing.slice(i, i + DEPLOYMENTS_PER_QUERY);
    const answer = await ctx.api.graphql<DeploymentStatusesAnswer>(DEPLOYMENT_STATUSES_QUERY, { ids: batch.map((deployment) => deployment.node_id) });
    for (const [position, deployment] of batch.entries()) answers.set(deployment.node_id, answer.nodes[position] ?? null);
  }
  const fromRest: Deployment[] = [];
  for (const deployment of deployments) {
    const connection = answers.get(deployment.node_id)?.statuses;
    const times = connection?.nodes.map((status) => Date.parse(status.createdAt));
    if (!connection || !times || connection.pageInfo.hasNextPage || new Set(times).size < times.length) fromRest.push(deployment);
    else yield { deployment, statuses: connection.nodes.map((status) => statusOfNode(deployment, status)).sort(byCreation) };
  }
  yield* mapConcurrently(fromRest, ctx.config.concurrency, async (deployment) => ({ deployment, statuses: await deploymentStatuses(ctx, deployment.id) }));
}

/** A status node as REST lists it (docs/extractors.md says where each field comes from). */
function statusOfNode(deployment: Deployment, status: StatusNode): DeploymentStatus {
  return {
    id: null,
    node_id: status.id,
    // GraphQL's enum is REST's value in upper case
    state: status.state.toLowerCase(),
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    // REST's is the deployment's environment when the status was created; GraphQL's may be unset
    environment: status.environment ?? deployment.environment,
    description: status.description,
  };
}

const byCreation = (a: DeploymentStatus, b: DeploymentStatus) => Date.parse(a.created_at) - Date.parse(b.created_at) || (a.id ?? 0) - (b.id ?? 0);

/** A deployment's statuses from REST, oldest first. */
async function deploymentStatuses({ api, repo }: RepoContext, deploymentId: number): Promise<DeploymentStatus[]> {
  const statuses: DeploymentStatus[] = [];
  const path = `/repos/${repo.full_name}/deployments/${deploymentId}/statuses`;
  for await (const status of api.list(path, {}, (page: DeploymentStatus[]) => page)) statuses.push(status);
  return statuses.sort(byCreation);
}
