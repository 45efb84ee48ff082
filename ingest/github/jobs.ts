import type { RepoContext } from "./context.ts";

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

/** Every attempt's jobs of one run (`filter=all`: the default lists only the latest attempt's). */
export async function runJobs({ api, repo }: RepoContext, runId: number): Promise<WorkflowJob[]> {
  const jobs: WorkflowJob[] = [];
  const path = `/repos/${repo.full_name}/actions/runs/${runId}/jobs`;
  for await (const job of api.list(path, { filter: "all" }, (page: { jobs: WorkflowJob[] }) => page.jobs)) jobs.push(job);
  return jobs;
}
