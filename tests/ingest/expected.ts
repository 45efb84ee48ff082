import type { Organisation, Repository, WorkflowRun } from "../../demo/model/organisation.ts";
import { nodeId } from "../../demo/server/ids.ts";

/**
 * The primary keys each raw stream should hold after a sync from `org.start_date`, worked out from the
 * organisation model itself (not from the extractor): what the APIs serve, by the rules of
 * docs/raw-streams.md and docs/metrics.md.
 */
export function expectedKeys(org: Organisation): Record<string, Set<string>> {
  const start = Date.parse(`${org.start_date.slice(0, 10)}T00:00:00Z`);
  const since = (iso: string) => Date.parse(iso) >= start;
  const keys: Record<string, Set<string>> = {};
  const add = (stream: string, key: string | number) => (keys[stream] ??= new Set()).add(String(key));
  for (const name of ["repositories", "workflow_runs", "workflow_jobs", "deployments", "deployment_statuses", "pull_requests", "deployment_commits", "commits"]) keys[name] = new Set();
  for (const repo of org.repositories) {
    add("repositories", repo.id);
    // only deploy workflows' runs are listed, and only deploy runs' jobs read (issue 4: nothing else is fetched)
    for (const run of repo.workflow_runs.filter((r) => since(r.created_at) && isDeployWorkflow(org, repo, r))) {
      add("workflow_runs", run.id);
      if (!isDeployRun(org, repo, run)) continue;
      for (const attempt of run.attempts) for (const job of attempt.jobs) add("workflow_jobs", job.id);
    }
    for (const deployment of repo.deployments.filter((d) => since(d.created_at))) {
      add("deployments", deployment.id);
      for (const status of deployment.statuses) add("deployment_statuses", nodeId("DeploymentStatus", status.id));
    }
    for (const pr of repo.pull_requests.filter((p) => p.merged_at && since(p.updated_at))) add("pull_requests", `${repo.full_name}#${pr.number}`);
    for (const [base, head] of deploymentPairs(org, repo, since)) {
      add("deployment_commits", `${repo.full_name} ${base} ${head}`);
      for (const sha of shipped(repo, base, head)) add("commits", `${repo.full_name} ${sha}`);
    }
  }
  for (const name of ["services", "incidents", "incident_notes", "incident_custom_fields", "incident_related_change_events"]) keys[name] = new Set();
  for (const service of org.pagerduty.services) add("services", service.id);
  for (const incident of org.pagerduty.incidents.filter((i) => since(i.created_at))) {
    add("incidents", incident.id);
    add("incident_custom_fields", incident.id);
    for (const note of incident.notes) add("incident_notes", note.id);
    for (const event of incident.related_change_event_ids) add("incident_related_change_events", `${incident.id} ${event}`);
  }
  return keys;
}

/** PagerDuty logs a trigger, each status change and each note of an incident. */
export function expectedLogEntryCount(org: Organisation): number {
  const start = Date.parse(`${org.start_date.slice(0, 10)}T00:00:00Z`);
  return org.pagerduty.incidents
    .filter((i) => Date.parse(i.created_at) >= start)
    .reduce((sum, i) => sum + 1 + i.status_changes.length + i.notes.length, 0);
}

/** Each successful deployment with the latest earlier one of every deploy workflow and production environment, by finish time. */
function deploymentPairs(org: Organisation, repo: Repository, since: (iso: string) => boolean): Array<[string, string]> {
  const productionPattern = new RegExp(org.settings?.production_environment_pattern ?? "^prod(uction)?$");
  const catalog = org.services.filter((s) => s.repository === repo.full_name);
  const groups = new Map<string, Array<{ key: string; sha: string; at: string }>>();
  const push = (group: string, entry: { key: string; sha: string; at: string }) => groups.set(group, [...(groups.get(group) ?? []), entry]);
  for (const run of repo.workflow_runs) {
    const workflow = repo.workflows.find((w) => w.id === run.workflow_id)!;
    const listed = catalog.find((s) => s.deploy_workflows.includes(workflow.path));
    if (!isDeployRun(org, repo, run) || !since(run.created_at)) continue;
    const finished = firstSuccess(run, listed?.deploy_job);
    if (finished) push(workflow.path, { key: `run:${run.id}`, sha: run.head_sha, at: finished });
  }
  for (const deployment of repo.deployments.filter((d) => productionPattern.test(d.environment) && since(d.created_at))) {
    const terminal = [...deployment.statuses]
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id)
      .find((s) => ["success", "failure", "error"].includes(s.state));
    if (terminal?.state === "success") push(`env:${deployment.environment}`, { key: `deployment:${deployment.id}`, sha: deployment.sha, at: terminal.created_at });
  }
  // each deployment against the latest earlier one of every group: a service's previous deployment may
  // come from another workflow (a monorepo's deploy-all) or from the Deployments API
  const earlier = (a: { key: string; at: string }, b: { key: string; at: string }) =>
    Date.parse(a.at) < Date.parse(b.at) || (Date.parse(a.at) === Date.parse(b.at) && a.key < b.key);
  const pairs = new Map<string, [string, string]>();
  for (const entries of groups.values()) {
    for (const entry of entries) {
      for (const other of groups.values()) {
        const previous = other.filter((candidate) => earlier(candidate, entry)).sort((a, b) => (earlier(a, b) ? -1 : 1)).at(-1);
        if (previous) pairs.set(`${previous.sha} ${entry.sha}`, [previous.sha, entry.sha]);
      }
    }
  }
  return [...pairs.values()];
}

/** A workflow whose file name matches the deploy pattern, or one the catalog lists for a service of the repository. */
function isDeployWorkflow(org: Organisation, repo: Repository, run: WorkflowRun): boolean {
  const path = repo.workflows.find((w) => w.id === run.workflow_id)!.path;
  const listed = org.services.some((s) => s.repository === repo.full_name && s.deploy_workflows.includes(path));
  return new RegExp(org.settings?.deploy_workflow_pattern ?? "^deploy").test(path.split("/").at(-1)!) || listed;
}

/** docs/metrics.md, Deployment: a completed run of a deploy workflow on a deploy branch, not for a pull request. */
function isDeployRun(org: Organisation, repo: Repository, run: WorkflowRun): boolean {
  const onDeployBranch = run.head_branch === repo.default_branch || new RegExp(org.settings?.release_branch_pattern ?? "^release/").test(run.head_branch);
  return isDeployWorkflow(org, repo, run) && onDeployBranch && run.event !== "pull_request" && run.status === "completed";
}

function firstSuccess(run: WorkflowRun, deployJob: string | undefined): string | undefined {
  for (const attempt of run.attempts) {
    const done = attempt.jobs.filter((j) => j.completed_at);
    const job = deployJob ? done.find((j) => j.name === deployJob) : [...done].sort((a, b) => a.completed_at!.localeCompare(b.completed_at!) || a.id - b.id).at(-1);
    if (job?.conclusion === "success") return job.completed_at!;
  }
  return undefined;
}

/** Commits reachable from head and not from base: what GitHub's compare base...head lists. */
export function shipped(repo: Repository, base: string, head: string): string[] {
  const parents = new Map(repo.commits.map((c) => [c.sha, c.parents]));
  const reach = (from: string) => {
    const seen = new Set<string>();
    for (const stack = [from]; stack.length; ) {
      const sha = stack.pop()!;
      if (seen.has(sha)) continue;
      seen.add(sha);
      stack.push(...(parents.get(sha) ?? []));
    }
    return seen;
  };
  const fromBase = reach(base);
  return [...reach(head)].filter((sha) => !fromBase.has(sha));
}
