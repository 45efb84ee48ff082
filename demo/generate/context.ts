import type {
  ChangeEvent,
  Deployment,
  Incident,
  PagerDutyService,
  PullRequest,
  Service,
  Workflow,
  WorkflowRun,
} from "../model/organisation.ts";
import type { PlannedService } from "./catalog.ts";
import type { GitHistory } from "./git.ts";
import type { IdBlock } from "./ids.ts";
import type { RepositoryLayout } from "./layout.ts";
import type { EventQueue } from "./queue.ts";
import type { Random } from "./random.ts";

/** What one repository's simulation holds while it runs; the parts (changes, deploys, incidents) share it. */
export interface Simulation {
  random: Random;
  /** Reviews draw from their own stream, so adding them left every other generated fact as it was. */
  reviewRandom: Random;
  ids: IdBlock;
  git: GitHistory;
  queue: EventQueue;
  /** Nothing happens at or after the clock. */
  clock: number;
  /** First commit of the repository. */
  bornAt: number;
  /** The code freeze: no deploys in this span (the organisation's week without deployments). */
  freeze: { from: number; to: number } | null;
  owner: string;
  fullName: string;
  monorepo: boolean;
  /** Its workflow and PagerDuty names, CODEOWNERS and team access (demo/generate/layout.ts). */
  layout: RepositoryLayout;
  incidentsPerWeek: number;
  customFieldName: string;
  services: SimService[];
  workflows: { ci: Workflow; lint: Workflow };
  members: (team: string) => string[];
  nextPullNumber: number;
  pullRequests: PullRequest[];
  runs: WorkflowRun[];
  deployments: Deployment[];
  pagerdutyServices: PagerDutyService[];
  incidents: Incident[];
  changeEvents: ChangeEvent[];
}

export interface SimService {
  plan: PlannedService;
  entry: Service;
  /** "services/<name>/" in a monorepo, "" otherwise. */
  prefix: string;
  workflow: Workflow;
  jobs: string[];
  deployJob?: string;
  pagerdutyIds: string[];
  /** Successful deployments in the order they started. */
  successes: DeployRecord[];
  /** Pull requests merged to main touching this service and not shipped yet. */
  undeployed: PullRequest[];
  /** Release-branch services: the current release branch and what it will ship. */
  release: { branch: string; pending: PullRequest[] } | null;
  /** Recent deploy runs that did not succeed (incidents sometimes name one by mistake). */
  failedRunIds: number[];
  /** The latest successful GitHub deployment, which goes inactive when the next one succeeds. */
  lastGithubSuccess: Deployment | null;
}

export interface DeployRecord {
  /** The deployment id of docs/metrics.md (Deployment; decision 1): gh-run:<id>[/<service>] or gh-deploy:<id>. */
  id: string;
  sha: string;
  finishedAt: number;
  runId: number | null;
  /** Pull requests this deployment shipped first (as the simulation tracks them). */
  shipped: PullRequest[];
  changeEventId: string | null;
  /** A deployment of an older commit. */
  rollback: boolean;
}

export function runUrl(sim: Simulation, runId: number): string {
  return `https://github.com/${sim.fullName}/actions/runs/${runId}`;
}

export function incidentUrl(sim: Simulation, incidentId: string): string {
  return `https://${sim.owner}.pagerduty.com/incidents/${incidentId}`;
}

/** Schedules `run` unless it falls at or after the clock (then it never happens). */
export function at(sim: Simulation, time: number, run: (time: number) => void): void {
  if (time < sim.clock) sim.queue.push(time, run);
}
