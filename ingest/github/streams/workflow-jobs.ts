import { streamFacts } from "../../protocol/source.ts";
import { drain } from "../../protocol/generators.ts";
import type { RepoStream } from "../context.ts";
import { isDeployRun } from "../deploy-history.ts";
import { runsJobs } from "../jobs.ts";
import { changedRuns, type RunsCursor } from "../runs.ts";
import workflowJobsSchema from "../../../includes/raw_streams/github/workflow_jobs.json" with { type: "json" };

/**
 * The jobs of deploy runs (the deployment's finish is its deploy job's), read again for every such run
 * that changed (a re-run adds an attempt and moves the run's updated_at): many runs' jobs a GraphQL
 * query, a re-run run's from REST (ingest/github/jobs.ts).
 */
export const workflowJobs: RepoStream<RunsCursor> = {
  ...streamFacts(workflowJobsSchema),
  asks: (_ctx, state) => ({ jobs: { runs: state } }),
  async *read(ctx, state) {
    const { items: runs, result } = await drain(changedRuns(ctx, state));
    const deployRuns = runs.filter((run) => isDeployRun(ctx, run));
    for await (const { jobs } of runsJobs(ctx, deployRuns)) {
      for (const job of jobs) {
        yield {
          id: job.id,
          run_id: job.run_id,
          run_attempt: job.run_attempt,
          name: job.name,
          status: job.status,
          conclusion: job.conclusion,
          created_at: job.created_at,
          started_at: job.started_at,
          completed_at: job.completed_at,
          head_sha: job.head_sha,
          workflow_name: job.workflow_name,
          repository: ctx.repo.full_name,
        };
      }
    }
    return result;
  },
};
