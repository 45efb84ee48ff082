import { parse } from "yaml";

/** What discovery needs of a GitHub Actions workflow file. */
export interface WorkflowFacts {
  path: string;
  /** Job ids with their environment (null: none) and the jobs they wait for. */
  jobs: { id: string; environment: string | null; needs: string[] }[];
  /** Folder prefixes of the `push` trigger's `paths:` filter ("services/api/**" → "services/api/"). */
  pushPrefixes: string[];
}

/** Reads a workflow file; null when it is not YAML of a workflow (discovery then says so). */
export function parseWorkflow(path: string, text: string): WorkflowFacts | null {
  let document: unknown;
  try {
    document = parse(text);
  } catch {
    return null;
  }
  if (!isObject(document) || !isObject(document.jobs)) return null;
  const jobs = Object.entries(document.jobs).map(([id, job]) => ({
    id,
    environment: isObject(job) ? environmentName(job.environment) : null,
    needs: isObject(job) ? asStrings(job.needs) : [],
  }));
  return { path, jobs, pushPrefixes: pushPrefixes(document.on) };
}

/** `environment: production` or `environment: {name: production, url: …}`. */
function environmentName(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (isObject(value) && typeof value.name === "string") return value.name;
  return null;
}

function pushPrefixes(on: unknown): string[] {
  if (!isObject(on) || !isObject(on.push)) return [];
  const prefixes = asStrings(on.push.paths)
    .filter((pattern) => !pattern.startsWith("!"))
    .map((pattern) => pattern.replace(/^\.?\//, "").replace(/[*?[].*$/, ""))
    .map((prefix) => prefix.slice(0, prefix.lastIndexOf("/") + 1));
  // a filter reaching the whole repository ("**", "*.md") tells no service apart
  return prefixes.includes("") ? [] : [...new Set(prefixes)];
}

/** The job deploying to production: the first whose environment the pattern matches. */
export function productionJob(workflow: WorkflowFacts, production: RegExp): WorkflowFacts["jobs"][number] | undefined {
  return workflow.jobs.find((job) => job.environment !== null && production.test(job.environment));
}

/** Whether another job waits for this one: then the deployment finishes with it, not with the run's last job. */
export function hasLaterJobs(workflow: WorkflowFacts, jobId: string): boolean {
  return workflow.jobs.some((job) => job.needs.includes(jobId));
}

function asStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
