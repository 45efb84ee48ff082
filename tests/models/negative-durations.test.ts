/**
 * One bad row never stops the nightly build (decision 64): an incident another tool reports resolved
 * years before it started lands directly (whatever the receiver accepts), and the models still build
 * every mart with every assertion passing. The row stays in the incidents mart, is left out of the
 * time-to-restore statistics only and is counted in data_quality. Expected values by hand from the
 * small organisation (fixtures/small-organisation.ts): in the week of 03-02, PINC2 started 03-02 10:30
 * and was resolved 03-04 12:00 (2 days 1 h 30 min = 178,200 s); PINC3 started 03-05 and is open.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWarehouse, type Warehouse } from "../../core/duckdb.ts";
import type { TransformResult } from "../../warehouse/transform.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";
import type { RawStreams } from "../../demo/warehouse/organisation-records.ts";
import { CATALOG, failures, runModels } from "../../demo/warehouse/run-models.ts";

const BAD_REPORT: RawStreams = new Map([
  ["doraform_raw__stream_incidents", [
    { incident_id: "opsgenie:9", service: "api", title: "typo in the end time", started_at: "2026-03-03T10:00:00Z", resolved_at: "2023-03-03T10:00:00Z", source: "opsgenie" },
  ]],
]);

let warehouse: Warehouse;
let result: TransformResult;

beforeAll(async () => {
  const built = await runModels(smallOrganisation, BAD_REPORT);
  result = built.result;
  warehouse = await openWarehouse({ file: built.database, catalog: CATALOG, readOnly: true });
}, 300_000);

afterAll(() => warehouse?.close());

const one = async (sql: string) => (await warehouse.all<Record<string, unknown>>(sql))[0];

describe("an incident reported resolved before it started", () => {
  it("fails no action and no assertion", () => {
    expect(failures(result)).toEqual([]);
  });

  it("stays visible in the incidents mart with its negative restore", async () => {
    // 2023-03-03 10:00 − 2026-03-03 10:00: 1096 days (2024 is a leap year)
    expect(await one("select restore_seconds, resolved_at is not null as resolved from dora.incidents where incident_id = 'opsgenie:9'")).toEqual({
      restore_seconds: String(-1096 * 86_400),
      resolved: true,
    });
  });

  it("is left out of the week's time to restore only: it still counts as an incident and as restored", async () => {
    const week = await one("select incidents, restored_incidents, restore_p50_seconds, restore_mean_seconds from dora.service_weekly where week_start = date '2026-03-02'");
    // PINC2, opsgenie:9 and PINC3; restored: PINC2 and opsgenie:9; restore statistics: PINC2 alone
    expect(week).toEqual({ incidents: "3", restored_incidents: "2", restore_p50_seconds: 178_200, restore_mean_seconds: 178_200 });
  });

  it("is counted in data_quality", async () => {
    expect(await one("select value from dora.data_quality where check_name = 'negative_restores'")).toEqual({ value: 1 });
  });
});
