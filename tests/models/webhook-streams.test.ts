/**
 * The models on the small organisation (fixtures/small-organisation.ts), its service also deployed
 * through the GitHub Deployments API, plus hand-written webhook deliveries (docs/raw-streams.md,
 * `github_webhook`, `pagerduty_webhook`): a delivery counts where no polled record exists yet, and a
 * polled record wins.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Organisation } from "../../demo/model/organisation.ts";
import { openWarehouse, type Warehouse } from "../../warehouse/duckdb.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";
import type { RawStreams } from "./raw-from-organisation.ts";
import { CATALOG, failures, runModels } from "./run-models.ts";

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
  deployment_status: { ...status, environment: "production", description: "", updated_at: status.created_at },
  deployment: { id, sha, ref: "main", task: "deploy", environment: "production", creator: { login: "bot" }, created_at: created, updated_at: status.created_at },
  repository: { full_name: "acme/api" },
});

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
  ["github_webhook_raw__stream_deployment_status", [
    // the same status 8001 as polled, but failed: the polled record wins
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
