/**
 * The models on the small organisation (fixtures/small-organisation.ts) plus hand-written records of
 * the `doraform` streams (docs/raw-streams.md): what the runbook commands record counts before the
 * next PagerDuty sync carries it. Every expected value is worked out by hand from the fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWarehouse, type Warehouse } from "../../warehouse/duckdb.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";
import type { RawStreams } from "./raw-from-organisation.ts";
import { CATALOG, failures, runModels } from "./run-models.ts";

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
