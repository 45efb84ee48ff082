import type { Job, RunAttempt, RunConclusion, WorkflowRun } from "../model/organisation.ts";
import { DAY, HOUR, MINUTE, iso } from "./clock.ts";
import type { IdBlock } from "./ids.ts";
import type { Random } from "./random.ts";

/** How a run goes, decided before it is built. */
export type RunStory =
  | "success"
  /** attempt 1 fails, a re-run succeeds */
  | "failure_then_success"
  | "failure"
  | "cancelled"
  | "timed_out"
  | "startup_failure"
  /** attempt 1 succeeds; someone re-runs it later (the deployment's finish must not move) */
  | "success_rerun_later";

export interface RunSpec {
  workflowId: number;
  headBranch: string;
  headSha: string;
  event: string;
  createdAt: number;
  /** Job names in order; the last is the one that fails when a run fails late. */
  jobs: string[];
  /** The job whose completion is the deployment's finish (else the last job). */
  deployJob?: string;
  story: RunStory;
}

export interface BuiltRun {
  run: WorkflowRun;
  /** Completion of the deploy job in the first successful attempt, when that happened before the clock. */
  succeededAt: number | null;
}

const JOB_MEDIAN_SECONDS: Record<string, number> = { build: 240, test: 300, deploy: 150, notify: 10, lint: 60 };

/**
 * Builds a workflow run with its attempts and jobs, and cuts it at the clock: what has not
 * started by then does not exist, what has started is still in progress.
 */
export function buildRun(spec: RunSpec, clock: number, ids: IdBlock, random: Random): BuiltRun {
  const plans = attemptPlans(spec.story);
  const attempts: RunAttempt[] = [];
  // a run created just before the clock is still queued: its first attempt starts no later than that
  let start = Math.min(spec.createdAt + random.int(3, 40), Math.max(spec.createdAt, clock - 1));
  let succeededAt: number | null = null;
  for (const [i, conclusion] of plans.entries()) {
    if (start >= clock) break;
    const attempt = buildAttempt(spec, i + 1, start, conclusion, clock, ids, random);
    attempts.push(attempt.attempt);
    if (succeededAt === null && attempt.deployDoneAt !== null && conclusion === "success") succeededAt = attempt.deployDoneAt;
    if (attempt.attempt.completed_at === null) break;
    // a re-run after a failure comes within the hour; a re-run of a success much later
    start = attempt.endedAt + (conclusion === "success" ? random.int(2 * HOUR, 2 * DAY) : random.int(2 * MINUTE, 40 * MINUTE));
  }
  const last = attempts[attempts.length - 1];
  const run: WorkflowRun = {
    id: ids.number(),
    workflow_id: spec.workflowId,
    head_branch: spec.headBranch,
    head_sha: spec.headSha,
    event: spec.event,
    created_at: iso(spec.createdAt),
    status: last.completed_at !== null ? "completed" : last.jobs.length > 0 ? "in_progress" : "queued",
    attempts,
  };
  return { run, succeededAt };
}

function attemptPlans(story: RunStory): RunConclusion[] {
  switch (story) {
    case "failure_then_success":
      return ["failure", "success"];
    case "success_rerun_later":
      return ["success", "success"];
    default:
      return [story];
  }
}

function buildAttempt(
  spec: RunSpec,
  number: number,
  startedAt: number,
  conclusion: RunConclusion,
  clock: number,
  ids: IdBlock,
  random: Random,
): { attempt: RunAttempt; deployDoneAt: number | null; endedAt: number } {
  const jobs: Job[] = [];
  const deployJob = spec.deployJob ?? spec.jobs[spec.jobs.length - 1];
  // which job ends the attempt early: the deploy job, or the first one for a cancellation
  const stopAt = conclusion === "cancelled" ? 0 : spec.jobs.indexOf(deployJob);
  let t = startedAt + random.int(5, 30);
  let deployDoneAt: number | null = null;
  let stopped = false;
  if (conclusion !== "startup_failure") {
    for (const [i, name] of spec.jobs.entries()) {
      if (t >= clock) break;
      if (stopped) {
        // jobs after a failure are skipped: GitHub gives them zero length
        jobs.push({ id: ids.number(), name, started_at: iso(t), completed_at: iso(t), conclusion: "skipped" });
        continue;
      }
      const end = t + random.duration(JOB_MEDIAN_SECONDS[name] ?? 120, 0.4);
      const failsHere = conclusion !== "success" && i === stopAt;
      const jobConclusion: RunConclusion = failsHere ? conclusion : "success";
      const done = end < clock;
      jobs.push({
        id: ids.number(),
        name,
        started_at: iso(t),
        completed_at: done ? iso(end) : null,
        conclusion: done ? jobConclusion : null,
      });
      if (!done) return { attempt: openAttempt(number, startedAt, jobs), deployDoneAt: null, endedAt: end };
      if (name === deployJob && jobConclusion === "success") deployDoneAt = end;
      if (failsHere) stopped = true;
      t = end + random.int(2, 15);
    }
  }
  const endedAt = t + random.int(1, 10);
  if (endedAt >= clock || t >= clock) return { attempt: openAttempt(number, startedAt, jobs), deployDoneAt: null, endedAt };
  return {
    attempt: { run_attempt: number, run_started_at: iso(startedAt), conclusion, completed_at: iso(endedAt), jobs },
    deployDoneAt,
    endedAt,
  };
}

function openAttempt(number: number, startedAt: number, jobs: Job[]): RunAttempt {
  return { run_attempt: number, run_started_at: iso(startedAt), conclusion: null, completed_at: null, jobs };
}
