/**
 * The weekly and quarterly marts on an incremental run replace only the periods whose inputs
 * changed (includes/periods.js). After any sequence of runs they equal a full build of the same
 * raw data: late data, an override or a catalog changed, the clock moved to a later week, and a
 * generated organisation synced day after day. A period whose inputs did not change is not
 * written again.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { serverNow, snapshotAt } from "../../demo/model/snapshot.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { transform, type TransformResult } from "../../warehouse/transform.ts";
import { martDifferences } from "./compare-marts.ts";
import { smallOrganisation, withLateRerun } from "./fixtures/small-organisation.ts";
import { newRecords, rawStreams } from "../../demo/warehouse/organisation-records.ts";
import { CATALOG, failures, landAndRun, organisationVars, runModels } from "../../demo/warehouse/run-models.ts";

const PERIOD_MARTS = ["service_weekly", "team_weekly", "org_weekly", "service_quarterly", "team_quarterly", "org_quarterly"];

/** Every row of the period marts, in one comparable text. */
async function periodRows(database: string): Promise<string> {
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    const rows = [];
    for (const mart of PERIOD_MARTS) rows.push(await warehouse.all(`select * from dora.${mart} order by all`));
    return JSON.stringify(rows);
  } finally {
    warehouse.close();
  }
}

/** The period marts of a full build (every incremental model rebuilt) over a copy of the warehouse's raw data. */
async function fullBuildRows(database: string, org: Organisation): Promise<string> {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doraform-models-")), "full.duckdb");
  try {
    fs.copyFileSync(database, copy);
    if (fs.existsSync(`${database}.wal`)) fs.copyFileSync(`${database}.wal`, `${copy}.wal`);
    const result = await transform({ database: copy, vars: organisationVars(org), fullRefresh: true });
    expect(failures(result)).toEqual([]);
    return await periodRows(copy);
  } finally {
    removeWarehouse(copy);
  }
}

function removeWarehouse(database: string): void {
  fs.rmSync(path.dirname(database), { recursive: true, force: true });
}

/** The period marts were written incrementally (replaced per period), not rebuilt. */
function expectReplacedPerPeriod(result: TransformResult): void {
  expect(failures(result)).toEqual([]);
  const marts = result.actions.filter((action) => PERIOD_MARTS.includes(action.name.split(".").pop() ?? ""));
  expect(marts.map((action) => [action.kind, action.message])).toEqual(PERIOD_MARTS.map(() => ["incremental", "appended"]));
}

async function oracleDifferences(database: string, org: Organisation): Promise<string[]> {
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    return await martDifferences(warehouse, expectedMarts(org));
  } finally {
    warehouse.close();
  }
}

function later(org: Organisation, change: (copy: Organisation) => void): Organisation {
  const copy = structuredClone(org);
  change(copy);
  return copy;
}

describe("the weekly and quarterly marts on incremental runs", () => {
  it("equal a full build after late data, a changed override and catalog, and the clock moved to a later week", async () => {
    const { database, result } = await runModels(smallOrganisation);
    onTestFinished(() => removeWarehouse(database));
    expect(failures(result)).toEqual([]);
    // each step lands what it adds to the one before and runs again
    const rerun = withLateRerun(smallOrganisation);
    const linked = later(rerun, (org) => {
      const incident = org.pagerduty.incidents.find((i) => i.id === "PINC3");
      if (incident) Object.assign(incident, { status_changes: [{ type: "resolve", at: "2026-03-10T09:00:00Z" }], custom_fields: { deployment_id: "gh-run:104" } });
    });
    const overridden = later(linked, (org) => {
      org.overrides = { ...org.overrides, exclude_pull_request_labels: ["not-a-change"] };
      const pull = org.repositories[0].pull_requests.find((pr) => pr.number === 1);
      if (pull) Object.assign(pull, { labels: ["not-a-change"], updated_at: "2026-03-11T08:00:00Z" });
    });
    const recatalogued = later(overridden, (org) => {
      org.settings = { ...org.settings, bot_logins: ["bob"] };
    });
    const nextWeek = later(recatalogued, (org) => {
      org.as_of = "2026-03-17T12:00:00Z";
    });
    // each step: what it describes, the organisation after it, when its records are landed
    const steps: Array<[string, Organisation, string]> = [
      ["a re-run that succeeded days later", rerun, "2026-03-12T06:00:00Z"],
      ["an incident resolved and linked after the last run", linked, "2026-03-13T06:00:00Z"],
      ["an override excluding a label put on a merged pull request", overridden, "2026-03-14T06:00:00Z"],
      ["a bot login added to the catalog", recatalogued, "2026-03-15T06:00:00Z"],
      ["as_of in the next week (the week before completes)", nextWeek, "2026-03-17T06:00:00Z"],
    ];
    let before = smallOrganisation;
    for (const [step, after, extractedAt] of steps) {
      expectReplacedPerPeriod(await landAndRun(database, newRecords(rawStreams(before), rawStreams(after)), extractedAt, after));
      expect(await oracleDifferences(database, after), step).toEqual([]);
      before = after;
    }
    expect(await periodRows(database)).toBe(await fullBuildRows(database, nextWeek));
  }, 900_000);

  for (const seed of [2, 3]) {
    it(`equal a full build of the same raw data each night, for a generated tiny organisation synced day after day (seed ${seed})`, async () => {
      const org = generateOrganisation({ seed, ...SIZES.tiny });
      const end = Date.parse(serverNow(org));
      // three nights, across a Monday: a week completes and the next one starts between them
      const nights = [8, 3, 0].map((days) => new Date(end - days * 86_400_000).toISOString().slice(0, 19) + "Z");
      const database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doraform-models-")), "warehouse.duckdb");
      onTestFinished(() => removeWarehouse(database));
      let landed = new Map() as ReturnType<typeof rawStreams>;
      for (const [night, now] of nights.entries()) {
        const asOf: Organisation = { ...snapshotAt(org, now), as_of: now };
        const streams = rawStreams(asOf);
        const result = await landAndRun(database, newRecords(landed, streams), now, asOf);
        if (night === 0) expect(failures(result)).toEqual([]);
        else expectReplacedPerPeriod(result);
        landed = streams;
        expect(await periodRows(database), now).toBe(await fullBuildRows(database, asOf));
      }
    }, 900_000);
  }

  it("built by a release before this one and before pickup time, gain the pickup columns for every period on the next run", async () => {
    const { database } = await runModels(smallOrganisation);
    onTestFinished(() => removeWarehouse(database));
    const older = await openWarehouse({ file: database, catalog: CATALOG });
    try {
      // as that release left them: the marts were tables without the pickup columns, and nothing recorded
      for (const mart of PERIOD_MARTS) {
        for (const column of ["changes_picked_up", "pickup_p50_seconds", "pickup_p90_seconds"]) await older.run(`alter table dora.${mart} drop column ${column}`);
      }
      await older.run("drop table dora_staging.int_period_fingerprints");
    } finally {
      older.close();
    }
    expectReplacedPerPeriod(await transform({ database, vars: organisationVars(smallOrganisation) }));
    expect(await oracleDifferences(database, smallOrganisation)).toEqual([]);
  }, 600_000);

  it("leave a period whose inputs did not change as it was: only the periods a late record changes are written again", async () => {
    const { database } = await runModels(smallOrganisation);
    onTestFinished(() => removeWarehouse(database));
    const rerun = withLateRerun(smallOrganisation);
    // the first week: the late re-run (2026-03-03) is weeks later
    const first = expectedMarts(rerun).org_weekly.map((row) => String(row.week_start)).sort()[0];
    const expected = expectedMarts(rerun).org_weekly.find((row) => String(row.week_start) === first)?.deployments;
    expect(first < "2026-03-02").toBe(true);
    const warehouse = await openWarehouse({ file: database, catalog: CATALOG });
    try {
      // a value no build gives, as if left by an earlier write: written again, the week would be right
      await warehouse.run(`update dora.org_weekly set deployments = 999 where week_start = date '${first}'`);
    } finally {
      warehouse.close();
    }
    expectReplacedPerPeriod(await landAndRun(database, newRecords(rawStreams(smallOrganisation), rawStreams(rerun)), "2026-03-12T06:00:00Z", rerun));
    // the re-run's week and quarter were written again and are right; the first week was left alone
    expect(await oracleDifferences(database, rerun)).toEqual([`org_weekly [week_start=${first}] deployments: expected ${expected}, got 999`]);
  }, 600_000);
});
