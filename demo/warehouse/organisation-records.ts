/**
 * Lands an Organisation directly as raw records, in the shapes of docs/raw-streams.md, in the
 * Airbyte raw layout the extractors write: what the models read, without the extractors and the
 * demo server. The end-to-end tests and the transform benchmark use it (the transform
 * benchmark may write such an organisation's raw tables directly).
 */
import type {
  Commit,
  Incident,
  Organisation,
  Repository,
  WorkflowRun,
} from "../model/organisation.ts";
import { organisationAsOf } from "../model/snapshot.ts";
import { nodeId } from "../server/ids.ts";
import { jiraIssueJson } from "../server/jira/objects.ts";
import { quoteIdentifier, type Warehouse } from "../../core/duckdb.ts";
import { rawStreamIndex } from "../../ingest/raw-streams.ts";

export type RawRecord = Record<string, unknown>;
/** Records per table name (`github_raw__stream_workflow_runs`, ...). */
export type RawStreams = Map<string, RawRecord[]>;

export const RAW_DATASET = "airbyte_internal";

const FAILURE_STATES = new Set(["success", "failure", "error"]);

/** The records a sync at the organisation's as_of lands: later events do not exist yet, as the APIs serve it. */
export function rawStreams(scenario: Organisation): RawStreams {
  const org = organisationAsOf(scenario);
  const streams: RawStreams = new Map();
  const add = (namespace: string, stream: string, record: RawRecord) => {
    const name = `${namespace}_raw__stream_${stream}`;
    const list = streams.get(name) ?? [];
    list.push(record);
    streams.set(name, list);
  };
  // the streams every warehouse lands get a table even when empty
  for (const stream of rawStreamIndex.STREAMS.filter((candidate) => !candidate.optional)) streams.set(rawStreamIndex.tableName(stream), []);

  for (const repo of org.repositories) {
    add("github", "repositories", {
      id: repo.id,
      name: repo.full_name.split("/")[1],
      full_name: repo.full_name,
      default_branch: repo.default_branch,
      archived: repo.archived ?? false,
      html_url: `https://github.com/${repo.full_name}`,
    });
    const workflows = new Map(repo.workflows.map((w) => [w.id, w]));
    for (const run of repo.workflow_runs) {
      const latest = latestAttempt(run);
      const workflow = workflows.get(run.workflow_id);
      add("github", "workflow_runs", {
        id: run.id,
        name: workflow?.name ?? null,
        path: workflow?.path ?? "",
        workflow_id: run.workflow_id,
        head_branch: run.head_branch,
        head_sha: run.head_sha,
        event: run.event,
        status: latest && latest.conclusion !== null ? "completed" : run.status === "queued" ? "queued" : "in_progress",
        conclusion: latest?.conclusion ?? null,
        run_attempt: latest?.run_attempt ?? 1,
        run_started_at: latest?.run_started_at ?? run.created_at,
        created_at: run.created_at,
        updated_at: latest?.completed_at ?? latest?.run_started_at ?? run.created_at,
        html_url: `https://github.com/${repo.full_name}/actions/runs/${run.id}`,
        repository: { full_name: repo.full_name },
        head_commit: { id: run.head_sha },
      });
      for (const attempt of run.attempts) {
        for (const job of attempt.jobs) {
          add("github", "workflow_jobs", {
            id: job.id,
            run_id: run.id,
            run_attempt: attempt.run_attempt,
            name: job.name,
            status: job.completed_at !== null ? "completed" : "in_progress",
            conclusion: job.conclusion,
            created_at: attempt.run_started_at,
            started_at: job.started_at,
            completed_at: job.completed_at,
            head_sha: run.head_sha,
            workflow_name: workflow?.name ?? null,
            repository: repo.full_name,
          });
        }
      }
    }
    for (const deployment of repo.deployments) {
      const updated = deployment.statuses.reduce((at, s) => (s.created_at > at ? s.created_at : at), deployment.created_at);
      add("github", "deployments", {
        id: deployment.id,
        sha: deployment.sha,
        ref: deployment.ref,
        task: deployment.task,
        environment: deployment.environment,
        created_at: deployment.created_at,
        updated_at: updated,
        creator: { login: deployment.creator_login },
        repository: repo.full_name,
      });
      // as the extractor lands them: read by GraphQL (no id), by REST when two statuses share a second
      const seconds = new Set(deployment.statuses.map((status) => status.created_at));
      const fromRest = seconds.size < deployment.statuses.length;
      for (const status of deployment.statuses) {
        add("github", "deployment_statuses", {
          id: fromRest ? status.id : null,
          node_id: nodeId("DeploymentStatus", status.id),
          state: status.state,
          created_at: status.created_at,
          updated_at: status.created_at,
          environment: deployment.environment,
          description: status.description ?? "",
          deployment_id: deployment.id,
          repository: repo.full_name,
        });
      }
    }
    const commits = new Map(repo.commits.map((c) => [c.sha, c]));
    for (const pr of repo.pull_requests) {
      add("github", "pull_requests", {
        repository: repo.full_name,
        number: pr.number,
        id: pr.id,
        node_id: `PR_${pr.id}`,
        title: pr.title,
        body: pr.body,
        state: pr.merged_at ? "MERGED" : pr.closed_at ? "CLOSED" : "OPEN",
        author_login: pr.author_login,
        labels: pr.labels,
        base_ref: pr.base_ref,
        head_ref: pr.head_ref,
        created_at: pr.created_at,
        updated_at: pr.updated_at,
        merged_at: pr.merged_at,
        closed_at: pr.closed_at,
        merge_commit_sha: pr.merge_commit_sha,
        commits: pr.commit_shas.slice(0, 250).map((sha) => {
          const commit = commits.get(sha);
          return { sha, authored_date: commit?.author_date ?? null, committed_date: commit?.committer_date ?? null };
        }),
        commits_total: pr.commit_shas.length,
        files: pr.files,
        files_total: pr.files.length,
        // every review: the extractor stops at the first that can be the pickup, the models read the same first
        reviews: (pr.reviews ?? []).map((review) => ({
          author_login: review.author_login,
          author_is_bot: review.author_login.endsWith("[bot]"),
          state: review.state,
          submitted_at: review.submitted_at,
        })),
        reviews_total: (pr.reviews ?? []).length,
      });
    }
    const compared = new Set<string>();
    const landed = new Set<string>();
    for (const [base, head] of deploymentPairs(org, repo)) {
      const key = `${base}...${head}`;
      if (base === head || compared.has(key)) continue;
      compared.add(key);
      const compare = compareCommits(repo, base, head);
      add("github", "deployment_commits", { repository: repo.full_name, base_sha: base, head_sha: head, ...compare });
      for (const sha of compare.commit_shas) {
        if (landed.has(sha)) continue;
        landed.add(sha);
        const commit = commits.get(sha) as Commit;
        add("github", "commits", {
          repository: repo.full_name,
          sha: commit.sha,
          parents: commit.parents,
          message: commit.message,
          author_login: commit.author_login,
          author_date: commit.author_date,
          committer_date: commit.committer_date,
          pull_numbers: commit.pull_numbers,
          files: commit.pull_numbers.length === 0 ? commit.files : null,
        });
      }
    }
  }

  const changeEvents = new Map(org.pagerduty.change_events.map((e) => [e.id, e]));
  for (const service of org.pagerduty.services) {
    add("pagerduty", "services", {
      id: service.id,
      name: service.name,
      summary: service.name,
      status: "active",
      created_at: service.created_at,
      updated_at: service.created_at,
      html_url: `https://demo.pagerduty.com/service-directory/${service.id}`,
    });
  }
  for (const incident of org.pagerduty.incidents) {
    const { status, resolvedAt, lastChange } = incidentState(incident);
    add("pagerduty", "incidents", {
      id: incident.id,
      incident_number: incident.incident_number,
      title: incident.title,
      description: incident.description,
      status,
      urgency: incident.urgency,
      created_at: incident.created_at,
      updated_at: lastChange,
      resolved_at: resolvedAt,
      last_status_change_at: lastChange,
      resolve_reason: incident.merged_into_incident_id
        ? { type: "merge_resolve_reason", incident: { id: incident.merged_into_incident_id } }
        : null,
      service: { id: incident.service_id },
      html_url: `https://demo.pagerduty.com/incidents/${incident.id}`,
    });
    add("pagerduty", "incident_log_entries", {
      id: `${incident.id}-trigger`,
      type: "trigger_log_entry",
      created_at: incident.created_at,
      incident: { id: incident.id },
      service: { id: incident.service_id },
    });
    incident.status_changes.forEach((change, index) => {
      add("pagerduty", "incident_log_entries", {
        id: `${incident.id}-${index}`,
        type: change.type === "reopen" ? "trigger_log_entry" : `${change.type}_log_entry`,
        created_at: change.at,
        incident: { id: incident.id },
        service: { id: incident.service_id },
      });
    });
    for (const note of incident.notes) {
      add("pagerduty", "incident_notes", { id: note.id, content: note.content, created_at: note.created_at, incident_id: incident.id });
    }
    add("pagerduty", "incident_custom_fields", {
      incident_id: incident.id,
      custom_fields: Object.entries(incident.custom_fields).map(([name, value]) => ({ name, value })),
    });
    for (const id of incident.related_change_event_ids) {
      const event = changeEvents.get(id);
      if (!event) continue;
      add("pagerduty", "incident_related_change_events", {
        id: event.id,
        summary: event.summary,
        timestamp: event.timestamp,
        services: event.service_ids.map((s) => ({ id: s })),
        custom_details: event.custom_details,
        links: event.links,
        incident_id: incident.id,
      });
    }
  }
  // an organisation without Jira lands no Jira table: the models create it empty
  if (org.jira) {
    // the source's default JQL selects the project's incident issue type
    const type = org.jira.incident_issue_type ?? "Incident";
    streams.set("jira_raw__stream_issues", []);
    for (const issue of org.jira.issues.filter((candidate) => candidate.issue_type === type)) {
      add("jira", "issues", jiraIssueJson(issue, org.jira));
    }
  }
  return streams;
}

/** Creates the raw tables (if missing) and appends the records, extracted at `extractedAt`. */
export async function landRawStreams(warehouse: Warehouse, streams: RawStreams, extractedAt: string): Promise<void> {
  const schema = `${quoteIdentifier(warehouse.catalog)}.${RAW_DATASET}`;
  await warehouse.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await warehouse.run("CREATE OR REPLACE TEMP TABLE raw_landing (raw_id VARCHAR, data VARCHAR)");
  let sequence = 0;
  for (const [table, records] of streams) {
    const target = `${schema}.${quoteIdentifier(table)}`;
    await warehouse.run(
      `CREATE TABLE IF NOT EXISTS ${target} (_airbyte_raw_id VARCHAR, _airbyte_extracted_at TIMESTAMPTZ, _airbyte_loaded_at TIMESTAMPTZ, _airbyte_data VARCHAR, _airbyte_meta VARCHAR, _airbyte_generation_id BIGINT)`,
    );
    const appender = await warehouse.connection.createAppender("raw_landing", null, "temp");
    for (const record of records) {
      appender.appendVarchar(`${extractedAt}-${table}-${sequence++}`);
      appender.appendVarchar(JSON.stringify(record));
      appender.endRow();
    }
    appender.closeSync();
    await warehouse.run(
      `INSERT INTO ${target} SELECT raw_id, TIMESTAMPTZ '${extractedAt}', TIMESTAMPTZ '${extractedAt}', data, '{}', 0 FROM temp.raw_landing;
       DELETE FROM temp.raw_landing`,
    );
  }
}

function latestAttempt(run: WorkflowRun) {
  return run.attempts.reduce<WorkflowRun["attempts"][number] | undefined>(
    (latest, a) => (!latest || a.run_attempt > latest.run_attempt ? a : latest),
    undefined,
  );
}

/**
 * The (base, head) commit pairs the extractor compares (ingest/github/deploy-history.ts): successful
 * deployments are grouped by deploy workflow and by production environment, and each is compared
 * with the latest earlier one of every group of the repository.
 */
function deploymentPairs(org: Organisation, repo: Repository): Array<[string, string]> {
  const pattern = new RegExp(org.settings?.deploy_workflow_pattern ?? "^deploy");
  const release = new RegExp(org.settings?.release_branch_pattern ?? "^release/");
  const production = new RegExp(org.settings?.production_environment_pattern ?? "^prod(uction)?$");
  const catalogued = new Set(org.services.filter((s) => s.repository === repo.full_name).flatMap((s) => s.deploy_workflows));
  const paths = new Map(repo.workflows.map((w) => [w.id, w.path]));
  const groups = new Map<string, { sha: string; at: string; key: string }[]>();
  const add = (group: string, mark: { sha: string; at: string; key: string }) => groups.set(group, [...(groups.get(group) ?? []), mark]);
  for (const run of repo.workflow_runs) {
    const path = paths.get(run.workflow_id) ?? "";
    const isDeploy = catalogued.size > 0 ? catalogued.has(path) : pattern.test(path.split("/").pop() ?? "");
    const onDeployBranch = run.head_branch === repo.default_branch || release.test(run.head_branch);
    if (!isDeploy || !onDeployBranch || run.event === "pull_request") continue;
    // as ingest/github/deploy-history.ts firstSuccessfulFinish: the deploy job (the catalog's, else the
    // attempt's last to complete) of the first attempt where it succeeded, whatever the attempt's conclusion
    const deployJob = org.services.find((s) => s.repository === repo.full_name && s.deploy_workflows.includes(path))?.deploy_job;
    let at = "";
    for (const attempt of [...run.attempts].sort((a, b) => a.run_attempt - b.run_attempt)) {
      const finished = attempt.jobs.filter((j) => j.completed_at);
      const job = deployJob
        ? finished.find((j) => j.name === deployJob)
        : finished.sort((a, b) => Date.parse(a.completed_at!) - Date.parse(b.completed_at!) || a.id - b.id).at(-1);
      if (job?.conclusion === "success") {
        at = job.completed_at!;
        break;
      }
    }
    if (!at) continue;
    add(`workflow:${path}`, { sha: run.head_sha, at, key: `run:${run.id}` });
  }
  for (const deployment of repo.deployments) {
    if (!production.test(deployment.environment)) continue;
    const terminal = [...deployment.statuses]
      .sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id))
      .find((s) => FAILURE_STATES.has(s.state));
    if (terminal?.state !== "success") continue;
    add(`environment:${deployment.environment}`, { sha: deployment.sha, at: terminal.created_at, key: `deployment:${deployment.id}` });
  }
  const earlier = (a: { at: string; key: string }, b: { at: string; key: string }) => a.at < b.at || (a.at === b.at && a.key < b.key);
  const pairs: Array<[string, string]> = [];
  for (const marks of groups.values()) marks.sort((a, b) => (earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0));
  for (const marks of groups.values()) {
    for (const mark of marks) {
      for (const other of groups.values()) {
        const previous = other.filter((candidate) => earlier(candidate, mark)).at(-1);
        if (previous) pairs.push([previous.sha, mark.sha]);
      }
    }
  }
  return pairs;
}

const ancestorCache = new WeakMap<Repository, Map<string, Set<string>>>();
const parentsCache = new WeakMap<Repository, Map<string, string[]>>();

function ancestors(repo: Repository, sha: string): Set<string> {
  let cache = ancestorCache.get(repo);
  if (!cache) {
    cache = new Map();
    ancestorCache.set(repo, cache);
  }
  const cached = cache.get(sha);
  if (cached) return cached;
  let parents = parentsCache.get(repo);
  if (!parents) {
    parents = new Map(repo.commits.map((c) => [c.sha, c.parents]));
    parentsCache.set(repo, parents);
  }
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (seen.has(current) || !parents.has(current)) continue;
    seen.add(current);
    stack.push(...(parents.get(current) ?? []));
  }
  cache.set(sha, seen);
  return seen;
}

/** GitHub's compare base...head: status and the commits reachable from head, not from base, oldest first. */
export function compareCommits(repo: Repository, base: string, head: string) {
  const fromHead = ancestors(repo, head);
  const fromBase = ancestors(repo, base);
  const ahead = repo.commits.filter((c) => fromHead.has(c.sha) && !fromBase.has(c.sha)).map((c) => c.sha);
  const behindBy = [...fromBase].filter((sha) => !fromHead.has(sha)).length;
  const status = base === head ? "identical" : ahead.length === 0 ? "behind" : behindBy === 0 ? "ahead" : "diverged";
  return { status, ahead_by: ahead.length, behind_by: behindBy, total_commits: ahead.length, commit_shas: ahead };
}

function incidentState(incident: Incident) {
  let status = "triggered";
  let resolvedAt: string | null = null;
  let lastChange = incident.created_at;
  for (const change of incident.status_changes) {
    lastChange = change.at;
    if (change.type === "resolve") {
      status = "resolved";
      resolvedAt = change.at;
    } else if (change.type === "acknowledge") {
      status = "acknowledged";
    } else {
      status = "triggered";
      resolvedAt = null;
    }
  }
  return { status, resolvedAt, lastChange };
}

/** The records of `after` that `before` does not hold as they are: what a later sync extracts. */
export function newRecords(before: RawStreams, after: RawStreams): RawStreams {
  const out: RawStreams = new Map();
  for (const [table, records] of after) {
    const known = new Set((before.get(table) ?? []).map((record) => JSON.stringify(record)));
    out.set(table, records.filter((record) => !known.has(JSON.stringify(record))));
  }
  return out;
}
