import { mapConcurrently } from "../protocol/concurrency.ts";
import type { RepoContext } from "./context.ts";
import type { WorkflowRun } from "./runs.ts";

export interface WorkflowJob {
  id: number;
  run_id: number;
  run_attempt: number;
  name: string;
  status: string;
  conclusion: string | null;
  /** The attempt's creation: the first attempt's start of a re-run run (the run object shows only the latest). */
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  head_sha: string;
  workflow_name: string;
}

/** `nodes(ids:)` takes at most 100 ids. */
const RUNS_PER_QUERY = 100;

/** A run's check runs beyond one page are read from REST instead (no deploy workflow has that many jobs). */
const CHECK_RUNS_PER_RUN = 100;

/** What is asked of each run: one request (its check runs), 100 nodes. */
export const RUN_JOBS_FIELDS = `... on WorkflowRun {
      databaseId
      updatedAt
      workflow { name }
      checkSuite {
        checkRuns(first: ${CHECK_RUNS_PER_RUN}, filterBy: {checkType: ALL}) {
          pageInfo { hasNextPage }
          nodes { databaseId name status conclusion startedAt completedAt }
        }
      }
    }`;

/**
 * Every attempt's jobs of many runs in one query: a run's check suite holds one check run per job of
 * each attempt (`checkType: ALL`; the default keeps each name's latest). Costs 1 point per 100 runs.
 */
export const RUN_JOBS_QUERY = `query RunJobs($ids: [ID!]!) {
  nodes(ids: $ids) {
    ${RUN_JOBS_FIELDS}
  }
}`;

interface CheckRun {
  databaseId: number;
  name: string;
  status: string;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

/** A run's answer: null when GitHub no longer resolves it. */
export type RunJobsNode = {
  databaseId: number;
  updatedAt: string;
  workflow: { name: string };
  checkSuite: {
    checkRuns: {
      pageInfo: { hasNextPage: boolean };
      nodes: CheckRun[];
    };
  };
} | null;

interface RunJobsAnswer {
  nodes: RunJobsNode[];
}

/**
 * Every attempt's jobs of each run, as REST's `jobs?filter=all` lists them. A run with one attempt is
 * read by GraphQL, which lacks a job's `run_attempt` and `created_at`: with one attempt they are 1 and
 * the attempt's start (the run's `run_started_at`, when GitHub creates the attempt's jobs). A re-run
 * run (whose first attempt's job creation the models read), a run that changed since it was listed
 * (a re-run may have started since) and a run with more check runs than one page are read from REST.
 */
export async function* runsJobs(ctx: RepoContext, runs: WorkflowRun[]): AsyncGenerator<{ run: WorkflowRun; jobs: WorkflowJob[] }> {
  const fromRest = runs.filter((run) => run.run_attempt !== 1);
  const single = runs.filter((run) => run.run_attempt === 1);
  // the answers read ahead for many repositories at once stand; the rest are asked here
  const answers = new Map(ctx.ahead?.runs);
  const missing = single.filter((run) => !answers.has(run.node_id));
  for (let i = 0; i < missing.length; i += RUNS_PER_QUERY) {
    const batch = missing.slice(i, i + RUNS_PER_QUERY);
    const answer = await ctx.api.graphql<RunJobsAnswer>(RUN_JOBS_QUERY, { ids: batch.map((run) => run.node_id) });
    for (const [position, run] of batch.entries()) answers.set(run.node_id, answer.nodes[position] ?? null);
  }
  for (const run of single) {
    const node = answers.get(run.node_id);
    const checkRuns = node?.checkSuite.checkRuns;
    if (!node || !checkRuns || checkRuns.pageInfo.hasNextPage || Date.parse(node.updatedAt) !== Date.parse(run.updated_at)) fromRest.push(run);
    else yield { run, jobs: checkRuns.nodes.map((check) => jobOfCheckRun(run, node.workflow.name, check)) };
  }
  yield* mapConcurrently(fromRest, ctx.config.concurrency, async (run) => ({ run, jobs: await runJobs(ctx, run.id) }));
}

/** A check run of a run's only attempt as REST lists it (docs/extractors.md says where each field comes from). */
function jobOfCheckRun(run: WorkflowRun, workflowName: string, check: CheckRun): WorkflowJob {
  return {
    id: check.databaseId,
    run_id: run.id,
    run_attempt: 1,
    name: check.name,
    // GraphQL's enums are REST's values in upper case
    status: check.status.toLowerCase(),
    conclusion: check.conclusion?.toLowerCase() ?? null,
    created_at: run.run_started_at,
    started_at: check.startedAt,
    completed_at: check.completedAt,
    head_sha: run.head_sha,
    workflow_name: workflowName,
  };
}

/** Every attempt's jobs of one run (`filter=all`: the default lists only the latest attempt's). */
export async function runJobs({ api, repo }: RepoContext, runId: number): Promise<WorkflowJob[]> {
  const jobs: WorkflowJob[] = [];
  const path = `/repos/${repo.full_name}/actions/runs/${runId}/jobs`;
  for await (const job of api.list(path, { filter: "all" }, (page: { jobs: WorkflowJob[] }) => page.jobs)) jobs.push(job);
  return jobs;
}
