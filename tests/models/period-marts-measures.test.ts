/**
 * The weekly marts' measures and calendar on facts worked out by hand (Dataform runs no unit test
 * on an incremental table, which the period marts are): the marts built by the transform from
 * int_calendar_starts and int_facts_bucketed written here, as_of 2026-03-11 (week of 2026-03-09).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { openWarehouse } from "../../core/duckdb.ts";
import { transform } from "../../warehouse/transform.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";
import { CATALOG, failures, organisationVars } from "../../demo/warehouse/run-models.ts";

const FACT_COLUMNS =
  "deployment_id varchar, change_id varchar, incident_id varchar, service varchar, team varchar, placed_at timestamptz, deploy_date date, " +
  "week_start date, quarter_start date, caused_failure boolean, is_rework boolean, recovery_seconds bigint, lead_time_seconds bigint, " +
  "pickup_seconds bigint, resolved_at timestamptz, restore_seconds bigint";

/** The weekly marts built from these facts of service api (team platform), whose first fact is on as_of. */
async function weekly(facts: string[]): Promise<{ service: Record<string, unknown>[]; team: Record<string, unknown>[] }> {
  const database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doraform-models-")), "warehouse.duckdb");
  onTestFinished(() => fs.rmSync(path.dirname(database), { recursive: true, force: true }));
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG });
  try {
    await warehouse.run(`create schema dora_staging;
      create table dora_staging.int_calendar_starts as select 'api' as service, 'platform' as team, timestamptz '2026-03-11 09:00:00+00' as first_fact_at;
      create table dora_staging.int_facts_bucketed (${FACT_COLUMNS});
      ${facts.map((row) => `insert into dora_staging.int_facts_bucketed values (${row});`).join("\n")}`);
  } finally {
    warehouse.close();
  }
  const result = await transform({ database, vars: organisationVars(smallOrganisation), actions: ["int_period_fingerprints", "service_weekly", "team_weekly"] });
  expect(failures(result)).toEqual([]);
  const read = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    // counts come back as BIGINT text
    const numbers = (rows: Record<string, unknown>[]) =>
      rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v])));
    return {
      service: numbers(await read.all("select * from dora.service_weekly order by all")),
      team: numbers(await read.all("select * from dora.team_weekly order by all")),
    };
  } finally {
    read.close();
  }
}

const WEEK = "date '2026-03-09', date '2026-01-01'";
const AT = "timestamptz '2026-03-11 10:00:00+00'";
const deployment = (id: string, failed: boolean, rework: boolean, recovery: string) =>
  `'${id}', null, null, 'api', 'platform', ${AT}, date '2026-03-11', ${WEEK}, ${failed}, ${rework}, ${recovery}, null, null, null, null`;
const change = (id: string, leadTime: number, pickup: string) => `null, '${id}', null, 'api', 'platform', ${AT}, null, ${WEEK}, null, null, null, ${leadTime}, ${pickup}, null, null`;
const incident = (id: string, resolved: boolean, restore: string) =>
  `null, null, '${id}', 'api', 'platform', ${AT}, null, ${WEEK}, null, null, null, null, null, ${resolved ? AT : "null"}, ${restore}`;

describe("the weekly marts, on facts worked out by hand", () => {
  it("interpolate percentiles linearly, count restores over resolved incidents and pickups over reviewed changes, and mark the week of as_of incomplete", async () => {
    // lead times 100, 200, 300, 400, 600, 1000: p50 at rank 2.5 = 350, p90 at rank 4.5 = 600 + 0.5 × 400 = 800;
    // pickups 0, 50, 300, 300 (two changes have none): p50 at rank 1.5 = 175, p90 at rank 2.7 = 300
    const { service } = await weekly([
      deployment("gh-run:1", true, false, "600"),
      deployment("gh-run:2", false, true, "null"),
      change("gh-pr:o/api#1", 100, "50"),
      change("gh-pr:o/api#2", 1000, "null"),
      change("gh-pr:o/api#3", 400, "0"),
      change("gh-pr:o/api#4", 200, "300"),
      change("gh-pr:o/api#5", 600, "null"),
      change("gh-pr:o/api#6", 300, "300"),
      incident("P1", true, "60"),
      incident("P2", true, "90"),
      incident("P3", false, "null"),
    ]);
    expect(service).toEqual([
      {
        week_start: "2026-03-09", is_complete: false, service: "api", team: "platform",
        deployments: 2, deploy_days: 1, changes_deployed: 6, lead_time_p50_seconds: 350, lead_time_p90_seconds: 800,
        changes_picked_up: 4, pickup_p50_seconds: 175, pickup_p90_seconds: 300,
        failed_deployments: 1, change_failure_rate: 0.5, recovered_deployments: 1, recovery_p50_seconds: 600,
        incidents: 3, restored_incidents: 2, restore_p50_seconds: 75, restore_mean_seconds: 75,
        rework_deployments: 1, rework_rate: 0.5,
      },
    ]);
  }, 300_000);

  it("keep a team's week with no counted fact on its calendar: zero counts, null statistics and rates", async () => {
    const { team } = await weekly([]);
    expect(team).toEqual([
      {
        week_start: "2026-03-09", is_complete: false, team: "platform",
        deployments: 0, deploy_days: 0, changes_deployed: 0, lead_time_p50_seconds: null, lead_time_p90_seconds: null,
        changes_picked_up: 0, pickup_p50_seconds: null, pickup_p90_seconds: null,
        failed_deployments: 0, change_failure_rate: null, recovered_deployments: 0, recovery_p50_seconds: null,
        incidents: 0, restored_incidents: 0, restore_p50_seconds: null, restore_mean_seconds: null,
        rework_deployments: 0, rework_rate: null,
      },
    ]);
  }, 300_000);
});
