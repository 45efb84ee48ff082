import { streamFacts } from "../../protocol/source.ts";
import { mapYielded } from "../../protocol/generators.ts";
import type { RepoStream } from "../context.ts";
import { changedRuns, type RunsCursor } from "../runs.ts";
import workflowRunsSchema from "../../../includes/raw_streams/github/workflow_runs.json" with { type: "json" };

export const workflowRuns: RepoStream<RunsCursor> = {
  ...streamFacts(workflowRunsSchema),
  read: (ctx, state) =>
    mapYielded(changedRuns(ctx, state), (run) => ({
      id: run.id,
      name: run.name,
      path: run.path,
      workflow_id: run.workflow_id,
      head_branch: run.head_branch,
      head_sha: run.head_sha,
      event: run.event,
      status: run.status,
      conclusion: run.conclusion,
      run_attempt: run.run_attempt,
      run_started_at: run.run_started_at,
      created_at: run.created_at,
      updated_at: run.updated_at,
      html_url: run.html_url,
      repository: { full_name: run.repository.full_name },
      // the metrics need the commit, never its author's name or email
      head_commit: run.head_commit ? { id: run.head_commit.id, message: run.head_commit.message, timestamp: run.head_commit.timestamp } : null,
    })),
};
