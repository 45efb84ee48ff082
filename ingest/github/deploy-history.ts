import { drain } from "../protocol/generators.ts";
import type { KeptGraph } from "./commit-graph.ts";
import type { RepoContext } from "./context.ts";
import { DAY_MS } from "./context.ts";
import { changedDeployments, deploymentsStatuses, type DeploymentsCursor } from "./deployment-listing.ts";
import { runsJobs, type WorkflowJob } from "./jobs.ts";
import { changedRuns, isDeployWorkflow, type RunsCursor, type WorkflowRun } from "./runs.ts";

/** A successful deployment as far as its contents go: what it shipped and when it finished. */
export interface DeploymentMark {
  /** `run:<id>` or `deployment:<id>` */
  key: string;
  sha: string;
  finished_at: string;
}

/**
 * What a stream that follows deployment contents remembers of one repository: where its listings of
 * runs and deployments got to, the recent successful deployments of each group (a deploy workflow
 * path, or a production environment), and the comparisons already made.
 */
export interface HistoryState {
  runs?: RunsCursor;
  deployments?: DeploymentsCursor;
  groups?: Record<string, DeploymentMark[]>;
  /** `<previous key>><key>` of each comparison made */
  done?: string[];
  /**
   * Each group's earliest deployment taken since the state began (never forgotten): a backfill compares
   * it with the latest one of the days before it. Absent in states saved before it was kept.
   */
  firsts?: Record<string, DeploymentMark>;
  /**
   * The commit graph the deployments reach (./commit-graph.ts), null once it outgrew what a state
   * keeps. Absent in states saved before it was kept.
   */
  graph?: KeptGraph | null;
  /**
   * `commits` only: its graph is the one `deployment_commits` keeps for the repository, not a copy
   * (absent in states saved before, which kept a graph of their own).
   */
  sharedGraph?: true;
}

/** A successful deployment and the latest earlier one of a group: the later one contains `base...head`. */
export interface DeploymentPair {
  key: string;
  base: string;
  head: string;
}

/** A deployment this long before its group's latest is never compared again, so the state forgets it. */
const KEEP_DAYS = 60;

/** The pairs of successful deployments not compared before, and the state once they are. */
export async function newDeploymentPairs(ctx: RepoContext, state: HistoryState | undefined): Promise<{ pairs: DeploymentPair[]; next: HistoryState }> {
  const groups: Record<string, DeploymentMark[]> = structuredClone(state?.groups ?? {});
  // two deployments both known before this read were compared by an earlier one (or are a backfill's seed)
  const known = new Set(Object.values(groups).flatMap((marks) => marks.map((mark) => mark.key)));
  const add = (group: string, mark: DeploymentMark) => {
    const marks = (groups[group] ??= []).filter((existing) => existing.key !== mark.key);
    marks.push(mark);
    groups[group] = marks.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  };

  const runs = await drain(changedRuns(ctx, state?.runs));
  const deployRuns = runs.items.filter((run) => isDeployRun(ctx, run));
  for await (const { run, jobs } of runsJobs(ctx, deployRuns)) {
    const finishedAt = firstSuccessfulFinish(jobs, deployJobName(ctx, run.path));
    if (finishedAt) add(`workflow:${run.path}`, { key: `run:${run.id}`, sha: run.head_sha, finished_at: finishedAt });
  }

  const deployments = await drain(changedDeployments(ctx, state?.deployments));
  // asked for every changed deployment, as the statuses stream asks: the repository's streams then share one answer
  for await (const { deployment, statuses } of deploymentsStatuses(ctx, deployments.items)) {
    if (!ctx.config.productionEnvironmentPattern.test(deployment.environment)) continue;
    const terminal = statuses.find((status) => ["success", "failure", "error"].includes(status.state));
    if (terminal?.state === "success") {
      add(`environment:${deployment.environment}`, { key: `deployment:${deployment.id}`, sha: deployment.sha, finished_at: terminal.created_at });
    }
  }

  const done = new Set(state?.done ?? []);
  const pairs: DeploymentPair[] = [];
  // A service's previous deployment may come from another group (a monorepo service deployed by its own
  // workflow and by a deploy-all one; a workflow run and a GitHub deployment): the extractor does not know
  // the catalog, so each deployment is compared with the latest earlier one of every group of the repository.
  const everyGroup = Object.values(groups);
  for (const marks of everyGroup) {
    for (const mark of marks) {
      for (const other of everyGroup) {
        const previous = other.filter((candidate) => before(candidate, mark)).at(-1);
        const key = previous && `${previous.key}>${mark.key}`;
        if (previous && key && !done.has(key) && !(known.has(previous.key) && known.has(mark.key))) {
          done.add(key);
          pairs.push({ key, base: previous.sha, head: mark.sha });
        }
      }
    }
  }
  const firsts = state === undefined || state.firsts ? earliestOfEach(state?.firsts ?? {}, groups) : undefined;
  return { pairs, next: { ...prune({ runs: runs.result, deployments: deployments.result, groups, done: [...done] }), ...(firsts ? { firsts } : {}) } };
}

/** A read asks for the jobs of its changed runs and the statuses of its changed deployments. */
export const historyAsks = (_ctx: RepoContext, state: HistoryState | undefined) => ({ jobs: { runs: state?.runs }, statuses: { deployments: state?.deployments } });

/**
 * A backfill of the days before the landed range starts from the landed groups' first deployments, so
 * each is compared with the latest deployment before it; the landed cursors then take the earlier firsts.
 */
export const historyBackfill = {
  seed: (saved: HistoryState | undefined): HistoryState | undefined =>
    saved?.firsts ? { groups: Object.fromEntries(Object.entries(saved.firsts).map(([group, mark]) => [group, [mark]])), firsts: saved.firsts } : undefined,
  merge: (cursor: HistoryState, backfilled: HistoryState): HistoryState =>
    cursor.firsts && backfilled.firsts ? { ...cursor, firsts: earliestOfEach(cursor.firsts, Object.fromEntries(Object.entries(backfilled.firsts).map(([group, mark]) => [group, [mark]]))) } : cursor,
};

function earliestOfEach(firsts: Record<string, DeploymentMark>, groups: Record<string, DeploymentMark[]>): Record<string, DeploymentMark> {
  const result = { ...firsts };
  for (const [group, marks] of Object.entries(groups)) {
    const candidate = marks[0];
    if (candidate && (!result[group] || before(candidate, result[group]))) result[group] = candidate;
  }
  return result;
}

/** Deployment order: finish time, ties by key (docs/metrics.md, previous deployment: ties by deployment id). */
function before(a: DeploymentMark, b: DeploymentMark): boolean {
  const order = Date.parse(a.finished_at) - Date.parse(b.finished_at);
  return order < 0 || (order === 0 && a.key < b.key);
}

function prune(state: Required<Omit<HistoryState, "firsts" | "graph" | "sharedGraph">>): HistoryState {
  const groups: Record<string, DeploymentMark[]> = {};
  const kept = new Set<string>();
  for (const [group, marks] of Object.entries(state.groups)) {
    const horizon = Date.parse(marks.at(-1)!.finished_at) - KEEP_DAYS * DAY_MS;
    // keep the last one before the horizon too: it is the previous deployment of the first one after
    const first = Math.max(0, marks.findIndex((mark) => Date.parse(mark.finished_at) >= horizon) - 1);
    groups[group] = marks.slice(first);
    for (const mark of groups[group]) kept.add(mark.key);
  }
  const done = state.done.filter((key) => kept.has(key.split(">")[1]!));
  return { runs: state.runs, deployments: state.deployments, groups, done };
}

/** docs/metrics.md, Deployment: a completed run of a deploy workflow on a deploy branch, not for a pull request. */
export function isDeployRun(ctx: RepoContext, run: WorkflowRun): boolean {
  const { config, repo } = ctx;
  const deployBranch = run.head_branch === repo.default_branch || config.releaseBranchPattern.test(run.head_branch ?? "");
  return isDeployWorkflow(ctx, run.path) && deployBranch && run.event !== "pull_request" && run.status === "completed";
}

function deployJobName({ config, repo }: RepoContext, path: string): string | undefined {
  return config.deployWorkflows.find((w) => w.repository === repo.full_name && w.path === path)?.job;
}

/**
 * The completion time of the deploy job (the named one, else the attempt's last job to complete) in the
 * first attempt where it succeeded; later re-runs never move it.
 */
export function firstSuccessfulFinish(jobs: WorkflowJob[], deployJob: string | undefined): string | undefined {
  const attempts = [...new Set(jobs.map((job) => job.run_attempt))].sort((a, b) => a - b);
  for (const attempt of attempts) {
    const finished = jobs.filter((job) => job.run_attempt === attempt && job.completed_at);
    const job = deployJob
      ? finished.find((candidate) => candidate.name === deployJob)
      : finished.sort((a, b) => Date.parse(a.completed_at!) - Date.parse(b.completed_at!) || a.id - b.id).at(-1);
    if (job?.conclusion === "success") return job.completed_at!;
  }
  return undefined;
}
