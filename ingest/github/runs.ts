import type { RepoContext } from "./context.ts";
import { daysBefore, laterOf } from "./context.ts";

export interface WorkflowRun {
  id: number;
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

/** Where a repository's listing of runs got to: the newest `updated_at` seen, and the first page's ETag. */
export interface RunsCursor {
  updated_at?: string;
  /** The `created` filter the ETag belongs to. */
  created?: string;
  etag?: string;
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
 * The runs created since the cursor's lookback (or the start date) that changed since the cursor.
 * An unchanged first page (304 to its stored ETag) means nothing changed: no runs, same cursor.
 */
export async function* changedRuns({ api, repo, config }: RepoContext, cursor: RunsCursor | undefined): AsyncGenerator<WorkflowRun, RunsCursor> {
  const lookback = cursor?.updated_at ? daysBefore(cursor.updated_at, RERUN_LOOKBACK_DAYS) : config.startDate;
  const since = laterOf(config.startDate, lookback)!;
  const path = `/repos/${repo.full_name}/actions/runs`;
  const query = { per_page: 100, created: `>=${since.slice(0, 10)}` };
  const first = await api.get<RunsPage>(path, { query, etag: cursor?.created === query.created ? cursor.etag : undefined });
  if (first.status === 304) return cursor ?? {};
  let newest = cursor?.updated_at;
  const changed = (run: WorkflowRun) => !cursor?.updated_at || Date.parse(run.updated_at) > Date.parse(cursor.updated_at);
  const pages =
    first.body.total_count > LISTING_CAP ? windowedPages(api, path, since.slice(0, 10), new Date().toISOString()) : api.pages(first);
  for await (const page of pages) {
    for (const run of page.workflow_runs) {
      newest = laterOf(newest, run.updated_at);
      if (changed(run)) yield run;
    }
  }
  return { updated_at: newest, created: query.created, etag: first.etag };
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
