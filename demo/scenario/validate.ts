import type { Jira, Organisation } from "../model/organisation.ts";
import {
  ShapeError,
  anything,
  boolean,
  date,
  dateOrTime,
  integer,
  list,
  nullable,
  number,
  object,
  oneOf,
  optional,
  record,
  string,
  time,
  type Check,
} from "./shape.ts";

const CONCLUSIONS = ["success", "failure", "timed_out", "startup_failure", "cancelled", "skipped", "neutral", "stale", "action_required"];
const strings = list(string);
/** A Jira field id ("customfield_10050"): the models use it as a JSON path step. */
const jiraFieldId: Check = (value, path) => {
  string(value, path);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value as string)) throw new ShapeError(path, `expected a Jira field id like customfield_10050, got "${value as string}"`);
};

const job = object({ id: integer, name: string, started_at: time, completed_at: nullable(time), conclusion: nullable(oneOf(...CONCLUSIONS)) });
const attempt = object({
  run_attempt: integer,
  run_started_at: time,
  conclusion: nullable(oneOf(...CONCLUSIONS)),
  completed_at: nullable(time),
  jobs: list(job),
});

const repository = object({
  id: integer,
  full_name: string,
  default_branch: string,
  commits: list(
    object({
      sha: string,
      parents: strings,
      message: string,
      author_login: nullable(string),
      author_date: time,
      committer_date: time,
      files: strings,
      pull_numbers: list(integer),
    }),
  ),
  branches: list(object({ name: string, head_sha: string })),
  pull_requests: list(
    object({
      id: integer,
      number: integer,
      title: string,
      body: string,
      author_login: string,
      labels: strings,
      head_ref: string,
      base_ref: string,
      created_at: time,
      updated_at: time,
      merged_at: nullable(time),
      closed_at: nullable(time),
      merge_commit_sha: nullable(string),
      merge_method: nullable(oneOf("merge", "squash", "rebase")),
      commit_shas: strings,
      files: strings,
      reviews: optional(
        list(
          object({
            author_login: string,
            state: oneOf("APPROVED", "COMMENTED", "CHANGES_REQUESTED", "DISMISSED", "PENDING"),
            created_at: time,
            submitted_at: nullable(time),
          }),
        ),
      ),
    }),
  ),
  workflows: list(object({ id: integer, name: string, path: string })),
  workflow_runs: list(
    object({
      id: integer,
      workflow_id: integer,
      head_branch: string,
      head_sha: string,
      event: string,
      created_at: time,
      status: oneOf("completed", "in_progress", "queued"),
      attempts: list(attempt),
    }),
  ),
  deployments: list(
    object({
      id: integer,
      sha: string,
      ref: string,
      environment: string,
      task: string,
      creator_login: string,
      created_at: time,
      statuses: list(object({ id: integer, state: string, created_at: time, description: optional(string) })),
    }),
  ),
  archived: optional(boolean),
  files: optional(list(object({ path: string, content: string }))),
  environments: optional(strings),
  team_access: optional(list(object({ team: string, permission: oneOf("admin", "maintain", "push", "triage", "pull") }))),
});

const organisation: Check = object({
  as_of: dateOrTime,
  start_date: date,
  owner: string,
  settings: optional(
    object({
      deploy_workflow_pattern: optional(string),
      release_branch_pattern: optional(string),
      production_environment_pattern: optional(string),
      custom_field_name: optional(string),
      window_rule_enabled: optional(boolean),
      window_rule_hours: optional(number),
      report_year: optional(integer),
      min_sample: optional(integer),
      min_link_coverage: optional(number),
      bot_logins: optional(strings),
      jira_deployment_field: optional(jiraFieldId),
      jira_service_field: optional(jiraFieldId),
      jira_cross_reference_field: optional(jiraFieldId),
    }),
  ),
  teams: list(object({ name: string })),
  services: list(
    object({
      name: string,
      team: string,
      repository: string,
      deploy_workflows: strings,
      deploy_job: optional(string),
      path_prefixes: optional(strings),
      pagerduty_service_ids: strings,
      jira_components: optional(strings),
      github_deployments_environment: optional(string),
    }),
  ),
  repositories: list(repository),
  pagerduty: object({
    services: list(object({ id: string, name: string, created_at: time })),
    incidents: list(
      object({
        id: string,
        incident_number: integer,
        title: string,
        description: string,
        service_id: string,
        urgency: oneOf("high", "low"),
        created_at: time,
        status_changes: list(object({ type: oneOf("acknowledge", "resolve", "reopen"), at: time })),
        merged_into_incident_id: optional(string),
        notes: list(object({ id: string, content: string, created_at: time })),
        custom_fields: record(nullable(string)),
        related_change_event_ids: strings,
      }),
    ),
    change_events: list(
      object({
        id: string,
        summary: string,
        timestamp: time,
        service_ids: strings,
        custom_details: record(anything),
        links: list(object({ href: string, text: optional(string) })),
      }),
    ),
  }),
  jira: optional(
    object({
      site: string,
      project_key: string,
      incident_issue_type: optional(string),
      issues: list(
        object({
          id: string,
          key: string,
          issue_type: string,
          summary: string,
          description: string,
          priority: string,
          created: time,
          transitions: list(object({ to: oneOf("new", "indeterminate", "done"), at: time })),
          edits: optional(list(time)),
          labels: strings,
          components: strings,
          custom_fields: record(nullable(string)),
        }),
      ),
    }),
  ),
  overrides: optional(
    object({
      exclude_deployments: optional(strings),
      incident_links: optional(list(object({ incident_id: string, deployment_id: string }))),
      not_caused_by_change: optional(strings),
      exclude_pull_request_authors: optional(strings),
      exclude_pull_request_labels: optional(strings),
    }),
  ),
});

/**
 * Checks that `value` is an Organisation whose references hold: every id unique within its kind,
 * every sha, workflow, team, repository and PagerDuty service it names exists.
 * Throws a ShapeError naming the path of the first problem.
 */
export function validateOrganisation(value: unknown): Organisation {
  organisation(value, "");
  const org = value as Organisation;
  const unique = uniqueness();

  const teams = new Set<string>();
  org.teams.forEach((team, i) => {
    unique("team name", team.name, `teams[${i}].name`);
    teams.add(team.name);
  });
  const pagerdutyServices = new Set(org.pagerduty.services.map((s) => s.id));
  org.pagerduty.services.forEach((s, i) => unique("PagerDuty service id", s.id, `pagerduty.services[${i}].id`));

  const repositories = new Map(org.repositories.map((r) => [r.full_name, r]));
  org.repositories.forEach((repo, r) => {
    const at = `repositories[${r}]`;
    unique("repository id", repo.id, `${at}.id`);
    unique("repository", repo.full_name, `${at}.full_name`);
    const shas = new Set<string>();
    const sha = (s: string, path: string) => refer(shas.has(s), path, `commit ${s} is not in ${repo.full_name}'s commits`);
    repo.commits.forEach((commit, c) => {
      commit.parents.forEach((parent, p) =>
        refer(shas.has(parent), `${at}.commits[${c}].parents[${p}]`, `parent ${parent} is not an earlier commit of ${repo.full_name}`),
      );
      unique(`commit of ${repo.full_name}`, commit.sha, `${at}.commits[${c}].sha`);
      shas.add(commit.sha);
    });
    repo.branches.forEach((branch, b) => {
      unique(`branch of ${repo.full_name}`, branch.name, `${at}.branches[${b}].name`);
      sha(branch.head_sha, `${at}.branches[${b}].head_sha`);
    });
    refer(repo.branches.some((b) => b.name === repo.default_branch), `${at}.default_branch`, `no branch named ${repo.default_branch}`);
    repo.pull_requests.forEach((pr, p) => {
      unique("pull request id", pr.id, `${at}.pull_requests[${p}].id`);
      unique(`pull request number of ${repo.full_name}`, pr.number, `${at}.pull_requests[${p}].number`);
      if (pr.merge_commit_sha !== null) sha(pr.merge_commit_sha, `${at}.pull_requests[${p}].merge_commit_sha`);
      pr.commit_shas.forEach((s, k) => sha(s, `${at}.pull_requests[${p}].commit_shas[${k}]`));
    });
    const workflows = new Set(repo.workflows.map((w) => w.id));
    repo.workflows.forEach((w, k) => unique("workflow id", w.id, `${at}.workflows[${k}].id`));
    repo.workflow_runs.forEach((run, k) => {
      const path = `${at}.workflow_runs[${k}]`;
      unique("workflow run id", run.id, `${path}.id`);
      refer(workflows.has(run.workflow_id), `${path}.workflow_id`, `no workflow ${run.workflow_id} in ${repo.full_name}`);
      sha(run.head_sha, `${path}.head_sha`);
      refer(run.attempts.length > 0, `${path}.attempts`, "a run has at least one attempt");
      run.attempts.forEach((a, n) => {
        refer(a.run_attempt === n + 1, `${path}.attempts[${n}].run_attempt`, `expected attempt ${n + 1}`);
        a.jobs.forEach((j, q) => unique("job id", j.id, `${path}.attempts[${n}].jobs[${q}].id`));
      });
    });
    repo.deployments.forEach((d, k) => {
      unique("deployment id", d.id, `${at}.deployments[${k}].id`);
      sha(d.sha, `${at}.deployments[${k}].sha`);
      d.statuses.forEach((s, q) => unique("deployment status id", s.id, `${at}.deployments[${k}].statuses[${q}].id`));
    });
  });

  org.services.forEach((service, i) => {
    const at = `services[${i}]`;
    unique("service name", service.name, `${at}.name`);
    refer(teams.has(service.team), `${at}.team`, `no team named ${service.team}`);
    const repo = repositories.get(service.repository);
    refer(repo !== undefined, `${at}.repository`, `no repository ${service.repository}`);
    service.deploy_workflows.forEach((path, k) =>
      refer(repo!.workflows.some((w) => w.path === path), `${at}.deploy_workflows[${k}]`, `no workflow ${path} in ${service.repository}`),
    );
    service.pagerduty_service_ids.forEach((id, k) =>
      refer(pagerdutyServices.has(id), `${at}.pagerduty_service_ids[${k}]`, `no PagerDuty service ${id}`),
    );
  });

  const changeEvents = new Set<string>();
  org.pagerduty.change_events.forEach((event, i) => {
    unique("change event id", event.id, `pagerduty.change_events[${i}].id`);
    changeEvents.add(event.id);
    event.service_ids.forEach((id, k) =>
      refer(pagerdutyServices.has(id), `pagerduty.change_events[${i}].service_ids[${k}]`, `no PagerDuty service ${id}`),
    );
  });
  const incidents = new Set(org.pagerduty.incidents.map((incident) => incident.id));
  org.pagerduty.incidents.forEach((incident, i) => {
    const at = `pagerduty.incidents[${i}]`;
    unique("incident id", incident.id, `${at}.id`);
    unique("incident number", incident.incident_number, `${at}.incident_number`);
    refer(pagerdutyServices.has(incident.service_id), `${at}.service_id`, `no PagerDuty service ${incident.service_id}`);
    incident.notes.forEach((note, k) => unique("note id", note.id, `${at}.notes[${k}].id`));
    incident.related_change_event_ids.forEach((id, k) =>
      refer(changeEvents.has(id), `${at}.related_change_event_ids[${k}]`, `no change event ${id}`),
    );
    if (incident.merged_into_incident_id !== undefined) {
      refer(incidents.has(incident.merged_into_incident_id), `${at}.merged_into_incident_id`, `no incident ${incident.merged_into_incident_id}`);
    }
  });
  if (org.jira) validateJira(org.jira, org.services);
  return org;
}

/** Jira: ids and keys unique, keys of the project, labels without spaces (Jira refuses them), times after creation and in order. */
function validateJira(jira: Jira, services: Organisation["services"]): void {
  const unique = uniqueness();
  services.forEach((service, i) =>
    (service.jira_components ?? []).forEach((component, k) => unique("Jira component", component, `services[${i}].jira_components[${k}]`)),
  );
  refer(/^[A-Z][A-Z0-9_]+$/.test(jira.project_key), "jira.project_key", `expected a Jira project key like OPS, got "${jira.project_key}"`);
  const keyPattern = new RegExp(`^${jira.project_key}-\\d+$`);
  jira.issues.forEach((issue, i) => {
    const at = `jira.issues[${i}]`;
    unique("Jira issue id", issue.id, `${at}.id`);
    unique("Jira issue key", issue.key, `${at}.key`);
    refer(/^\d+$/.test(issue.id), `${at}.id`, `expected a numeric id like "10001", got "${issue.id}"`);
    refer(keyPattern.test(issue.key), `${at}.key`, `expected a key of project ${jira.project_key} like ${jira.project_key}-1, got "${issue.key}"`);
    issue.labels.forEach((label, k) => refer(label !== "" && !/\s/.test(label), `${at}.labels[${k}]`, `a Jira label has no spaces, got "${label}"`));
    let previous = issue.created;
    issue.transitions.forEach((t, k) => {
      refer(Date.parse(t.at) >= Date.parse(previous), `${at}.transitions[${k}].at`, `expected a time after the creation and the previous transition (${previous})`);
      previous = t.at;
    });
    (issue.edits ?? []).forEach((edit, k) => refer(Date.parse(edit) >= Date.parse(issue.created), `${at}.edits[${k}]`, `expected a time after the creation (${issue.created})`));
  });
}

function refer(ok: boolean, path: string, problem: string): void {
  if (!ok) throw new ShapeError(path, problem);
}

/** One seen-set per kind: `unique(kind, value, path)` fails on the second occurrence. */
function uniqueness(): (kind: string, value: string | number, path: string) => void {
  const seen = new Map<string, Set<string | number>>();
  return (kind, value, path) => {
    const values = seen.get(kind) ?? seen.set(kind, new Set()).get(kind)!;
    if (values.has(value)) throw new ShapeError(path, `duplicate ${kind} ${value}`);
    values.add(value);
  };
}
