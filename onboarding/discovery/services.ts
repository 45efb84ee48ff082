import type { Confidence } from "../../core/discovery.ts";
import type { RepositoryFacts } from "./github.ts";
import { hasLaterJobs, productionJob, type WorkflowFacts } from "./workflows.ts";

/** A service told by a repository's deploy workflows, before its team and PagerDuty services are known. */
export interface FoundService {
  name: string;
  repository: string;
  deployWorkflows: string[];
  deployJob?: string;
  /** Set in a monorepo: the `paths:` filter of its deploy workflows. */
  pathPrefixes?: string[];
  githubDeploymentsEnvironment?: string;
  how: string[];
  confidence: Confidence;
}

export interface Patterns {
  /** Over a job's `environment:`: the production environment (the models' production_environment_pattern). */
  production: RegExp;
  /** Over a workflow's file name, when no job names a production environment. */
  deployFile: RegExp;
}

/**
 * The services one repository deploys: its workflows with a job in the production environment
 * (else, as a guess, those whose file name looks like a deploy), one service per distinct
 * `paths:` filter when they have several (a monorepo), else one service named after the repository.
 */
export function servicesOf(repository: RepositoryFacts, patterns: Patterns): { services: FoundService[]; undecided: string[] } {
  const undecided = repository.unreadable.map((path) => `${repository.fullName}: ${path} is not a readable workflow file: not considered`);
  const inProduction = repository.workflows.filter((w) => productionJob(w, patterns.production));
  const byName = repository.workflows.filter((w) => patterns.deployFile.test(fileName(w.path)));
  const deploying = inProduction.length > 0 ? inProduction : byName;
  if (deploying.length === 0) {
    undecided.push(`${repository.fullName}: no workflow deploys to a production environment: not proposed as a service`);
    return { services: [], undecided };
  }
  const sure = inProduction.length > 0;
  const groups = new Map<string, WorkflowFacts[]>();
  for (const workflow of deploying) groups.set(workflow.pushPrefixes.join(" "), [...(groups.get(workflow.pushPrefixes.join(" ")) ?? []), workflow]);
  const repositoryName = repository.fullName.split("/")[1]!;
  if (groups.size === 1) {
    return { services: [service(repository, repositoryName, deploying, undefined, sure, patterns)], undecided };
  }
  const services: FoundService[] = [];
  for (const [key, workflows] of groups) {
    if (key === "") {
      undecided.push(`${repository.fullName}: ${workflows.map((w) => w.path).join(", ")} deploy${workflows.length === 1 ? "s" : ""} without a paths filter beside path-filtered deploy workflows: not proposed`);
      continue;
    }
    const prefixes = workflows[0]!.pushPrefixes;
    services.push(service(repository, prefixes[0]!.replace(/\/$/, "").split("/").pop()!, workflows, prefixes, sure, patterns));
  }
  return { services, undecided };
}

function service(repository: RepositoryFacts, name: string, workflows: WorkflowFacts[], pathPrefixes: string[] | undefined, sure: boolean, patterns: Patterns): FoundService {
  const files = workflows.map((w) => fileName(w.path)).join(", ");
  const jobs = workflows.map((w) => productionJob(w, patterns.production)).filter((job) => job !== undefined);
  const how = [sure ? `${files} deploy${workflows.length === 1 ? "s" : ""} to ${jobs[0]!.environment}` : `${files} named like a deploy workflow (no job in a production environment)`];
  // the deployment finishes with the production job when a later job (notify) follows it
  const finishing = workflows.map((w) => productionJob(w, patterns.production)).find((job, i) => job && hasLaterJobs(workflows[i]!, job.id));
  if (pathPrefixes) how.push(`told apart by the paths filter ${pathPrefixes.join(", ")}`);
  const environment = pathPrefixes ? undefined : repository.deployedEnvironments.find((e) => patterns.production.test(e));
  if (environment) how.push(`GitHub deployments to ${environment}`);
  return {
    name,
    repository: repository.fullName,
    deployWorkflows: workflows.map((w) => w.path),
    ...(finishing ? { deployJob: finishing.id } : {}),
    ...(pathPrefixes ? { pathPrefixes } : {}),
    ...(environment ? { githubDeploymentsEnvironment: environment } : {}),
    how,
    confidence: sure ? "certain" : "guess",
  };
}

const fileName = (path: string) => path.split("/").pop()!;
