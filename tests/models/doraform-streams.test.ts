/**
 * The models on the small organisation (fixtures/small-organisation.ts) plus hand-written records of
 * the `doraform` streams (docs/raw-streams.md): what the runbook commands record counts before the
 * next PagerDuty sync carries it. Every expected value is worked out by hand from the fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWarehouse, type Warehouse } from "../../core/duckdb.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";
import type { RawStreams } from "../../demo/warehouse/organisation-records.ts";
import { CATALOG, failures, runModels } from "../../demo/warehouse/run-models.ts";

const DORAFORM_RECORDS: RawStreams = new Map([
  // mark-resolution: gh-run:102 (finished 03-02 10:15) fixed PINC1 (started 02-24 13:00); no note says so
  ["doraform_raw__stream_resolutions", [
    { incident_id: "PINC1", deployment_id: "gh-run:102", marked_at: "2026-03-02T11:00:00Z" },
    // a failed run is no resolution deployment
    { incident_id: "PINC3", deployment_id: "gh-run:103", marked_at: "2026-03-05T09:00:00Z" },
  ]],
  // link-incident: gh-run:104 caused PINC3 (open, no other reference)
  ["doraform_raw__stream_incident_links", [
    { incident_id: "PINC3", deployment_id: "gh-run:104", linked_at: "2026-03-05T09:00:00Z" },
  ]],
  // deployments of service api reported by other tools, all in the incomplete week of 03-09
  ["doraform_raw__stream_deployments", [
    // the same commit as gh-run:104, its previous deployment: it ships nothing, its contents are known
    { deployment_id: "argocd:api:1", service: "api", environment: "production", commit_sha: "c4", started_at: "2026-03-10T09:50:00Z", finished_at: "2026-03-10T10:00:00Z", result: "success", source: "argocd" },
    { deployment_id: "argocd:api:2", service: "api", environment: "staging", commit_sha: "c4", finished_at: "2026-03-10T10:10:00Z", result: "success", source: "argocd" },
    { deployment_id: "jenkins:api:3", service: "api", environment: "prod", commit_sha: "c4", finished_at: "2026-03-10T11:00:00Z", result: "failure" },
    // another commit than argocd:api:1's, and no compare between them: unknown contents
    { deployment_id: "argocd:api:4", service: "api", environment: "production", commit_sha: "c9", finished_at: "2026-03-10T13:00:00Z", result: "success", source: "argocd" },
    // Argo CD syncing what run 102 (c2, deploy job finished 03-02 10:15) deployed, finished 4 minutes later: GitHub's twin
    { deployment_id: "argocd:api:5", service: "api", environment: "production", commit_sha: "c2", started_at: "2026-03-02T10:16:00Z", finished_at: "2026-03-02T10:19:00Z", result: "success", source: "argocd", url: "https://argocd.example/api/5" },
    // c4 again, 11 minutes after run 104 finished (03-04 11:20): too far to be its twin
    { deployment_id: "argocd:api:6", service: "api", environment: "production", commit_sha: "c4", finished_at: "2026-03-04T11:31:00Z", result: "failure", source: "argocd" },
    // a service the catalog does not have
    { deployment_id: "argocd:shop:1", service: "shop", environment: "production", commit_sha: "c4", finished_at: "2026-03-10T10:00:00Z", result: "success", source: "argocd" },
  ]],
  ["doraform_raw__stream_incidents", [
    { incident_id: "opsgenie:1", service: "api", title: "checkout errors", started_at: "2026-03-10T10:30:00Z", resolved_at: "2026-03-10T12:00:00Z", caused_by_deployment_id: "argocd:api:1", source: "opsgenie" },
    { incident_id: "opsgenie:2", service: "api", title: "slow pages", started_at: "2026-03-10T09:00:00Z", resolved_at: "2026-03-10T10:05:00Z", resolved_by_deployment_id: "argocd:api:1" },
    // names Argo CD's report of run 102's deployment as its fix
    { incident_id: "opsgenie:3", service: "api", title: "stale prices", started_at: "2026-03-02T10:00:00Z", resolved_at: "2026-03-02T10:30:00Z", resolved_by_deployment_id: "argocd:api:5", source: "opsgenie" },
  ]],
]);

let warehouse: Warehouse;

beforeAll(async () => {
  const { database, result } = await runModels(smallOrganisation, DORAFORM_RECORDS);
  expect(failures(result)).toEqual([]);
  warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
}, 300_000);

afterAll(() => warehouse?.close());

const one = async (sql: string) => (await warehouse.all<Record<string, unknown>>(sql))[0];

describe("doraform mark-resolution", () => {
  it("the marked deployment resolves the incident: recovery runs to its finish", async () => {
    const row = await one("select resolved_by_deployment_id, recovery_seconds from dora.incidents where incident_id = 'PINC1'");
    expect(row.resolved_by_deployment_id).toBe("gh-run:102");
    // started 02-24 13:00, gh-run:102 finished 03-02 10:15 (February 2026 has 28 days): 5 days 21 hours 15 minutes
    expect(Number(row.recovery_seconds)).toBe(5 * 86400 + 21 * 3600 + 15 * 60);
  });

  it("the marked deployment counts as rework in its week", async () => {
    const row = await one("select is_rework from dora.deployments where deployment_id = 'gh-run:102'");
    expect(row.is_rework).toBe(true);
    // week of 03-02: successful 102 (now rework) and 104 (the hotfix for PINC2): 2 of 2
    const week = await one("select rework_rate from dora.service_weekly where week_start = date '2026-03-02'");
    expect(week.rework_rate).toBe(1);
  });

  it("a failed run marked as the fix resolves nothing", async () => {
    const row = await one("select resolved_by_deployment_id from dora.incidents where incident_id = 'PINC3'");
    expect(row.resolved_by_deployment_id).toBeNull();
  });
});

describe("doraform link-incident", () => {
  it("the linked deployment caused the incident, as the custom field would say", async () => {
    const row = await one("select caused_by_deployment_id, link_method from dora.incidents where incident_id = 'PINC3'");
    expect(row).toEqual({ caused_by_deployment_id: "gh-run:104", link_method: "custom_field" });
  });

  it("the linked deployment is failed, and its week's change failure rate counts it", async () => {
    const row = await one("select caused_failure, failure_link_method from dora.deployments where deployment_id = 'gh-run:104'");
    expect(row).toEqual({ caused_failure: true, failure_link_method: "custom_field" });
    // week of 03-02: 102 (caused PINC2, reverted) and now 104 failed, of 2 successful deployments
    const week = await one("select change_failure_rate from dora.service_weekly where week_start = date '2026-03-02'");
    expect(week.change_failure_rate).toBe(1);
  });
});

describe("deployments reported by other tools", () => {
  it("only production reports are deployments, with the reporting tool as source", async () => {
    const rows = await warehouse.all<Record<string, unknown>>(
      "select deployment_id, source, result from dora.deployments where deployment_id not like 'gh-%' order by deployment_id",
    );
    expect(rows).toEqual([
      { deployment_id: "argocd:api:1", source: "argocd", result: "success" },
      { deployment_id: "argocd:api:4", source: "argocd", result: "success" },
      { deployment_id: "argocd:api:6", source: "argocd", result: "failure" },
      { deployment_id: "jenkins:api:3", source: "generic", result: "failure" },
    ]);
  });

  it("a successful Argo CD deployment counts in its service's week, a failed Jenkins one does not", async () => {
    const week = await one("select deployments, deploy_days from dora.service_weekly where service = 'api' and week_start = date '2026-03-09'");
    // argocd:api:1 and argocd:api:4, both on 03-10
    expect(week).toEqual({ deployments: "2", deploy_days: "1" });
  });

  it("a reported deployment nobody compared has unknown contents, counted in data quality", async () => {
    const row = await one("select value from dora.data_quality where check_name = 'deployments_unknown_contents'");
    // gh-run:100 (first observed) and argocd:api:4 (c9, no compare from c4)
    expect(row.value).toBe(2);
  });
});

describe("a deployment another tool reports and GitHub also records", () => {
  it("counts once, as GitHub's record: its id, source, finish and run URL", async () => {
    const rows = await warehouse.all<Record<string, unknown>>(
      "select deployment_id, source, strftime(finished_at at time zone 'UTC', '%Y-%m-%dT%H:%M') as finished, url from dora.deployments where commit_sha = 'c2'",
    );
    expect(rows).toEqual([{ deployment_id: "gh-run:102", source: "github_actions", finished: "2026-03-02T10:15", url: "https://github.com/acme/api/actions/runs/102" }]);
    // week of 03-02: runs 102 and 104, as without the report
    const week = await one("select deployments from dora.service_weekly where week_start = date '2026-03-02'");
    expect(week.deployments).toBe("2");
  });

  it("an incident naming the tool's id for it names GitHub's record", async () => {
    const row = await one("select resolved_by_deployment_id, recovery_seconds from dora.incidents where incident_id = 'opsgenie:3'");
    // started 10:00, run 102 finished 10:15
    expect(row).toEqual({ resolved_by_deployment_id: "gh-run:102", recovery_seconds: "900" });
  });

  it("data quality counts the reports merged into GitHub's record and the reports of unknown services", async () => {
    const rows = await warehouse.all<Record<string, unknown>>(
      "select check_name, value from dora.data_quality where check_name like 'deployments_reported_%' order by check_name",
    );
    // argocd:api:5 is run 102's twin; argocd:shop:1 names no service
    expect(rows).toEqual([
      { check_name: "deployments_reported_twins", value: 1 },
      { check_name: "deployments_reported_unknown_service", value: 1 },
    ]);
  });
});

describe("incidents reported by other tools", () => {
  it("an incident names the deployment that caused it: that deployment failed, recovered when the incident resolved", async () => {
    const incident = await one("select source, service, caused_by_deployment_id, link_method, restore_seconds from dora.incidents where incident_id = 'opsgenie:1'");
    // started 10:30, resolved 12:00
    expect(incident).toEqual({ source: "opsgenie", service: "api", caused_by_deployment_id: "argocd:api:1", link_method: "custom_field", restore_seconds: "5400" });
    const deployment = await one("select caused_failure, failure_link_method, recovery_seconds from dora.deployments where deployment_id = 'argocd:api:1'");
    // finished 10:00, its incident resolved 12:00 with no resolution deployment
    expect(deployment).toEqual({ caused_failure: true, failure_link_method: "custom_field", recovery_seconds: "7200" });
  });

  it("an incident names the deployment that fixed it: recovery runs to that deployment's finish, and it is rework", async () => {
    const incident = await one("select source, resolved_by_deployment_id, recovery_seconds from dora.incidents where incident_id = 'opsgenie:2'");
    // started 09:00, argocd:api:1 finished 10:00
    expect(incident).toEqual({ source: "generic", resolved_by_deployment_id: "argocd:api:1", recovery_seconds: "3600" });
    const week = await one("select change_failure_rate, rework_rate from dora.service_weekly where service = 'api' and week_start = date '2026-03-09'");
    // of argocd:api:1 and argocd:api:4, only argocd:api:1 failed and only it is a fix
    expect(week).toEqual({ change_failure_rate: 0.5, rework_rate: 0.5 });
  });
});
