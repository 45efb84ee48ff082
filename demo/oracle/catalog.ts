import type { Organisation, Repository, Service } from "../model/organisation.ts";
import type { ResolvedSettings } from "./settings.ts";
import { sortByText } from "./order.ts";
import { appendTo } from "./collections.ts";

/** A service as the metrics see it: a catalog entry, or a repository without one (decision 2). */
export interface CatalogService {
  name: string;
  team: string;
  repository: string;
  deployWorkflows: string[];
  deployJob: string | null;
  /** null: the whole repository. */
  pathPrefixes: string[] | null;
  pagerdutyServiceIds: string[];
  jiraComponents: string[];
  githubDeploymentsEnvironment: string | null;
}

export interface Catalog {
  services: CatalogService[];
  servicesOf(repository: string): CatalogService[];
  isMonorepo(repository: string): boolean;
  /** The service a PagerDuty service maps to: by catalog id, else by equal name. */
  serviceOfPagerDuty(pagerdutyServiceId: string): CatalogService | undefined;
  /**
   * The service of a Jira issue (decision 42): the one its service field names, else the first by
   * name of those its components map to (catalog components, else a service of equal name).
   */
  serviceOfJira(serviceField: string | null, components: string[]): CatalogService | undefined;
  byName(service: string): CatalogService;
}

function fromCatalog(service: Service): CatalogService {
  return {
    name: service.name,
    team: service.team,
    repository: service.repository,
    deployWorkflows: service.deploy_workflows,
    deployJob: service.deploy_job ?? null,
    pathPrefixes: service.path_prefixes && service.path_prefixes.length > 0 ? service.path_prefixes : null,
    pagerdutyServiceIds: service.pagerduty_service_ids,
    jiraComponents: service.jira_components ?? [],
    githubDeploymentsEnvironment: service.github_deployments_environment ?? null,
  };
}

function uncatalogued(repository: Repository, settings: ResolvedSettings): CatalogService {
  return {
    name: repository.full_name.split("/")[1],
    team: "unassigned",
    repository: repository.full_name,
    deployWorkflows: repository.workflows
      .map((workflow) => workflow.path)
      .filter((path) => settings.deployWorkflowPattern.test(path.split("/").pop() ?? "")),
    deployJob: null,
    pathPrefixes: null,
    pagerdutyServiceIds: [],
    jiraComponents: [],
    githubDeploymentsEnvironment: null,
  };
}

export function buildCatalog(org: Organisation, settings: ResolvedSettings): Catalog {
  const services = org.services.map(fromCatalog);
  for (const repository of org.repositories) {
    if (!services.some((service) => service.repository === repository.full_name)) {
      services.push(uncatalogued(repository, settings));
    }
  }
  sortByText(services, (service) => service.name);
  const byRepository = new Map<string, CatalogService[]>();
  for (const service of services) {
    appendTo(byRepository, service.repository, service);
  }
  const byName = new Map(services.map((service) => [service.name, service]));
  const pagerdutyNames = new Map(org.pagerduty.services.map((service) => [service.id, service.name]));
  return {
    services,
    servicesOf: (repository) => byRepository.get(repository) ?? [],
    isMonorepo: (repository) => (byRepository.get(repository) ?? []).length > 1,
    serviceOfPagerDuty: (id) =>
      services.find((service) => service.pagerdutyServiceIds.includes(id)) ??
      byName.get(pagerdutyNames.get(id) ?? ""),
    serviceOfJira: (serviceField, components) => {
      const named = byName.get(serviceField ?? "");
      if (named) return named;
      const mapped = components.flatMap((component) => {
        const listing = services.filter((service) => service.jiraComponents.includes(component));
        const equal = byName.get(component);
        return listing.length > 0 ? listing : equal ? [equal] : [];
      });
      // services are sorted by name: the first found in that order
      return services.find((service) => mapped.includes(service));
    },
    byName: (name) => {
      const service = byName.get(name);
      if (!service) throw new Error(`unknown service ${name}`);
      return service;
    },
  };
}

/** Whether a change touching these paths belongs to the service (docs/metrics.md, Services: monorepo). */
export function touches(service: CatalogService, files: string[]): boolean {
  const prefixes = service.pathPrefixes;
  return prefixes === null || files.some((file) => prefixes.some((prefix) => file.startsWith(prefix)));
}
