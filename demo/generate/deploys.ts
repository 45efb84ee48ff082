import type { Deployment, DeploymentStatus } from "../model/organisation.ts";
import { HOUR, MINUTE, iso } from "./clock.ts";
import { at, runUrl, type DeployRecord, type SimService, type Simulation } from "./context.ts";
import { buildRun, type RunStory } from "./runs.ts";

export interface DeploySpec {
  /** An urgent deploy (fix, rollback): never fails, waits for the end of a code freeze. */
  fix?: boolean;
  /** Deploy this older commit instead of the branch head (a rollback). */
  sha?: string;
  /** Called when the deployment has finished, if it succeeded (an incident it causes, an incident it fixes). */
  onFinished?: (deployment: DeployRecord) => void;
}

const STORIES: Record<RunStory, number> = {
  success: 80,
  failure_then_success: 5,
  failure: 6,
  cancelled: 4,
  success_rerun_later: 2.5,
  timed_out: 1.5,
  startup_failure: 1,
};

/** A run of the service's deploy workflow at `time` on main (or its current release branch). */
export function deploy(sim: Simulation, service: SimService, time: number, spec: DeploySpec = {}): void {
  const { random, git } = sim;
  if (sim.freeze && time >= sim.freeze.from && time < sim.freeze.to) {
    if (spec.fix) at(sim, sim.freeze.to + random.int(HOUR, 3 * HOUR), (later) => deploy(sim, service, later, spec));
    return;
  }
  const branch = service.release ? service.release.branch : service.plan.releaseBranches ? null : git.defaultBranch;
  if (branch === null) return;
  // a team rarely deploys main when nothing was merged since the last deployment
  if (!spec.fix && !service.release && service.undeployed.length === 0 && random.chance(0.8)) return;
  const sha = spec.sha ?? git.head(branch);
  const story: RunStory = spec.fix ? random.weighted({ success: 9, failure_then_success: 1 }) : random.weighted(STORIES);
  const event = spec.sha || service.release ? "workflow_dispatch" : random.chance(0.7) ? "push" : "workflow_dispatch";
  const { run, succeededAt } = buildRun(
    { workflowId: service.workflow.id, headBranch: branch, headSha: sha, event, createdAt: time, jobs: service.jobs, deployJob: service.deployJob, story },
    sim.clock,
    sim.ids,
    random,
  );
  sim.runs.push(run);
  if (succeededAt === null) {
    if (run.status === "completed") service.failedRunIds = [...service.failedRunIds.slice(-4), run.id];
    if (service.plan.githubDeployments && run.status === "completed" && random.chance(0.4)) {
      githubDeployment(sim, service, sha, branch, time + 60, "failure");
    }
    return;
  }
  const shipped = spec.sha ? [] : service.release ? service.release.pending : service.undeployed;
  if (!spec.sha) {
    if (service.release) service.release.pending = [];
    else service.undeployed = [];
  }
  const record: DeployRecord = {
    id: sim.monorepo ? `gh-run:${run.id}/${service.entry.name}` : `gh-run:${run.id}`,
    sha,
    finishedAt: succeededAt,
    runId: run.id,
    shipped,
    changeEventId: null,
    rollback: spec.sha !== undefined,
  };
  service.successes.push(record);
  if (service.plan.changeEvents) changeEvent(sim, service, record);
  if (service.plan.githubDeployments) {
    // the workflow also records a GitHub deployment: mostly within minutes of the run, sometimes
    // reported much later (then it is a deployment of its own), sometimes not at all
    const lag = random.weighted({ soon: 8, late: 1, none: 1 });
    if (lag !== "none") {
      const reportedAt = succeededAt + (lag === "soon" ? random.int(0, 2 * MINUTE) : random.int(12 * MINUTE, 40 * MINUTE));
      githubDeployment(sim, service, sha, branch, succeededAt - random.int(2 * MINUTE, 5 * MINUTE), "success", reportedAt);
    }
  }
  at(sim, succeededAt, () => spec.onFinished?.(record));
}

/**
 * A deployment made by another tool (Argo CD) and recorded only through the GitHub Deployments
 * API, in the evening when no workflow deploys: a deployment of its own, `gh-deploy:<id>`.
 */
export function externalDeployment(sim: Simulation, service: SimService, time: number, onFinished: (d: DeployRecord) => void): void {
  if (sim.freeze && time >= sim.freeze.from && time < sim.freeze.to) return;
  const { random, git } = sim;
  const sha = git.head(git.defaultBranch);
  const finishedAt = time + random.duration(4 * MINUTE, 0.3);
  const state = random.weighted({ success: 88, failure: 8, error: 4 });
  const deployment = githubDeployment(sim, service, sha, git.defaultBranch, time, state, finishedAt, "argocd[bot]");
  if (state !== "success" || finishedAt >= sim.clock) return;
  const record: DeployRecord = {
    id: `gh-deploy:${deployment.id}`,
    sha,
    finishedAt,
    runId: null,
    shipped: service.undeployed,
    changeEventId: null,
    rollback: false,
  };
  service.undeployed = [];
  service.successes.push(record);
  at(sim, finishedAt, () => onFinished(record));
}

/** A GitHub deployment with its statuses up to the clock; a success makes the previous one inactive. */
function githubDeployment(
  sim: Simulation,
  service: SimService,
  sha: string,
  ref: string,
  createdAt: number,
  state: "success" | "failure" | "error",
  finishedAt = createdAt + sim.random.int(2 * MINUTE, 6 * MINUTE),
  creator = "github-actions[bot]",
): Deployment {
  const { ids, random } = sim;
  const statuses: DeploymentStatus[] = [];
  const status = (s: string, time: number, description?: string) => {
    if (time < sim.clock) statuses.push({ id: ids.number(), state: s, created_at: iso(time), ...(description ? { description } : {}) });
  };
  status("queued", createdAt + random.int(1, 5));
  status("in_progress", createdAt + random.int(6, 30));
  status(state, finishedAt, state === "success" ? "Deployment finished successfully." : "Deployment failed.");
  const deployment: Deployment = {
    id: ids.number(),
    sha,
    ref,
    environment: service.entry.github_deployments_environment ?? "production",
    task: "deploy",
    creator_login: creator,
    created_at: iso(createdAt),
    statuses,
  };
  sim.deployments.push(deployment);
  if (state === "success" && finishedAt < sim.clock) {
    const previous = service.lastGithubSuccess;
    // GitHub marks the earlier deployment inactive: its updated_at moves, its finish does not
    at(sim, finishedAt, () => previous?.statuses.push({ id: ids.number(), state: "inactive", created_at: iso(finishedAt) }));
    service.lastGithubSuccess = deployment;
  }
  if (random.chance(0.3)) {
    // a staging deployment of the same commit: outside the production pattern
    const stagedAt = createdAt - 10 * MINUTE;
    sim.deployments.push({
      ...deployment,
      id: ids.number(),
      environment: "staging",
      created_at: iso(stagedAt),
      statuses: [{ id: ids.number(), state: "success", created_at: iso(stagedAt + random.int(2 * MINUTE, 5 * MINUTE)) }],
    });
  }
  return deployment;
}

/** The PagerDuty change event the deploy workflow sends when it finishes. */
function changeEvent(sim: Simulation, service: SimService, record: DeployRecord): void {
  const id = sim.ids.text("C");
  record.changeEventId = id;
  sim.changeEvents.push({
    id,
    summary: `Deployed ${service.entry.name} ${record.sha.slice(0, 7)} (${record.id})`,
    timestamp: iso(record.finishedAt),
    service_ids: [service.pagerdutyIds[0]],
    custom_details: { deployment_id: record.id, sha: record.sha, repository: sim.fullName },
    links: [{ href: runUrl(sim, record.runId!), text: "GitHub Actions run" }],
  });
}
