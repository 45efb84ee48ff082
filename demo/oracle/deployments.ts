import type { Deployment, Job, Organisation, Repository, RunAttempt, WorkflowRun } from "../model/organisation.ts";
import type { Catalog, CatalogService } from "./catalog.ts";
import type { DeploymentRow } from "./marts.ts";
import type { ResolvedSettings } from "./settings.ts";
import { isoTimestamp, toMs } from "./time.ts";
import { compareText } from "./order.ts";

/** What a deployment is before contents and failures are known (docs/metrics.md, Deployment). */
export type BaseDeployment = Pick<
  DeploymentRow,
  | "deployment_id" | "service" | "team" | "repository" | "environment" | "source" | "branch"
  | "commit_sha" | "started_at" | "finished_at" | "result" | "url"
>;

const MATCH_SECONDS = 600;
const FAILURES = new Set(["failure", "timed_out", "startup_failure"]);

/** The deploy job of an attempt: the catalog's job name, else the attempt's last job to complete. */
function deployJob(attempt: RunAttempt, service: CatalogService): Job | undefined {
  if (service.deployJob !== null) return attempt.jobs.find((job) => job.name === service.deployJob);
  let last: Job | undefined;
  for (const job of attempt.jobs) {
    if (job.completed_at === null) continue;
    if (!last || toMs(job.completed_at) > toMs(last.completed_at as string)) last = job;
  }
  return last;
}

/** Result and finish of a completed run for one service (decisions 5 and 6); null: no final state. */
function outcome(run: WorkflowRun, service: CatalogService): { result: string; finished_at: string } | null {
  const attempts = [...run.attempts].sort((a, b) => a.run_attempt - b.run_attempt);
  for (const attempt of attempts) {
    const job = deployJob(attempt, service);
    if (job?.conclusion === "success" && job.completed_at) return { result: "success", finished_at: job.completed_at };
  }
  const latest = attempts[attempts.length - 1];
  if (!latest?.conclusion) return null;
  const finishedAt = deployJob(latest, service)?.completed_at ?? latest.completed_at;
  if (!finishedAt) return null;
  return { result: FAILURES.has(latest.conclusion) ? "failure" : latest.conclusion, finished_at: finishedAt };
}

function fromWorkflowRuns(repository: Repository, catalog: Catalog, settings: ResolvedSettings): BaseDeployment[] {
  const services = catalog.servicesOf(repository.full_name);
  const monorepo = catalog.isMonorepo(repository.full_name);
  const paths = new Map(repository.workflows.map((workflow) => [workflow.id, workflow.path]));
  const rows: BaseDeployment[] = [];
  for (const run of repository.workflow_runs) {
    const deployBranch = run.head_branch === repository.default_branch || settings.releaseBranchPattern.test(run.head_branch);
    if (!deployBranch || run.event === "pull_request" || run.status !== "completed" || run.attempts.length === 0) continue;
    const path = paths.get(run.workflow_id);
    for (const service of services) {
      if (path === undefined || !service.deployWorkflows.includes(path)) continue;
      const final = outcome(run, service);
      if (!final) continue;
      const first = run.attempts.reduce((a, b) => (a.run_attempt <= b.run_attempt ? a : b));
      rows.push({
        deployment_id: monorepo ? `gh-run:${run.id}/${service.name}` : `gh-run:${run.id}`,
        service: service.name,
        team: service.team,
        repository: repository.full_name,
        environment: "production",
        source: "github_actions",
        branch: run.head_branch,
        commit_sha: run.head_sha,
        started_at: isoTimestamp(first.run_started_at),
        finished_at: isoTimestamp(final.finished_at),
        result: final.result,
        url: `https://github.com/${repository.full_name}/actions/runs/${run.id}`,
      });
    }
  }
  return rows;
}

const TERMINAL: Record<string, string> = { success: "success", failure: "failure", error: "failure" };

function fromGithubDeployments(repository: Repository, catalog: Catalog, settings: ResolvedSettings): BaseDeployment[] {
  // decision 1: the repository's first service (by name) that declares a GitHub deployments environment
  const service = catalog.servicesOf(repository.full_name).find((candidate) => candidate.githubDeploymentsEnvironment !== null);
  if (!service) return [];
  const rows: BaseDeployment[] = [];
  for (const deployment of repository.deployments) {
    if (!settings.productionEnvironmentPattern.test(deployment.environment)) continue;
    const terminal = firstTerminalStatus(deployment);
    if (!terminal) continue;
    rows.push({
      deployment_id: `gh-deploy:${deployment.id}`,
      service: service.name,
      team: service.team,
      repository: repository.full_name,
      environment: deployment.environment,
      source: "github_deployments",
      branch: deployment.ref,
      commit_sha: deployment.sha,
      started_at: isoTimestamp(deployment.created_at),
      finished_at: isoTimestamp(terminal.created_at),
      result: TERMINAL[terminal.state],
      url: null,
    });
  }
  return rows;
}

function firstTerminalStatus(deployment: Deployment) {
  return [...deployment.statuses]
    .sort((a, b) => toMs(a.created_at) - toMs(b.created_at) || a.id - b.id)
    .find((status) => status.state in TERMINAL);
}

/**
 * Greedy matching takes pairs nearest first; the models take them in rounds of mutual nearest pairs
 * (a pair whose both sides have no nearer partner left), which is the same matching, and stop after
 * this many rounds (decision 50): a pair greedy takes in a later round is left unmatched here too.
 */
export const MATCH_ROUNDS = 4;

/** The id of each record that is another's twin and counts as that one → the id of the one kept (decisions 50, 53). */
export type Twins = Map<string, string>;

/**
 * The same commit of a service from both sources within 10 minutes is one deployment: the run wins
 * (decisions 31, 50). Pairs are taken nearest first (ties: run deployment id, then GitHub deployment id),
 * each side once; a pair's round is one more than the latest round in which the other side of a nearer
 * pair it had to skip was taken (when that pair left the rounds' pool).
 */
function withoutDuplicates(runs: BaseDeployment[], githubDeployments: BaseDeployment[]): { kept: BaseDeployment[]; twins: Twins } {
  const pairs: { distance: number; run: BaseDeployment; github: BaseDeployment }[] = [];
  for (const run of runs) {
    for (const github of githubDeployments) {
      if (run.service !== github.service || run.commit_sha !== github.commit_sha) continue;
      const distance = Math.abs(toMs(run.finished_at) - toMs(github.finished_at)) / 1000;
      if (distance <= MATCH_SECONDS) pairs.push({ distance, run, github });
    }
  }
  pairs.sort(
    (a, b) =>
      a.distance - b.distance ||
      compareText(a.run.deployment_id, b.run.deployment_id) ||
      compareText(a.github.deployment_id, b.github.deployment_id),
  );
  const takenIn = new Map<BaseDeployment, number>();
  // per side: the latest round in which the partner of a nearer pair it skipped was taken
  const blockedUntil = new Map<BaseDeployment, number>();
  const block = (side: BaseDeployment, round: number) => blockedUntil.set(side, Math.max(blockedUntil.get(side) ?? 0, round));
  const twins: Twins = new Map();
  for (const { run, github } of pairs) {
    const runRound = takenIn.get(run);
    const githubRound = takenIn.get(github);
    if (runRound !== undefined || githubRound !== undefined) {
      if (runRound === undefined && githubRound !== undefined) block(run, githubRound);
      if (githubRound === undefined && runRound !== undefined) block(github, runRound);
      continue;
    }
    const round = Math.max(blockedUntil.get(run) ?? 0, blockedUntil.get(github) ?? 0) + 1;
    takenIn.set(run, round);
    takenIn.set(github, round);
    if (round <= MATCH_ROUNDS) twins.set(github.deployment_id, run.deployment_id);
  }
  return { kept: [...runs, ...githubDeployments.filter((github) => !twins.has(github.deployment_id))], twins };
}

/** Every production deployment that reached a final state, minus the overrides' exclusions; and the twins left out. */
export function buildDeployments(org: Organisation, catalog: Catalog, settings: ResolvedSettings): {
  deployments: BaseDeployment[];
  excluded: number;
  twins: Twins;
} {
  const matched = org.repositories.map((repository) =>
    withoutDuplicates(fromWorkflowRuns(repository, catalog, settings), fromGithubDeployments(repository, catalog, settings)),
  );
  const all = matched.flatMap(({ kept }) => kept);
  const twins: Twins = new Map(matched.flatMap(({ twins: pairs }) => [...pairs]));
  // an exclusion naming either twin excludes the one deployment they both are (decision 53)
  const exclude = new Set((org.overrides?.exclude_deployments ?? []).map((id) => twins.get(id) ?? id));
  const deployments = all.filter((deployment) => !exclude.has(deployment.deployment_id));
  return { deployments, excluded: all.length - deployments.length, twins };
}
