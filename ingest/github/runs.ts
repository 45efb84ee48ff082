import type { ListedWorkflow, RepoContext } from "./context.ts";
import { daysBefore, laterOf } from "./context.ts";

export interface WorkflowRun {
  id: number;
  /** GraphQL's id of the run (its jobs are read by it, ingest/github/jobs.ts). */
  node_id: string;
  name: string;
  path: string;
  workflow_id: number;
  head_branch: string;
  head_sha: string;
  event: string;
  status: string;
  conclusion: string | null;
  run_attempt: number;
  run_started_at: string;
  created_at: string;
  updated_at: string;
  html_url: string;
  repository: { full_name: string };
  head_commit?: Record<string, unknown> | null;
}

/** Where a repository's listings of deploy runs got to: the newest `updated_at` seen, and each listing's first-page ETag. */
export interface RunsCursor {
  updated_at?: string;
  /** The `created` filter the ETags belong to. */
  created?: string;
  /** workflow id → the ETag of the first page of its runs */
  etags?: Record<string, string>;
}

/** Runs can be re-run for about 30 days: each sync re-reads the runs created this long before its cursor. */
export const RERUN_LOOKBACK_DAYS = 32;

/** GitHub stops at 1000 runs for a filtered listing: narrower `created` windows read the rest. */
const LISTING_CAP = 1000;

interface RunsPage {
  total_count: number;
  workflow_runs: WorkflowRun[];
}

/**
 * The runs of the repository's deploy workflows created since the cursor's lookback (or the start date,
 * and before a backfill's end) that changed since the cursor: the metrics read no other workflow, so no
 * other is listed (issue 4).
 * An unchanged first page of a workflow's runs (304 to its stored ETag) means none of them changed, when
 * that page held them all.
 */
export async function* changedRuns(ctx: RepoContext, cursor: RunsCursor | undefined): AsyncGenerator<WorkflowRun, RunsCursor> {
  const { api, repo, config } = ctx;
  // the listing would find no run changed since the cursor, and return the cursor as it is
  if (ctx.unchanged?.runs && cursor && !config.endDate) return cursor;
  const lookback = cursor?.updated_at ? daysBefore(cursor.updated_at, RERUN_LOOKBACK_DAYS) : config.startDate;
  const since = laterOf(config.startDate, lookback)!;
  // a backfill's end is midnight starting the landed range: GitHub's `from..to` takes whole days, both included
  const query = { per_page: 100, created: config.endDate ? `${since.slice(0, 10)}..${daysBefore(config.endDate, 1).slice(0, 10)}` : `>=${since.slice(0, 10)}` };
  const previous = cursor?.created === query.created ? (cursor.etags ?? {}) : {};
  const etags: Record<string, string> = {};
  let newest = cursor?.updated_at;
  const changed = (run: WorkflowRun) => !cursor?.updated_at || Date.parse(run.updated_at) > Date.parse(cursor.updated_at);
  for (const workflow of await deployWorkflows(ctx)) {
    const path = `/repos/${repo.full_name}/actions/workflows/${workflow.id}/runs`;
    const first = await api.get<RunsPage>(path, { query, etag: previous[workflow.id] });
    if (first.status === 304) {
      etags[workflow.id] = previous[workflow.id]!;
      continue;
    }
    const until = config.endDate ? new Date(Date.parse(config.endDate) - 1000).toISOString() : new Date().toISOString();
    const pages = first.body.total_count > LISTING_CAP ? windowedPages(api, path, since.slice(0, 10), until) : api.pages(first);
    for await (const page of pages) {
      for (const run of page.workflow_runs) {
        newest = laterOf(newest, run.updated_at);
        if (changed(run)) yield run;
      }
    }
    // a 304 vouches for the first page only: a re-run further down leaves it unchanged
    if (first.etag && first.body.total_count <= first.body.workflow_runs.length) etags[workflow.id] = first.etag;
  }
  return { updated_at: newest, created: query.created, etags };
}

/** The repository's workflows that deploy: file name matching the pattern, or listed in the config. */
export async function deployWorkflows(ctx: RepoContext): Promise<ListedWorkflow[]> {
  return (await listDeployWorkflows(ctx)).workflows;
}

/**
 * The deploy workflows with the listing's ETag. The ones kept from the last read stand for the listing
 * while nothing was pushed, and are confirmed by a conditional request (free when it answers `304`) otherwise.
 */
export async function listDeployWorkflows(ctx: RepoContext): Promise<{ workflows: ListedWorkflow[]; etag?: string }> {
  const kept = ctx.workflows;
  if (kept?.current) return { workflows: kept.listed, etag: kept.etag };
  const first = await ctx.api.get<{ workflows: ListedWorkflow[] }>(`/repos/${ctx.repo.full_name}/actions/workflows`, { query: { per_page: 100 }, etag: kept?.etag });
  if (first.status === 304 && kept) return { workflows: kept.listed, etag: kept.etag };
  const workflows: ListedWorkflow[] = [];
  for await (const page of ctx.api.pages(first)) {
    for (const workflow of page.workflows) {
      if (isDeployWorkflow(ctx, workflow.path)) workflows.push({ id: workflow.id, node_id: workflow.node_id, path: workflow.path });
    }
  }
  return { workflows, etag: first.etag };
}

/** docs/metrics.md, Deployment: a workflow whose file name matches the deploy pattern, or one the config names. */
export function isDeployWorkflow({ config, repo }: RepoContext, path: string): boolean {
  const file = path.split("/").at(-1) ?? path;
  return config.deployWorkflowPattern.test(file) || config.deployWorkflows.some((w) => w.repository === repo.full_name && w.path === path);
}

/** The listing split into `created` ranges small enough to stay under the cap. */
async function* windowedPages(api: RepoContext["api"], path: string, from: string, to: string): AsyncGenerator<RunsPage> {
  const query = { per_page: 100, created: `${from}..${to}` };
  const first = await api.get<RunsPage>(path, { query });
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (first.body.total_count <= LISTING_CAP || toMs - fromMs < 60_000) {
    yield* api.pages(first);
    return;
  }
  const middle = new Date(Math.floor((fromMs + (toMs - fromMs) / 2) / 1000) * 1000);
  yield* windowedPages(api, path, new Date(fromMs).toISOString(), middle.toISOString());
  yield* windowedPages(api, path, new Date(middle.getTime() + 1000).toISOString(), new Date(toMs).toISOString());
}
