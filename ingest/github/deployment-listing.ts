import { nextLink } from "./api.ts";
import type { RepoContext } from "./context.ts";
import { daysBefore, laterOf } from "./context.ts";

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  created_at: string;
  updated_at: string;
  creator: { login: string } | null;
}

export interface DeploymentStatus {
  id: number;
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
export async function* changedDeployments({ api, repo, config }: RepoContext, cursor: DeploymentsCursor | undefined): AsyncGenerator<Deployment, DeploymentsCursor> {
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

/** A deployment's statuses, oldest first. */
export async function deploymentStatuses({ api, repo }: RepoContext, deploymentId: number): Promise<DeploymentStatus[]> {
  const statuses: DeploymentStatus[] = [];
  const path = `/repos/${repo.full_name}/deployments/${deploymentId}/statuses`;
  for await (const status of api.list(path, {}, (page: DeploymentStatus[]) => page)) statuses.push(status);
  return statuses.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
}
