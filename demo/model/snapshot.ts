/**
 * The organisation as it stands at a moment: what the simulated APIs serve and what the oracle
 * computes from, so both share one clock, as_of (docs/metrics.md, Conventions).
 */
import type { Incident, JiraIssue, Organisation, Repository, WorkflowRun } from "./organisation.ts";

/** The organisation's "now": the end of its as_of day (or as_of itself when it is a timestamp). */
export function serverNow(org: Organisation): string {
  return org.as_of.includes("T") ? org.as_of : `${org.as_of}T23:59:59Z`;
}

/** The moment a day before serverNow: the organisation's as_of of the night before. */
export function dayBefore(org: Organisation): string {
  return new Date(Date.parse(serverNow(org)) - 86_400_000).toISOString().slice(0, 19) + "Z";
}

/** The organisation as of its own as_of: later events do not exist yet (docs/metrics.md, Conventions: as_of). */
export function organisationAsOf(org: Organisation): Organisation {
  return snapshotAt(org, serverNow(org));
}

const at = (iso: string): number => Date.parse(iso);

/**
 * The organisation as the APIs see it at `now`: whatever happens later does not exist yet.
 * Returns a copy, so the PagerDuty writes can mutate it without touching the caller's object.
 */
export function snapshotAt(org: Organisation, now: string): Organisation {
  const cut = at(now);
  const before = (iso: string | null | undefined): boolean => iso != null && at(iso) <= cut;
  const copy: Organisation = structuredClone(org);
  copy.repositories = copy.repositories.map((repo): Repository => {
    const commits = repo.commits.filter((c) => before(c.committer_date));
    const visible = new Set(commits.map((c) => c.sha));
    return {
    ...repo,
    commits,
    pull_requests: repo.pull_requests
      .filter((pr) => before(pr.created_at))
      .map((pr) => ({
        ...pr,
        commit_shas: pr.commit_shas.filter((sha) => visible.has(sha)),
        merged_at: before(pr.merged_at) ? pr.merged_at : null,
        closed_at: before(pr.closed_at) ? pr.closed_at : null,
        merge_commit_sha: before(pr.merged_at) ? pr.merge_commit_sha : null,
      })),
    workflow_runs: repo.workflow_runs.filter((run) => before(run.created_at)).map((run) => runAt(run, cut)),
    deployments: repo.deployments
      .filter((d) => before(d.created_at))
      .map((d) => ({ ...d, statuses: d.statuses.filter((s) => before(s.created_at)) })),
    };
  });
  copy.pagerduty = {
    services: copy.pagerduty.services.filter((s) => before(s.created_at)),
    incidents: copy.pagerduty.incidents.filter((i) => before(i.created_at)).map((i) => incidentAt(i, cut)),
    change_events: copy.pagerduty.change_events.filter((e) => before(e.timestamp)),
  };
  if (copy.jira) copy.jira = { ...copy.jira, issues: copy.jira.issues.filter((i) => before(i.created)).map((i) => jiraIssueAt(i, cut)) };
  return copy;
}

/** A run with the attempts started by `cut`; an attempt or job finishing later is still running, and so is the run. */
function runAt(run: WorkflowRun, cut: number): WorkflowRun {
  const attempts = run.attempts
    .filter((a) => at(a.run_started_at) <= cut)
    .map((a) => {
      const done = a.completed_at !== null && at(a.completed_at) <= cut;
      return {
        ...a,
        conclusion: done ? a.conclusion : null,
        completed_at: done ? a.completed_at : null,
        jobs: a.jobs
          .filter((j) => at(j.started_at) <= cut)
          .map((j) => {
            const jobDone = j.completed_at !== null && at(j.completed_at) <= cut;
            return { ...j, completed_at: jobDone ? j.completed_at : null, conclusion: jobDone ? j.conclusion : null };
          }),
      };
    });
  const finished = attempts.length > 0 && attempts[attempts.length - 1].conclusion !== null;
  return { ...run, attempts, status: finished ? "completed" : run.status === "queued" ? "queued" : "in_progress" };
}

function incidentAt(incident: Incident, cut: number): Incident {
  return {
    ...incident,
    status_changes: incident.status_changes.filter((c) => at(c.at) <= cut),
    notes: incident.notes.filter((n) => at(n.created_at) <= cut),
  };
}

/** An issue without the transitions and edits after `cut`. */
function jiraIssueAt(issue: JiraIssue, cut: number): JiraIssue {
  return {
    ...issue,
    transitions: issue.transitions.filter((t) => at(t.at) <= cut),
    ...(issue.edits ? { edits: issue.edits.filter((e) => at(e) <= cut) } : {}),
  };
}
