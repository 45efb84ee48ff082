import type { Organisation, Repository, WorkflowRun } from "../../demo/model/organisation.ts";

/** Facts read straight off an organisation, the way docs/metrics.md words them, for the generator's tests. */
/** The default demo's as_of, 2026-11-25, is a date: the organisation ends with that day. */
export const CLOCK = "2026-11-26T00:00:00Z";

export function deployRuns(org: Organisation): Array<{ repo: Repository; run: WorkflowRun; service: string; id: string }> {
  const out: Array<{ repo: Repository; run: WorkflowRun; service: string; id: string }> = [];
  for (const repo of org.repositories) {
    const services = org.services.filter((s) => s.repository === repo.full_name);
    for (const run of repo.workflow_runs) {
      const path = repo.workflows.find((w) => w.id === run.workflow_id)!.path;
      const service = services.find((s) => s.deploy_workflows.includes(path));
      if (!service || run.event === "pull_request") continue;
      const id = services.length > 1 ? `gh-run:${run.id}/${service.name}` : `gh-run:${run.id}`;
      out.push({ repo, run, service: service.name, id });
    }
  }
  return out;
}

/** A deploy run counts as a successful deployment when any of its attempts succeeded. */
export function succeeded(run: WorkflowRun): boolean {
  return run.status === "completed" && run.attempts.some((a) => a.conclusion === "success");
}

export function successfulDeploymentIds(org: Organisation): Set<string> {
  const ids = new Set(deployRuns(org).filter((d) => succeeded(d.run)).map((d) => d.id));
  for (const repo of org.repositories) {
    for (const d of repo.deployments) {
      if (d.environment === "production" && d.statuses.some((s) => s.state === "success")) ids.add(`gh-deploy:${d.id}`);
    }
  }
  return ids;
}

/** Every commit reachable from `sha` (itself included). */
export function ancestors(repo: Repository, sha: string): Set<string> {
  const parents = new Map(repo.commits.map((c) => [c.sha, c.parents]));
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(parents.get(next) ?? []));
  }
  return seen;
}

export function allPullRequests(org: Organisation) {
  return org.repositories.flatMap((repo) => repo.pull_requests.map((pr) => ({ repo, pr })));
}
