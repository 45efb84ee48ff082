import type { Organisation, Repository } from "../model/organisation.ts";
import type { OrganisationPlan } from "./catalog.ts";
import { DAY, WEEK, clockOf, isoDate } from "./clock.ts";
import { GitHistory } from "./git.ts";
import { IdBlock } from "./ids.ts";
import { EVERYONE_TEAM, OPERATIONS_TEAM, deployWorkflowFile, plainWorkflowFile } from "./layout.ts";
import type { ResolvedOptions } from "./options.ts";
import { Random } from "./random.ts";

/** One archived repository per this many planned ones (at least one). */
const REPOSITORIES_PER_ARCHIVED = 8;

/**
 * Repositories that are no service, as every organisation has them: archived predecessors of
 * services, still holding a deploy workflow, and a shared repository that never deploys. They
 * hold one commit from before the organisation's span and no runs, so no metric sees them.
 */
export function* dormantSlices(options: ResolvedOptions, plan: OrganisationPlan): Generator<Organisation> {
  const first = plan.repositories.length;
  const archived = Math.max(1, Math.floor(plan.repositories.length / REPOSITORIES_PER_ARCHIVED));
  for (let k = 0; k < archived; k++) {
    const predecessor = plan.repositories[(k * REPOSITORIES_PER_ARCHIVED) % plan.repositories.length]!;
    const team = predecessor.services[0]!.team;
    yield slice(options, dormantRepository(options, first + k, `legacy-${predecessor.name}`, {
      archived: true,
      workflows: [{ name: "Deploy", file: "deploy.yml", content: (name) => deployWorkflowFile({ name, defaultBranch: "main", releaseBranches: false, prefix: "", jobs: ["build", "deploy"] }) }],
      environments: ["production"],
      owner: team,
    }));
  }
  yield slice(options, dormantRepository(options, first + archived, "terraform-modules", {
    archived: false,
    workflows: [{ name: "CI", file: "ci.yml", content: (name) => plainWorkflowFile(name, ["validate"]) }],
    environments: [],
    owner: OPERATIONS_TEAM,
  }));
}

interface DormantShape {
  archived: boolean;
  workflows: { name: string; file: string; content: (name: string) => string }[];
  environments: string[];
  /** The team its CODEOWNERS names and that maintains it. */
  owner: string;
}

function dormantRepository(options: ResolvedOptions, index: number, name: string, shape: DormantShape): Repository {
  const ids = new IdBlock(index);
  const git = new GitHistory(new Random(options.seed, "dormant", index), "main");
  const at = clockOf(options.asOf) - options.weeks * WEEK - 120 * DAY;
  const workflows = shape.workflows.map((w) => ({ id: ids.number(), name: w.name, path: `.github/workflows/${w.file}` }));
  const initial = git.commit({ parents: [], message: "Initial commit", author: null, authoredAt: at, committedAt: at, files: ["README.md", ...workflows.map((w) => w.path)], pulls: [] });
  git.setHead(git.defaultBranch, initial.sha, at);
  return {
    id: 1000 + index,
    full_name: `${options.owner}/${name}`,
    default_branch: git.defaultBranch,
    commits: git.commits,
    branches: git.branchHeads(),
    pull_requests: [],
    workflows,
    workflow_runs: [],
    deployments: [],
    archived: shape.archived,
    files: [
      ...shape.workflows.map((w, i) => ({ path: workflows[i]!.path, content: w.content(w.name) })),
      { path: ".github/CODEOWNERS", content: `* @${options.owner}/${shape.owner}\n` },
    ],
    environments: shape.environments,
    team_access: [
      { team: shape.owner, permission: "maintain" },
      { team: EVERYONE_TEAM, permission: "push" },
    ],
  };
}

function slice(options: ResolvedOptions, repository: Repository): Organisation {
  const start = clockOf(options.asOf) - options.weeks * WEEK;
  return {
    as_of: options.asOf,
    start_date: isoDate(start),
    owner: options.owner,
    teams: [],
    services: [],
    repositories: [repository],
    pagerduty: { services: [], incidents: [], change_events: [] },
  };
}
