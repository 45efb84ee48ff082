import type { Organisation, Service, Workflow } from "../model/organisation.ts";
import type { PlannedRepository } from "./catalog.ts";
import { abandonChange, directPush, mergeChange, pushRun } from "./changes.ts";
import { DAY, HOUR, MINUTE, WEEK, clockOf, isWeekend, iso, isoDate, mondayOf } from "./clock.ts";
import { at, type SimService, type Simulation } from "./context.ts";
import { deploy, externalDeployment } from "./deploys.ts";
import { GitHistory } from "./git.ts";
import { IdBlock } from "./ids.ts";
import { deployWorkflowFile, layoutOf, plainWorkflowFile } from "./layout.ts";
import { maybeCauseIncident, openIncident, uncausedIncident, unmappedIncident } from "./incidents.ts";
import { teamMembers } from "./names.ts";
import type { ResolvedOptions } from "./options.ts";
import { EventQueue } from "./queue.ts";
import { Random } from "./random.ts";

const BOT_LOGINS = ["dependabot[bot]"];
const CUSTOM_FIELD = "deployment_id";
/** A PagerDuty service no catalog entry maps: its incidents stay unmapped. */
const SHARED_PAGERDUTY_SERVICE = "Shared Infrastructure";

/**
 * One repository and everything that happens around it (its services' pull requests, deploy
 * runs, GitHub deployments, PagerDuty services, incidents and change events), simulated day by
 * day up to the clock. It depends only on the seed, the knobs and the repository's plan.
 */
export function generateRepository(options: ResolvedOptions, planned: PlannedRepository): Organisation {
  const sim = setUp(options, planned);
  const start = sim.clock - options.weeks * WEEK;
  const firstDay = start - (start % DAY);
  at(sim, firstDay, (day) => planDay(sim, planned, day));
  nearTheClock(sim, planned);
  sim.queue.runUntil(sim.clock);

  const teams = [...new Set(planned.services.map((s) => s.team))];
  const workflows = [sim.workflows.ci, sim.workflows.lint, ...sim.services.map((s) => s.workflow)];
  const files = [
    { path: sim.workflows.ci.path, content: plainWorkflowFile("CI", ["build", "test"]) },
    { path: sim.workflows.lint.path, content: plainWorkflowFile("Lint", ["lint"]) },
    ...sim.services.map((s) => ({
      path: s.workflow.path,
      content: deployWorkflowFile({ name: s.workflow.name, defaultBranch: sim.git.defaultBranch, releaseBranches: s.plan.releaseBranches, prefix: s.prefix, jobs: s.jobs }),
    })),
    ...(sim.layout.codeowners === null ? [] : [{ path: ".github/CODEOWNERS", content: sim.layout.codeowners }]),
  ];
  const staging = sim.deployments.some((d) => d.environment === "staging");
  return {
    as_of: options.asOf,
    start_date: isoDate(start),
    owner: options.owner,
    settings: { bot_logins: BOT_LOGINS },
    teams: teams.map((name) => ({ name })),
    services: sim.services.map((s) => s.entry),
    repositories: [
      {
        id: 1000 + planned.index,
        full_name: sim.fullName,
        default_branch: sim.git.defaultBranch,
        commits: sim.git.commits,
        branches: sim.git.branchHeads(),
        pull_requests: sim.pullRequests,
        workflows,
        workflow_runs: sim.runs,
        deployments: sim.deployments,
        files,
        environments: staging ? ["production", "staging"] : ["production"],
        team_access: sim.layout.teamAccess,
      },
    ],
    pagerduty: { services: sim.pagerdutyServices, incidents: sim.incidents, change_events: sim.changeEvents },
  };
}

function setUp(options: ResolvedOptions, planned: PlannedRepository): Simulation {
  const random = new Random(options.seed, "repository", planned.index);
  const ids = new IdBlock(planned.index);
  const clock = clockOf(options.asOf);
  const start = clock - options.weeks * WEEK;
  const bornAt = start - 60 * DAY;
  const fullName = `${options.owner}/${planned.name}`;
  const git = new GitHistory(random, "main");
  const prefixOf = (name: string) => (planned.monorepo ? `services/${name}/` : "");
  const initial = git.commit({
    parents: [],
    message: "Initial commit",
    author: null,
    authoredAt: bornAt,
    committedAt: bornAt,
    files: ["README.md", ...planned.services.map((s) => `${prefixOf(s.name)}src/index.ts`)],
    pulls: [],
  });
  git.setHead(git.defaultBranch, initial.sha, bornAt);

  const workflow = (name: string, file: string): Workflow => ({ id: ids.number(), name, path: `.github/workflows/${file}` });
  const workflows = { ci: workflow("CI", "ci.yml"), lint: workflow("Lint", "lint.yml") };
  const pagerdutyServices: Simulation["pagerdutyServices"] = [];
  const layout = layoutOf(options.seed, options.owner, planned);
  const services: SimService[] = planned.services.map((plannedService, s) => {
    const { name } = plannedService;
    const deployWorkflow = workflow(layout.deployWorkflows[s]!.name, layout.deployWorkflows[s]!.file);
    const pagerdutyIds = Array.from({ length: plannedService.pagerdutyServices }, (_, k) => {
      const id = ids.text("P");
      pagerdutyServices.push({ id, name: layout.pagerdutyNames[s]![k]!, created_at: iso(bornAt) });
      return id;
    });
    const entry: Service = {
      name,
      team: plannedService.team,
      repository: fullName,
      deploy_workflows: [deployWorkflow.path],
      ...(plannedService.namedDeployJob ? { deploy_job: "deploy" } : {}),
      ...(planned.monorepo ? { path_prefixes: [prefixOf(name)] } : {}),
      pagerduty_service_ids: pagerdutyIds,
      ...(plannedService.githubDeployments ? { github_deployments_environment: "production" } : {}),
    };
    return {
      plan: plannedService,
      entry,
      prefix: prefixOf(name),
      workflow: deployWorkflow,
      // a named deploy job is followed by a notify job that must not set the finish time
      jobs: plannedService.namedDeployJob ? ["build", "deploy", "notify"] : ["build", "deploy"],
      deployJob: plannedService.namedDeployJob ? "deploy" : undefined,
      pagerdutyIds,
      successes: [],
      undeployed: [],
      release: null,
      failedRunIds: [],
      lastGithubSuccess: null,
    };
  });
  if (planned.index === 0) pagerdutyServices.push({ id: ids.text("P"), name: SHARED_PAGERDUTY_SERVICE, created_at: iso(bornAt) });

  const freezeWeek = options.weeks >= 4 ? mondayOf(start + Math.floor(options.weeks / 2) * WEEK) : null;
  const members = new Map<string, string[]>();
  return {
    random,
    reviewRandom: new Random(options.seed, "reviews", planned.index),
    ids,
    git,
    queue: new EventQueue(),
    clock,
    bornAt,
    freeze: freezeWeek === null ? null : { from: freezeWeek, to: freezeWeek + WEEK },
    owner: options.owner,
    fullName,
    monorepo: planned.monorepo,
    layout,
    incidentsPerWeek: options.incidentsPerWeek,
    customFieldName: CUSTOM_FIELD,
    services,
    workflows,
    // a team's members are the same people in every repository
    members: (team) => members.get(team) ?? members.set(team, teamMembers(new Random(options.seed, "team", team))).get(team)!,
    nextPullNumber: 1,
    pullRequests: [],
    runs: [],
    deployments: [],
    pagerdutyServices,
    incidents: [],
    changeEvents: [],
  };
}

/** Schedules one day's work (mostly on weekdays, in working hours) and the next day. */
function planDay(sim: Simulation, planned: PlannedRepository, day: number): void {
  const { random } = sim;
  const work = isWeekend(day) ? 0.05 : 1;
  const during = (from: number, to: number) => day + random.int(from * HOUR, to * HOUR);
  for (const [k, service] of sim.services.entries()) {
    const rate = service.plan.deployRate;
    for (let n = random.poisson(Math.max(0.1, rate * 1.5) * work); n > 0; n--) {
      at(sim, during(8, 19), (t) => mergeChange(sim, service, t));
    }
    if (random.chance(0.03 * work)) at(sim, during(8, 19), (t) => directPush(sim, service, t));
    if (random.chance(0.08 * work)) at(sim, during(8, 19), (t) => abandonChange(sim, service, t));
    const deployed = (t: number) => deploy(sim, service, t, { onFinished: (d) => maybeCauseIncident(sim, service, d) });
    if (!service.plan.releaseBranches) {
      for (let n = random.poisson(rate * work); n > 0; n--) at(sim, during(9, 18), deployed);
    } else if (work === 1 && (day / DAY + planned.index + k) % 7 === 0 && random.chance(Math.min(1, 0.5 + rate))) {
      at(sim, during(9, 12), (t) => {
        cutRelease(sim, service, t);
        at(sim, t + random.int(HOUR, 3 * HOUR), deployed);
      });
    }
    if (service.plan.githubDeployments && random.chance(0.04 * work)) {
      at(sim, during(19, 23), (t) => externalDeployment(sim, service, t, (d) => maybeCauseIncident(sim, service, d)));
    }
    for (let n = random.poisson((sim.incidentsPerWeek * 0.3) / 7); n > 0; n--) {
      at(sim, during(0, 23), (t) => uncausedIncident(sim, service, t));
    }
  }
  const unmapped = sim.pagerdutyServices.find((s) => s.name === SHARED_PAGERDUTY_SERVICE);
  if (unmapped && random.chance(0.03)) at(sim, during(0, 23), (t) => unmappedIncident(sim, unmapped.id, t));
  if (new Date(day * 1000).getUTCDay() === 1) {
    // the weekly scheduled CI run on main
    at(sim, day + 3 * HOUR, (t) => pushRun(sim, sim.workflows.ci.id, "main", sim.git.head("main"), t, ["build", "test"]));
  }
  at(sim, day + DAY, (next) => planDay(sim, planned, next));
}

/** A release branch cut from main: it ships what main gathered since the last cut. */
function cutRelease(sim: Simulation, service: SimService, t: number): void {
  const branch = `release/${isoDate(t)}`;
  if (sim.git.hasBranch(branch)) return;
  sim.git.setHead(branch, sim.git.head(sim.git.defaultBranch), t);
  service.release = { branch, pending: [...(service.release?.pending ?? []), ...service.undeployed] };
  service.undeployed = [];
}

/** Things in flight at the clock: a deploy run still going, an incident still open. */
function nearTheClock(sim: Simulation, planned: PlannedRepository): void {
  const service = sim.services[0];
  if (planned.index % 2 === 0) at(sim, sim.clock - sim.random.int(2 * MINUTE, 6 * MINUTE), (t) => deploy(sim, service, t));
  if (planned.index % 3 === 0) at(sim, sim.clock - sim.random.int(HOUR, 8 * HOUR), (t) => openIncident(sim, service, t));
}
