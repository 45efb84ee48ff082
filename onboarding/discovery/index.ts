import type { Service } from "../../core/catalog.ts";
import type { Confidence, Discovery, ProposedService } from "../../core/discovery.ts";
import { DEFAULT_SETTINGS } from "../../ingest/catalog-defaults.ts";
import { gitHubApi, readRepositories, type GitHubScope } from "./github.ts";
import { mapComponents, readJiraComponents, type JiraScope } from "./jira.ts";
import { organisationWideTeams, ownerOf, settleTie } from "./ownership.ts";
import { mapPagerDuty, pagerDutyApi, readPagerDutyServices, type PagerDutyScope } from "./pagerduty.ts";
import { servicesOf, type FoundService } from "./services.ts";

export interface DiscoveryOptions {
  github: GitHubScope;
  /** Absent: no PagerDuty mapping is proposed. */
  pagerduty?: PagerDutyScope;
  /** Absent: no Jira components are proposed. */
  jira?: JiraScope;
  /** Over a job's `environment:`; default the models' production_environment_pattern. */
  productionEnvironmentPattern?: RegExp;
  /** Over a workflow file's name when no job deploys to production; default deploy, release or cd. */
  deployFilePattern?: RegExp;
  /** Requests in flight at once per API; default 4. */
  concurrency?: number;
  log?: (message: string) => void;
}

/** The team of a service whose owner discovery could not tell: the models' own fallback. */
export const UNASSIGNED_TEAM = "unassigned";

const RANK: Confidence[] = ["guess", "likely", "certain"];
const weakest = (...levels: Confidence[]) => RANK[Math.min(...levels.map((level) => RANK.indexOf(level)))]!;

/**
 * The service catalog the credentials can see (docs/onboarding.md): services from the deploy
 * workflows of each repository, their teams from CODEOWNERS and GitHub teams, their PagerDuty
 * services and Jira components by name; each entry says how it was inferred, and what could not be decided is listed.
 */
export async function discoverCatalog(options: DiscoveryOptions): Promise<Discovery> {
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? 4;
  const patterns = {
    production: options.productionEnvironmentPattern ?? new RegExp(DEFAULT_SETTINGS.production_environment_pattern, "i"),
    deployFile: options.deployFilePattern ?? /^(deploy|release|cd)\b/i,
  };
  const { repositories, notes } = await readRepositories(gitHubApi(options.github, concurrency, log), options.github);
  const undecided = [...notes];
  const found: FoundService[] = [];
  for (const repository of repositories) {
    if (repository.archived) {
      undecided.push(`${repository.fullName}: archived: left out`);
      continue;
    }
    const result = servicesOf(repository, patterns);
    found.push(...result.services);
    undecided.push(...result.undecided);
  }
  distinctNames(found);

  const everywhere = organisationWideTeams(repositories);
  const byRepository = new Map(repositories.map((r) => [r.fullName, r]));
  const firstOwners = found.map((service) => ownerOf(byRepository.get(service.repository)!, service.pathPrefixes?.[0] ?? "", everywhere));
  const owningTeams = new Set(firstOwners.flatMap((owner) => (owner.team === null ? [] : [owner.team])));
  const proposed: ProposedService[] = found.map((service, i) => {
    const owner = settleTie(firstOwners[i]!, owningTeams);
    if (owner.team === null) undecided.push(`${service.name} (${service.repository}): no owner found (${owner.why}): team ${UNASSIGNED_TEAM} proposed`);
    const entry: Service = {
      name: service.name,
      team: owner.team ?? UNASSIGNED_TEAM,
      repository: service.repository,
      deploy_workflows: service.deployWorkflows,
      ...(service.deployJob ? { deploy_job: service.deployJob } : {}),
      ...(service.pathPrefixes ? { path_prefixes: service.pathPrefixes } : {}),
      pagerduty_service_ids: [],
      ...(service.githubDeploymentsEnvironment ? { github_deployments_environment: service.githubDeploymentsEnvironment } : {}),
    };
    return {
      service: entry,
      how: [...service.how, owner.team === null ? "owner unknown" : owner.how].join("; "),
      confidence: weakest(service.confidence, owner.team === null ? "guess" : owner.confidence),
    };
  });

  if (options.pagerduty) {
    const pagerduty = await readPagerDutyServices(pagerDutyApi(options.pagerduty, concurrency, log));
    const byName = new Map(proposed.map((p) => [p.service.name, p]));
    for (const mapping of mapPagerDuty(pagerduty, [...byName.keys()])) {
      const label = `PagerDuty service "${mapping.pagerduty.name}" (${mapping.pagerduty.id})`;
      if (mapping.service === null) {
        undecided.push(`${label} ${mapping.why}: add its id to a service's pagerduty_service_ids`);
        continue;
      }
      const target = byName.get(mapping.service)!;
      target.service.pagerduty_service_ids.push(mapping.pagerduty.id);
      target.how += `; PagerDuty "${mapping.pagerduty.name}" by ${mapping.exact ? "name" : "part of its name"}`;
      target.confidence = weakest(target.confidence, mapping.exact ? "likely" : "guess");
    }
  } else {
    undecided.push("PagerDuty not configured: no service has pagerduty_service_ids");
  }
  if (options.jira) {
    const byName = new Map(proposed.map((p) => [p.service.name, p]));
    for (const mapping of mapComponents(await readJiraComponents(options.jira, concurrency, log), [...byName.keys()])) {
      if (mapping.service === null) {
        undecided.push(`Jira component "${mapping.component}" ${mapping.why}: add it to a service's jira_components`);
        continue;
      }
      const target = byName.get(mapping.service)!;
      target.service.jira_components = [...(target.service.jira_components ?? []), mapping.component];
      target.how += `; Jira component "${mapping.component}" by name`;
    }
  }
  proposed.sort((a, b) => a.service.name.localeCompare(b.service.name));
  return { services: proposed, undecided };
}

/** Service names are unique in a catalog: a name found twice is qualified by its repository. */
function distinctNames(services: FoundService[]): void {
  const counts = new Map<string, number>();
  for (const s of services) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
  for (const s of services) {
    const repositoryName = s.repository.split("/")[1]!;
    if ((counts.get(s.name) ?? 0) > 1 && s.name !== repositoryName) {
      s.how.push(`named ${repositoryName}-${s.name}: ${s.name} is taken`);
      s.name = `${repositoryName}-${s.name}`;
    }
  }
}
