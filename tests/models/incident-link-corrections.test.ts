/**
 * `doraform link-incident` can correct a link (decision 63): the incident custom field the command
 * sets holds one deployment, so the latest record of the link wins, whether the command's record
 * (before and after a sync) or the field as a later sync reads it. The small organisation
 * (fixtures/small-organisation.ts, synced at 03-11 12:00) is built once, then records land as the
 * command and later syncs would land them, each followed by a transform. Expected values by hand:
 * PINC3 (started 03-05 08:00, open, no reference of its own) on service api, whose successful
 * deployments are gh-run:100 (02-23), 102 (03-02 10:15) and 104 (03-04 11:20).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { openWarehouse } from "../../core/duckdb.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";
import type { RawStreams } from "../../demo/warehouse/organisation-records.ts";
import { CATALOG, failures, landAndRun, runModels } from "../../demo/warehouse/run-models.ts";

let database: string;

beforeAll(async () => {
  const built = await runModels(smallOrganisation);
  expect(failures(built.result)).toEqual([]);
  database = built.database;
}, 300_000);

/** `doraform link-incident --incident PINC3 --deployment <id>` run at `at`: its warehouse record. */
const linkRecord = (deployment: string, at: string): RawStreams =>
  new Map([["doraform_raw__stream_incident_links", [{ incident_id: "PINC3", deployment_id: deployment, linked_at: at }]]]);

/** A sync at `at` reading PINC3's custom fields as PagerDuty holds them then. */
const fieldRecord = (deployment: string | null): RawStreams =>
  new Map([["pagerduty_raw__stream_incident_custom_fields", [{ incident_id: "PINC3", custom_fields: [{ name: "deployment_id", value: deployment }] }]]]);

async function land(streams: RawStreams, at: string): Promise<void> {
  expect(failures(await landAndRun(database, streams, at, smallOrganisation))).toEqual([]);
}

async function pinc3(): Promise<Record<string, unknown>> {
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    const [incident] = await warehouse.all<Record<string, unknown>>("select caused_by_deployment_id, link_method from dora.incidents where incident_id = 'PINC3'");
    const failed = await warehouse.all<{ deployment_id: string }>("select deployment_id from dora.deployments where caused_failure and deployment_id in ('gh-run:100', 'gh-run:102', 'gh-run:104') order by deployment_id");
    return { ...incident, failed: failed.map((row) => row.deployment_id) };
  } finally {
    warehouse.close();
  }
}

// the steps build on each other, in this order, on one warehouse file
describe("linking PINC3 to one deployment and then to another", () => {
  it("after a transform: the second link wins, and only its deployment failed through PINC3", async () => {
    await land(linkRecord("gh-run:104", "2026-03-11T13:00:00Z"), "2026-03-11T13:00:00Z");
    expect(await pinc3()).toMatchObject({ caused_by_deployment_id: "gh-run:104", link_method: "custom_field" });
    // 104 finished later than 102, both before PINC3 started: by the time rule 104 would win
    await land(linkRecord("gh-run:102", "2026-03-11T13:05:00Z"), "2026-03-11T13:05:00Z");
    // 102 also failed through PINC2 (title run URL); 104 failed through nothing else
    expect(await pinc3()).toEqual({ caused_by_deployment_id: "gh-run:102", link_method: "custom_field", failed: ["gh-run:102"] });
  }, 300_000);

  it("after a sync that reads the field the command set: still the second link", async () => {
    await land(fieldRecord("gh-run:102"), "2026-03-12T06:00:00Z");
    expect(await pinc3()).toMatchObject({ caused_by_deployment_id: "gh-run:102", link_method: "custom_field" });
  }, 300_000);

  it("a later sync reading a field someone changed in PagerDuty: the field wins over the older records", async () => {
    await land(fieldRecord("gh-run:100"), "2026-03-13T06:00:00Z");
    expect(await pinc3()).toMatchObject({ caused_by_deployment_id: "gh-run:100", link_method: "custom_field" });
  }, 300_000);

  it("linking again after that sync: the command's newer record wins over the field it has not read yet", async () => {
    // 102 again: by the time rule the older record of 104 would win
    await land(linkRecord("gh-run:102", "2026-03-13T09:00:00Z"), "2026-03-13T09:00:00Z");
    expect(await pinc3()).toMatchObject({ caused_by_deployment_id: "gh-run:102", link_method: "custom_field" });
  }, 300_000);
});
