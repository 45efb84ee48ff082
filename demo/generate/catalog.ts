import { Random } from "./random.ts";
import { serviceName, teamName } from "./names.ts";
import type { ResolvedOptions } from "./options.ts";

/**
 * The organisation's shape, decided up front and small (a few numbers per service), so the
 * repositories can then be generated one at a time.
 */
export interface PlannedService {
  name: string;
  team: string;
  /** This service's deploys per working day (the org mean times a per-service factor). */
  deployRate: number;
  /** Deploys only from `release/*` branches cut from main. */
  releaseBranches: boolean;
  /** Its deploy workflow sends PagerDuty change events. */
  changeEvents: boolean;
  /** Also recorded through the GitHub Deployments API (environment "production"). */
  githubDeployments: boolean;
  /** Deploy job named in the catalog: its run has a later "notify" job that must not count. */
  namedDeployJob: boolean;
  /** How many PagerDuty services map to it. */
  pagerdutyServices: number;
}

export interface PlannedRepository {
  index: number;
  name: string;
  /** Several services under `services/<name>/`. */
  monorepo: boolean;
  services: PlannedService[];
}

export interface OrganisationPlan {
  teams: string[];
  repositories: PlannedRepository[];
}

const SERVICES_PER_TEAM = 4;

export function planOrganisation(options: ResolvedOptions): OrganisationPlan {
  const random = new Random(options.seed, "catalog");
  const teamCount = Math.ceil(options.services / SERVICES_PER_TEAM);
  const teams = Array.from({ length: teamCount }, (_, i) => teamName(i));
  const repositories: PlannedRepository[] = [];
  let next = 0;
  while (next < options.services) {
    const index = repositories.length;
    const remaining = options.services - next;
    // repository 1 is always a monorepo and repository 2 always deploys from release branches,
    // so every organisation of a few services shows both
    const monorepo = remaining >= 2 && (index === 1 || (index > 2 && random.chance(0.2)));
    const size = monorepo ? Math.min(remaining, random.int(2, 4)) : 1;
    const services: PlannedService[] = [];
    for (let k = 0; k < size; k++, next++) {
      services.push({
        name: serviceName(next),
        team: teams[Math.floor(next / SERVICES_PER_TEAM)],
        deployRate: options.deploysPerDay * random.pick([0.15, 0.4, 0.8, 1, 1.3, 2]),
        releaseBranches: !monorepo && (index === 2 || (index > 2 && random.chance(0.2))),
        changeEvents: index === 0 || random.chance(0.5),
        githubDeployments: !monorepo && (index === 0 || random.chance(0.25)),
        namedDeployJob: random.chance(0.5),
        pagerdutyServices: random.chance(0.15) ? 2 : 1,
      });
    }
    const name = monorepo ? `${services[0].team}-monorepo-${index}` : services[0].name;
    repositories.push({ index, name, monorepo, services });
  }
  return { teams, repositories };
}
