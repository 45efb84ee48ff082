import type { Service, Settings } from "../../core/catalog.ts";

// the catalog's shapes are the product's (core/catalog.ts); the demo's organisation holds them
export type { Service, Settings };

/**
 * The demo organisation's own model: everything that happened, event by event, from which the
 * simulated APIs derive their responses and the oracle derives the expected metrics. A scenario
 * file (JSON or YAML) is exactly this object; the generator writes the same shape.
 *
 * Times are ISO 8601 UTC strings ("2026-03-02T10:15:00Z"); dates are "YYYY-MM-DD".
 * Ids are unique within their kind across the whole organisation.
 */
export interface Organisation {
  /** The clock of the models and the oracle: the week containing it is incomplete (docs/metrics.md, Conventions: as_of). */
  as_of: string;
  /** First day of the span; the extractors' default --start-date for this organisation. */
  start_date: string;
  /** GitHub organisation login that owns every repository. */
  owner: string;
  /** Knobs of the metric definitions; omitted ones take their defaults (docs/metrics.md, Services). */
  settings?: Settings;
  teams: Team[];
  /** The service catalog (docs/metrics.md, Services). */
  services: Service[];
  repositories: Repository[];
  pagerduty: PagerDuty;
  /** Present when the organisation also (or only) tracks incidents in Jira. */
  jira?: Jira;
  /** Analysts' corrections (docs/metrics.md, Overrides). */
  overrides?: Overrides;
}


export interface Team {
  name: string;
}


export interface Repository {
  id: number;
  /** "owner/name" */
  full_name: string;
  default_branch: string;
  /** Every commit, parents before children. */
  commits: Commit[];
  /** Branch heads at as_of (deploy branches included). */
  branches: Branch[];
  pull_requests: PullRequest[];
  workflows: Workflow[];
  workflow_runs: WorkflowRun[];
  deployments: Deployment[];
  /** Archived on GitHub: read-only, its history kept. Default false. */
  archived?: boolean;
  /** Files the contents API serves at the default branch's head (CODEOWNERS, workflow files). */
  files?: RepositoryFile[];
  /** GitHub environments configured on the repository ("production", "staging"). */
  environments?: string[];
  /** GitHub teams (by slug) granted access to the repository, and how much. */
  team_access?: TeamAccess[];
}

export interface RepositoryFile {
  /** ".github/CODEOWNERS", ".github/workflows/deploy.yml" */
  path: string;
  content: string;
}

/** A repository role GitHub grants a team (`permission` of GET /orgs/{org}/teams/{team_slug}/repos). */
export type TeamPermission = "admin" | "maintain" | "push" | "triage" | "pull";

export interface TeamAccess {
  /** The GitHub team's slug ("payments"); its display name is the slug capitalised. */
  team: string;
  permission: TeamPermission;
}

export interface Commit {
  sha: string;
  parents: string[];
  message: string;
  author_login: string | null;
  author_date: string;
  committer_date: string;
  /** Paths the commit touches relative to its first parent. */
  files: string[];
  /** Pull requests GitHub associates with this commit (`GET /commits/{sha}/pulls`): empty for a direct push. */
  pull_numbers: number[];
}

export interface Branch {
  name: string;
  head_sha: string;
}

export type MergeMethod = "merge" | "squash" | "rebase";

export interface PullRequest {
  id: number;
  number: number;
  title: string;
  body: string;
  author_login: string;
  labels: string[];
  head_ref: string;
  base_ref: string;
  created_at: string;
  updated_at: string;
  /** null when closed without merging or still open. */
  merged_at: string | null;
  closed_at: string | null;
  /** The commit on the base branch: the merge commit, the squash commit or the last rebased commit. */
  merge_commit_sha: string | null;
  merge_method: MergeMethod | null;
  /** The pull request's own commits as GitHub lists them (oldest first), before any rebase or squash. */
  commit_shas: string[];
  /** Paths the pull request changes. */
  files: string[];
  /** Its reviews in the order they were begun (GitHub's order); none when absent. */
  reviews?: Review[];
}

export type ReviewState = "APPROVED" | "COMMENTED" | "CHANGES_REQUESTED" | "DISMISSED" | "PENDING";

/** A pull request review; a login ending in "[bot]" is a bot account (GitHub's Bot actor). */
export interface Review {
  author_login: string;
  state: ReviewState;
  /** When the review was begun: GitHub lists reviews in this order. */
  created_at: string;
  /** null while PENDING (a draft review nobody else sees). */
  submitted_at: string | null;
}

export interface Workflow {
  id: number;
  name: string;
  /** ".github/workflows/deploy.yml" */
  path: string;
}

export type RunConclusion =
  | "success"
  | "failure"
  | "timed_out"
  | "startup_failure"
  | "cancelled"
  | "skipped"
  | "neutral"
  | "stale"
  | "action_required";

export interface WorkflowRun {
  id: number;
  workflow_id: number;
  head_branch: string;
  head_sha: string;
  /** "push", "workflow_dispatch", "pull_request", "schedule", ... */
  event: string;
  created_at: string;
  /** "completed" for finished runs; "in_progress" / "queued" for runs still going at as_of. */
  status: "completed" | "in_progress" | "queued";
  /** Attempt 1 first; a re-run adds an attempt. The run object shows the latest attempt. */
  attempts: RunAttempt[];
}

export interface RunAttempt {
  run_attempt: number;
  run_started_at: string;
  /** null while the attempt is still running. */
  conclusion: RunConclusion | null;
  /** When the attempt finished (the run's updated_at while it is the latest attempt). */
  completed_at: string | null;
  jobs: Job[];
}

export interface Job {
  id: number;
  name: string;
  started_at: string;
  completed_at: string | null;
  conclusion: RunConclusion | null;
}

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  task: string;
  creator_login: string;
  created_at: string;
  statuses: DeploymentStatus[];
}

export interface DeploymentStatus {
  id: number;
  /** "queued" | "in_progress" | "success" | "failure" | "error" | "inactive" */
  state: string;
  created_at: string;
  description?: string;
}

export interface PagerDuty {
  services: PagerDutyService[];
  incidents: Incident[];
  /** Change events sent by deploy workflows (Events API v2 change events). */
  change_events: ChangeEvent[];
}

export interface Jira {
  /** Jira Cloud site, e.g. "https://acme.atlassian.net" (the demo server serves it on loopback). */
  site: string;
  /** The incident project's key, e.g. "OPS". */
  project_key: string;
  /** Issue type of incidents; default "Incident". Issues of other types exist and are not incidents. */
  incident_issue_type?: string;
  issues: JiraIssue[];
}

export type JiraStatusCategory = "new" | "indeterminate" | "done";

export interface JiraIssue {
  /** Numeric id as a string ("10001"), unique across the site. */
  id: string;
  /** "OPS-12": the incident id the marts use for a Jira incident. */
  key: string;
  /** "Incident", "Bug", "Task", ... */
  issue_type: string;
  summary: string;
  /** Plain text; the API serves it as an Atlassian Document Format paragraph. */
  description: string;
  /** "Highest" | "High" | "Medium" | "Low" | "Lowest" */
  priority: string;
  created: string;
  /**
   * Status category changes after creation (which starts in "new"), in time order. `resolutiondate` is
   * the time of the last change into "done" while the issue is done; a change out of "done" (reopen)
   * clears it. `updated` is the latest of created, these changes and `edits`.
   */
  transitions: { to: JiraStatusCategory; at: string }[];
  /** Times of other edits (labels, fields, comments) that move `updated` without a transition. */
  edits?: string[];
  labels: string[];
  components: string[];
  /** Custom field values by field id ("customfield_10050"); strings only. */
  custom_fields: Record<string, string | null>;
}

export interface PagerDutyService {
  id: string;
  name: string;
  created_at: string;
}

export interface Incident {
  id: string;
  incident_number: number;
  title: string;
  description: string;
  service_id: string;
  urgency: "high" | "low";
  created_at: string;
  /**
   * Status changes after the trigger, in time order ("acknowledge", "resolve", "reopen" = a new trigger);
   * the last one decides the status at as_of.
   */
  status_changes: StatusChange[];
  /** Set when the incident was resolved by merging it into another incident. */
  merged_into_incident_id?: string;
  notes: Note[];
  /** Incident custom field values by field name (the deployment id field among them). */
  custom_fields: Record<string, string | null>;
  /** Ids of change events PagerDuty relates to this incident (`GET /incidents/{id}/related_change_events`). */
  related_change_event_ids: string[];
}

export interface StatusChange {
  type: "acknowledge" | "resolve" | "reopen";
  at: string;
}

export interface Note {
  id: string;
  content: string;
  created_at: string;
}

export interface ChangeEvent {
  id: string;
  summary: string;
  timestamp: string;
  service_ids: string[];
  custom_details: Record<string, unknown>;
  links: { href: string; text?: string }[];
}

export interface Overrides {
  /** Deployment ids left out of every metric. */
  exclude_deployments?: string[];
  /** Incident → deployment links (method `override`, wins over every rule). */
  incident_links?: { incident_id: string; deployment_id: string }[];
  /** Incidents marked as not caused by a change. */
  not_caused_by_change?: string[];
  /** Pull requests excluded by author login or label. */
  exclude_pull_request_authors?: string[];
  exclude_pull_request_labels?: string[];
}
