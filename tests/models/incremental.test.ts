/**
 * Incremental runs: staging reads only newly extracted raw records, and the marts then equal
 * what a full build gives (the oracle). A re-run over the same raw data changes nothing; a late
 * record (a re-run that succeeded after the last run) is reflected in the next one.
 */
import { describe, expect, it } from "vitest";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { transform } from "../../warehouse/transform.ts";
import { martDifferences } from "./compare-marts.ts";
import { smallOrganisation, withLateRerun } from "./fixtures/small-organisation.ts";
import { newRecords, rawStreams } from "../../demo/warehouse/organisation-records.ts";
import { organisationVars } from "../../demo/model/dataform-vars.ts";
import { CATALOG, failures, landAndRun, runModels } from "../../demo/warehouse/run-models.ts";

async function marts(database: string): Promise<string> {
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    const rows = [];
    for (const table of ["deployments", "changes", "incidents", "service_weekly", "summary"]) {
      rows.push(await warehouse.all(`select * from dora.${table} order by all`));
    }
    // freshness moves with the clock; every other check must stay
    rows.push(await warehouse.all("select * from dora.data_quality where check_name not like 'freshness:%' order by all"));
    return JSON.stringify(rows);
  } finally {
    warehouse.close();
  }
}

describe("incremental runs", () => {
  it("a second run over the same raw data changes no mart", async () => {
    const { database } = await runModels(smallOrganisation);
    const before = await marts(database);
    const again = await transform({ database, vars: organisationVars(smallOrganisation) });
    expect(failures(again)).toEqual([]);
    expect(again.actions.filter((a) => a.fileName.includes("/staging/") && a.kind === "incremental").length).toBeGreaterThan(0);
    expect(await marts(database)).toBe(before);
  }, 300_000);

  it("a warehouse built before pull request reviews gains their columns on the next run", async () => {
    const { database } = await runModels(smallOrganisation);
    const older = await openWarehouse({ file: database, catalog: CATALOG });
    try {
      // as an older version built them: the incremental tables lack what was added since
      await older.run("alter table dora_staging.stg_github__pull_requests drop column reviews");
      await older.run("alter table dora_staging.int_changes__pull_requests drop column first_reviewed_at");
    } finally {
      older.close();
    }
    const next = await transform({ database, vars: organisationVars(smallOrganisation) });
    expect(failures(next)).toEqual([]);
    const check = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
    try {
      const columns = await check.all<{ table_name: string; column_name: string }>(
        `select table_name, column_name from information_schema.columns
         where column_name in ('reviews', 'first_reviewed_at', 'pickup_seconds', 'pickup_p50_seconds') order by all`,
      );
      expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(
        expect.arrayContaining([
          "changes.first_reviewed_at", "changes.pickup_seconds", "int_changes__pull_requests.first_reviewed_at",
          "service_weekly.pickup_p50_seconds", "stg_github__pull_requests.reviews",
        ]),
      );
      expect(await martDifferences(check, expectedMarts(smallOrganisation))).toEqual([]);
    } finally {
      check.close();
    }
  }, 300_000);

  it("one action run on its own reads the views an earlier run stored (as `transform --actions` does)", async () => {
    const { database } = await runModels(smallOrganisation);
    const before = await marts(database);
    // int_changes reads views (int_changes__direct_pushes parses JSON arrays) that this run does not re-create
    const alone = await transform({ database, vars: organisationVars(smallOrganisation), actions: ["int_changes"] });
    expect(failures(alone)).toEqual([]);
    expect(alone.actions.map((a) => a.name)).toEqual([`${CATALOG}.dora_staging.int_changes`]);
    expect(await marts(database)).toBe(before);
  }, 300_000);

  it("a re-run that succeeded after the last run is counted by the next one, as a full build counts it", async () => {
    const { database } = await runModels(smallOrganisation);
    const later = withLateRerun(smallOrganisation);
    const next = await landAndRun(database, newRecords(rawStreams(smallOrganisation), rawStreams(later)), "2026-03-12T06:00:00Z", later);
    expect(failures(next)).toEqual([]);
    const check = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
    try {
      const [row] = await check.all<{ result: string }>("select result from dora.deployments where deployment_id = 'gh-run:103'");
      expect(row.result).toBe("success");
      expect(await martDifferences(check, expectedMarts(later))).toEqual([]);
    } finally {
      check.close();
    }
  }, 300_000);
});
