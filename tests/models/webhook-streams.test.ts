/**
 * The models on the small organisation (fixtures/small-organisation.ts), its service also deployed
 * through the GitHub Deployments API, plus hand-written webhook deliveries (docs/raw-streams.md,
 * `github_webhook`, `pagerduty_webhook`): a delivery counts where no polled record exists yet, and a
 * polled record wins.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Organisation } from "../../demo/model/organisation.ts";
import { openWarehouse, type Warehouse } from "../../core/duckdb.ts";
import { nodeId } from "../../demo/server/ids.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";
import { newRecords, rawStreams, type RawStreams } from "../../demo/warehouse/organisation-records.ts";
import { CATALOG, failures, landAndRun, runModels } from "../../demo/warehouse/run-models.ts";

const organisation: Organisation = {
  ...smallOrganisation,
  services: smallOrganisation.services.map((service) => ({ ...service, github_deployments_environment: "production" })),
  repositories: smallOrganisation.repositories.map((repo) => ({
    ...repo,
    // polled: deployment 800 of c4, successful at 03-10 07:05
    deployments: [{ id: 800, sha: "c4", ref: "main", environment: "production", task: "deploy", creator_login: "bot", created_at: "2026-03-10T07:00:00Z",
      statuses: [{ id: 8001, state: "success", created_at: "2026-03-10T07:05:00Z" }] }],
  })),
};

const delivery = (id: number, sha: string, created: string, status: { id: number; state: string; created_at: string }) => ({
  action: "created",
  deployment_status: { ...status, node_id: nodeId("DeploymentStatus", status.id), environment: "production", description: "", updated_at: status.created_at },
  deployment: { id, sha, ref: "main", task: "deploy", environment: "production", creator: { login: "bot" }, created_at: created, updated_at: status.created_at },
  repository: { full_name: "acme/api" },
});

const DEPLOY = { id: 7, name: "Deploy", path: ".github/workflows/deploy.yml" };

// a workflow_run delivery as GitHub sends it: the run object carries no path, its workflow does
function runDelivery(id: number, sha: string, status: string, conclusion: string | null, updated: string, extra: { branch?: string; workflow?: typeof DEPLOY } = {}) {
  const workflow = extra.workflow ?? DEPLOY;
  return {
    action: status === "completed" ? "completed" : "in_progress",
    workflow_run: {
      id, name: workflow.name, workflow_id: workflow.id, head_branch: extra.branch ?? "main", head_sha: sha, event: "push", status, conclusion,
      run_attempt: 1, run_started_at: "2026-03-10T12:10:00Z", created_at: "2026-03-10T12:10:00Z", updated_at: updated,
      html_url: `https://github.com/acme/api/actions/runs/${id}`, repository: { full_name: "acme/api" },
    },
    workflow,
    repository: { full_name: "acme/api" },
  };
}

function pullDelivery(number: number, action: string, merged: boolean, times: { created: string; merged: string | null }, sha: string | null) {
  return {
    action,
    number,
    pull_request: {
      id: 10 + number, node_id: `PR_${number}`, number, title: `change ${number}`, body: "", state: "closed", user: { login: "dan" },
      labels: [{ name: "feature" }], base: { ref: "main" }, head: { ref: `change-${number}` },
      created_at: times.created, updated_at: times.merged ?? times.created, merged_at: times.merged, closed_at: times.merged ?? times.created,
      merged, merge_commit_sha: sha, commits: 1, changed_files: 1,
    },
    repository: { full_name: "acme/api" },
  };
}

function event(id: string, type: string, occurred: string, incident: string, status: string) {
  const created = incident === "PINC1" ? "2026-02-24T13:00:00Z" : "2026-03-10T09:00:00Z";
  return {
    event: {
      id, event_type: type, resource_type: "incident", occurred_at: occurred,
      data: { id: incident, type: "incident", number: 9, title: "queue stuck", status, urgency: "high", created_at: created, service: { id: "PAPI" } },
    },
  };
}

const DELIVERIES: RawStreams = new Map([
  ["github_webhook_raw__stream_workflow_run", [
    // run 106 (c5), not polled yet, delivered completed before its in-progress delivery: the newest state counts
    runDelivery(106, "c5", "completed", "success", "2026-03-10T12:30:00Z"),
    runDelivery(106, "c5", "in_progress", null, "2026-03-10T12:12:00Z"),
    // run 103, polled (failed at 03-03 09:20): an older in-progress delivery landed after the sync changes nothing
    runDelivery(103, "c3", "in_progress", null, "2026-03-03T09:05:00Z"),
    // still running; a CI run; a deploy workflow run on a feature branch: no deployments
    runDelivery(107, "c5", "in_progress", null, "2026-03-10T12:40:00Z"),
    runDelivery(108, "c5", "completed", "success", "2026-03-10T12:20:00Z", { workflow: { id: 8, name: "CI", path: ".github/workflows/ci.yml" } }),
    runDelivery(109, "c5", "completed", "success", "2026-03-10T12:50:00Z", { branch: "feature/x" }),
  ]],
  ["github_webhook_raw__stream_pull_request", [
    // #4, not polled yet: opened 03-10 11:00, merged 12:00 as c5
    pullDelivery(4, "closed", true, { created: "2026-03-10T11:00:00Z", merged: "2026-03-10T12:00:00Z" }, "c5"),
    // #5 closed without merging: no change
    pullDelivery(5, "closed", false, { created: "2026-03-10T11:30:00Z", merged: null }, null),
    // #3, polled (merged 03-04 10:00): a delivery saying otherwise changes nothing
    pullDelivery(3, "closed", true, { created: "2026-03-04T09:40:00Z", merged: "2026-03-04T10:30:00Z" }, "c4"),
  ]],
  ["github_webhook_raw__stream_deployment_status", [
    // the same status 8001 as polled (by GraphQL: no id, matched on its node id), but failed: the polled record wins
    delivery(800, "c4", "2026-03-10T07:00:00Z", { id: 8001, state: "failure", created_at: "2026-03-10T07:05:00Z" }),
    // deployment 900, not polled yet: in progress at 08:01, successful at 08:05
    delivery(900, "c4", "2026-03-10T08:00:00Z", { id: 9000, state: "in_progress", created_at: "2026-03-10T08:01:00Z" }),
    delivery(900, "c4", "2026-03-10T08:00:00Z", { id: 9001, state: "success", created_at: "2026-03-10T08:05:00Z" }),
  ]],
  // PINC9, not polled yet: triggered 03-10 09:00, resolved 09:45 (the resolution landed first)
  ["pagerduty_webhook_raw__stream_incident_resolved", [event("E2", "incident.resolved", "2026-03-10T09:45:00Z", "PINC9", "resolved")]],
  ["pagerduty_webhook_raw__stream_incident_triggered", [event("E1", "incident.triggered", "2026-03-10T09:00:00Z", "PINC9", "triggered")]],
  // PINC1, polled and resolved 02-24 15:00: a later reopening the next sync has not read yet does not count
  ["pagerduty_webhook_raw__stream_incident_reopened", [event("E3", "incident.reopened", "2026-03-10T10:00:00Z", "PINC1", "triggered")]],
]);

let warehouse: Warehouse;

beforeAll(async () => {
  const { database, result } = await runModels(organisation, DELIVERIES);
  expect(failures(result)).toEqual([]);
  warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
}, 300_000);

afterAll(() => warehouse?.close());

const one = async (sql: string) => (await warehouse.all<Record<string, unknown>>(sql))[0];

it("a deployment only a deployment_status webhook has carried counts, and a polled status wins over a delivered one", async () => {
  const rows = await warehouse.all<Record<string, unknown>>(
    "select deployment_id, result, strftime(finished_at at time zone 'UTC', '%Y-%m-%dT%H:%M') as finished from dora.deployments where source = 'github_deployments' order by deployment_id",
  );
  expect(rows).toEqual([
    { deployment_id: "gh-deploy:800", result: "success", finished: "2026-03-10T07:05" },
    { deployment_id: "gh-deploy:900", result: "success", finished: "2026-03-10T08:05" },
  ]);
});

it("an incident only PagerDuty webhook events have carried counts, resolved by its resolution event", async () => {
  const row = (await warehouse.all<Record<string, unknown>>("select service, restore_seconds from dora.incidents where incident_id = 'PINC9'"))[0];
  // triggered 09:00, resolved 09:45
  expect(row).toEqual({ service: "api", restore_seconds: "2700" });
});

it("a webhook event of an incident a sync has read changes nothing before the next sync", async () => {
  const row = (await warehouse.all<Record<string, unknown>>("select restore_seconds from dora.incidents where incident_id = 'PINC1'"))[0];
  // polled: started 02-24 13:00, resolved 15:00
  expect(row).toEqual({ restore_seconds: "7200" });
});

describe("workflow_run and pull_request deliveries", () => {
  it("a completed deploy run only a delivery has carried is a provisional deployment, finished at the run's update", async () => {
    const rows = await warehouse.all<Record<string, unknown>>(
      "select deployment_id, result, strftime(started_at at time zone 'UTC', '%Y-%m-%dT%H:%M') as started, strftime(finished_at at time zone 'UTC', '%Y-%m-%dT%H:%M') as finished, changes, url from dora.deployments where finished_at >= timestamptz '2026-03-10 12:00:00+00' order by deployment_id",
    );
    // 107 is still running, 108 is CI, 109 is on a feature branch; 106: no jobs known, no compare c4...c5 yet
    expect(rows).toEqual([
      { deployment_id: "gh-run:106", result: "success", started: "2026-03-10T12:10", finished: "2026-03-10T12:30", changes: "0", url: "https://github.com/acme/api/actions/runs/106" },
    ]);
  });

  it("a run a sync has read takes nothing from an older delivery", async () => {
    const row = await one("select result, strftime(finished_at at time zone 'UTC', '%Y-%m-%dT%H:%M') as finished from dora.deployments where deployment_id = 'gh-run:103'");
    expect(row).toEqual({ result: "failure", finished: "2026-03-03T09:20" });
  });

  it("a merged pull request only a delivery has carried is a pending change, its first commit unknown", async () => {
    const rows = await warehouse.all<Record<string, unknown>>(
      "select change_id, status, strftime(first_commit_at at time zone 'UTC', '%Y-%m-%dT%H:%M') as first_commit, strftime(merged_at at time zone 'UTC', '%Y-%m-%dT%H:%M') as merged, deployment_id from dora.changes where pull_number >= 3 order by change_id",
    );
    // #3 as polled (merged 10:00, not the delivery's 10:30); #4 from its delivery: first commit = opened; #5 never merged
    expect(rows).toEqual([
      { change_id: "gh-pr:acme/api#3", status: "deployed", first_commit: "2026-03-04T09:40", merged: "2026-03-04T10:00", deployment_id: "gh-run:104" },
      { change_id: "gh-pr:acme/api#4", status: "pending", first_commit: "2026-03-10T11:00", merged: "2026-03-10T12:00", deployment_id: null },
    ]);
  });

  it("data quality counts the provisional deployment's unknown contents and the pending change", async () => {
    const rows = await warehouse.all<Record<string, unknown>>(
      "select check_name, value from dora.data_quality where check_name in ('deployments_unknown_contents', 'changes_pending') order by check_name",
    );
    // unknown contents: gh-run:100 (first observed) and gh-run:106; pending: #4
    expect(rows).toEqual([
      { check_name: "changes_pending", value: 1 },
      { check_name: "deployments_unknown_contents", value: 2 },
    ]);
  });

  it("a sync after the deliveries leaves exactly one row of the run and of the pull request, as polled", async () => {
    // the next sync reads run 106 (deploy job finished 12:25), #4 (squash of p4a as c5) and the compare c4...c5
    const synced: Organisation = structuredClone(organisation);
    const repo = synced.repositories[0];
    repo.commits.push({ sha: "c5", parents: ["c4"], message: "change 4 (#4)", author_login: "dan", author_date: "2026-03-10T11:30:00Z", committer_date: "2026-03-10T12:00:00Z", files: ["d"], pull_numbers: [4] });
    repo.pull_requests.push({ id: 14, number: 4, title: "change 4", body: "", author_login: "dan", labels: [], head_ref: "change-4", base_ref: "main", created_at: "2026-03-10T11:00:00Z", updated_at: "2026-03-10T12:00:00Z", merged_at: "2026-03-10T12:00:00Z", closed_at: "2026-03-10T12:00:00Z", merge_commit_sha: "c5", merge_method: "squash", commit_shas: ["p4a"], files: ["d"] });
    repo.workflow_runs.push({ id: 106, workflow_id: 7, head_branch: "main", head_sha: "c5", event: "push", created_at: "2026-03-10T12:10:00Z", status: "completed",
      attempts: [{ run_attempt: 1, run_started_at: "2026-03-10T12:10:00Z", conclusion: "success", completed_at: "2026-03-10T12:30:00Z",
        jobs: [{ id: 1060, name: "deploy", started_at: "2026-03-10T12:11:00Z", completed_at: "2026-03-10T12:25:00Z", conclusion: "success" }] }] });
    const { database } = await runModels(organisation, DELIVERIES);
    expect(failures(await landAndRun(database, newRecords(rawStreams(organisation), rawStreams(synced)), "2026-03-11T13:00:00Z", synced))).toEqual([]);
    const after = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
    try {
      const runs = await after.all<Record<string, unknown>>(
        "select deployment_id, strftime(finished_at at time zone 'UTC', '%Y-%m-%dT%H:%M') as finished, changes from dora.deployments where deployment_id like 'gh-run:106%'",
      );
      expect(runs).toEqual([{ deployment_id: "gh-run:106", finished: "2026-03-10T12:25", changes: "1" }]);
      const changes = await after.all<Record<string, unknown>>("select status, deployment_id, lead_time_seconds from dora.changes where pull_number = 4");
      // deployed 12:25, first commit = opened 11:00 (p4a's date is not listed): 85 minutes
      expect(changes).toEqual([{ status: "deployed", deployment_id: "gh-run:106", lead_time_seconds: String(85 * 60) }]);
    } finally {
      after.close();
    }
  }, 300_000);
});
