/**
 * The models on the small organisation (fixtures/small-organisation.ts), its service also deployed
 * through the GitHub Deployments API, plus hand-written webhook deliveries (docs/raw-streams.md,
 * `github_webhook`): a delivery counts where no polled record exists yet, and a polled record wins.
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

const DELIVERIES: RawStreams = new Map([
  ["github_webhook_raw__stream_deployment_status", [
    // the same status 8001 as polled, but failed: the polled record wins
    delivery(800, "c4", "2026-03-10T07:00:00Z", { id: 8001, state: "failure", created_at: "2026-03-10T07:05:00Z" }),
    // deployment 900, not polled yet: in progress at 08:01, successful at 08:05
    delivery(900, "c4", "2026-03-10T08:00:00Z", { id: 9000, state: "in_progress", created_at: "2026-03-10T08:01:00Z" }),
    delivery(900, "c4", "2026-03-10T08:00:00Z", { id: 9001, state: "success", created_at: "2026-03-10T08:05:00Z" }),
  ]],
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
