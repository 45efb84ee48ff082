/**
 * Deployment statuses landed by an earlier version (REST's id only, no node id), then read again by
 * GraphQL (node id, no id) or REST (both): each read lands all of a deployment's statuses, and the
 * marts count each status once, ordered as REST orders them, and a webhook delivery of a polled
 * status is still told apart (docs/metrics.md#decision-39).
 */
import { expect, it } from "vitest";
import { openWarehouse } from "../../core/duckdb.ts";
import type { Deployment, Organisation } from "../../demo/model/organisation.ts";
import { nodeId } from "../../demo/server/ids.ts";
import { rawStreams, type RawRecord } from "../../demo/warehouse/organisation-records.ts";
import { CATALOG, failures, landAndRun, runModels } from "../../demo/warehouse/run-models.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";

const deployment = (id: number, created: string, statuses: Deployment["statuses"]): Deployment => ({
  id, sha: "c4", ref: "main", environment: "production", task: "deploy", creator_login: "bot", created_at: created, statuses,
});

const DEPLOYMENTS = [
  // successful at 07:05
  deployment(800, "2026-03-10T07:00:00Z", [
    { id: 8001, state: "queued", created_at: "2026-03-10T07:00:02Z" },
    { id: 8002, state: "in_progress", created_at: "2026-03-10T07:00:10Z" },
    { id: 8003, state: "success", created_at: "2026-03-10T07:05:00Z" },
  ]),
  // a failure and a success in one second: REST's ids say the failure came first
  deployment(801, "2026-03-10T09:00:00Z", [
    { id: 8011, state: "failure", created_at: "2026-03-10T09:04:00Z" },
    { id: 8012, state: "success", created_at: "2026-03-10T09:04:00Z" },
  ]),
  // the same, listed the other way round: the success has the lower id
  deployment(802, "2026-03-10T10:00:00Z", [
    { id: 8022, state: "failure", created_at: "2026-03-10T10:03:00Z" },
    { id: 8021, state: "success", created_at: "2026-03-10T10:03:00Z" },
  ]),
];

const organisation: Organisation = {
  ...smallOrganisation,
  services: smallOrganisation.services.map((service) => ({ ...service, github_deployments_environment: "production" })),
  repositories: smallOrganisation.repositories.map((repo) => ({ ...repo, deployments: DEPLOYMENTS })),
};

const STATUSES = "github_raw__stream_deployment_statuses";
const current = rawStreams(organisation).get(STATUSES)!;
// what versions before node ids landed: REST's record with its id and no node id
const older: RawRecord[] = DEPLOYMENTS.flatMap((d) =>
  d.statuses.map((s) => ({ id: s.id, state: s.state, created_at: s.created_at, updated_at: s.created_at, environment: "production", description: "", deployment_id: d.id, repository: "acme/api" })),
);

it("statuses landed with REST's ids, then read again by GraphQL or REST, count once and keep REST's order", async () => {
  expect(current.filter((record) => record.deployment_id === 800).map((record) => record.id), "800 is read by GraphQL").toEqual([null, null, null]);
  expect(current.filter((record) => record.deployment_id === 801).map((record) => record.id), "801 by REST").toEqual([8011, 8012]);

  // a delivery of 800's success, as failed: the polled status wins, matched on its id, then on its node id
  const delivery = {
    action: "created",
    deployment_status: { id: 8003, node_id: nodeId("DeploymentStatus", 8003), state: "failure", environment: "production", description: "", created_at: "2026-03-10T07:05:00Z", updated_at: "2026-03-10T07:05:00Z" },
    deployment: { id: 800, sha: "c4", ref: "main", task: "deploy", environment: "production", creator: { login: "bot" }, created_at: "2026-03-10T07:00:00Z", updated_at: "2026-03-10T07:05:00Z" },
    repository: { full_name: "acme/api" },
  };
  const { database, result } = await runModels(organisation, new Map([[STATUSES, older], ["github_webhook_raw__stream_deployment_status", [delivery]]]));
  expect(failures(result)).toEqual([]);
  const marts = async () => {
    const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
    try {
      return {
        deployments: await warehouse.all<Record<string, unknown>>(
          "select deployment_id, result, strftime(finished_at at time zone 'UTC', '%Y-%m-%dT%H:%M') as finished from dora.deployments where source = 'github_deployments' order by deployment_id",
        ),
        statuses: await warehouse.all<Record<string, unknown>>("select count(*) as n from dora_staging.stg_github__deployment_statuses"),
      };
    } finally {
      warehouse.close();
    }
  };
  const expected = {
    deployments: [
      { deployment_id: "gh-deploy:800", result: "success", finished: "2026-03-10T07:05" },
      { deployment_id: "gh-deploy:801", result: "failure", finished: "2026-03-10T09:04" },
      { deployment_id: "gh-deploy:802", result: "success", finished: "2026-03-10T10:03" },
    ],
    statuses: [{ n: "7" }],
  };
  expect(await marts()).toEqual(expected);

  // a later sync reads 800 (GraphQL) and 801 (REST) again; 802 keeps its older records
  const reread = current.filter((record) => record.deployment_id !== 802);
  expect(failures(await landAndRun(database, new Map([[STATUSES, reread]]), "2026-03-11T13:00:00Z", organisation))).toEqual([]);
  expect(await marts()).toEqual(expected);
}, 300_000);
