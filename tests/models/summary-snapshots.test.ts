/**
 * summary_snapshots keeps what was reported on each run's as_of date: read back after runs at
 * three dates (a late re-run landing between the first two rewrites history), and again after a
 * `--full-refresh`, which must keep every earlier date (the table is protected). Each date's rows
 * are the oracle's summary of the organisation as it was known on that date.
 */
import { describe, expect, it } from "vitest";
import type { Organisation } from "../../demo/model/organisation.ts";
import { organisationVars } from "../../demo/model/dataform-vars.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { transform } from "../../warehouse/transform.ts";
import { MART_KEYS, rowDifferences } from "./compare-marts.ts";
import { smallOrganisation, withLateRerun } from "./fixtures/small-organisation.ts";
import { newRecords, rawStreams } from "../../demo/warehouse/organisation-records.ts";
import { CATALOG, failures, landAndRun, runModels } from "../../demo/warehouse/run-models.ts";

const at = (org: Organisation, asOf: string): Organisation => ({ ...org, as_of: asOf });

/** The first run as the small organisation was known on 03-11; later runs after run 103's re-run landed. */
const first = smallOrganisation;
const later = withLateRerun(smallOrganisation);
const second = at(later, "2026-03-18T12:00:00Z");
// four weeks on: the 4-week window no longer holds the February deployments and PINC1
const third = at(later, "2026-04-01T12:00:00Z");

/** Each snapshot date, with the differences between its rows and the expected rows for that date. */
async function snapshotDifferences(database: string, expected: Record<string, readonly object[]>): Promise<Record<string, string[]>> {
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    const dates = await warehouse.all<{ day: string }>("select distinct strftime(snapshot_date, '%Y-%m-%d') as day from dora.summary_snapshots order by 1");
    const result: Record<string, string[]> = {};
    for (const { day } of dates) {
      const rows = await warehouse.all<Record<string, unknown>>(
        `select * exclude (snapshot_date) from dora.summary_snapshots where snapshot_date = date '${day}'`,
      );
      result[day] = rowDifferences(`snapshot ${day}`, MART_KEYS.summary, rows, expected[day] ?? []);
    }
    return result;
  } finally {
    warehouse.close();
  }
}

/** The oracle's summary of each organisation, by its as_of date. */
const summaries = (...orgs: Organisation[]) => Object.fromEntries(orgs.map((org) => [org.as_of.slice(0, 10), expectedMarts(org).summary]));

const ALL_MATCH = { "2026-03-11": [], "2026-03-18": [], "2026-04-01": [] };

describe("summary_snapshots", () => {
  it("keeps each run's summary at its as_of date across later runs and a full refresh", async () => {
    // the late re-run changes what the summary says about the first date: the snapshot must not follow
    expect(expectedMarts(at(later, first.as_of)).summary).not.toEqual(expectedMarts(first).summary);
    expect(expectedMarts(third).summary).not.toEqual(expectedMarts(second).summary);

    const { database, result } = await runModels(first);
    expect(failures(result)).toEqual([]);
    const landed = await landAndRun(database, newRecords(rawStreams(first), rawStreams(later)), "2026-03-18T06:00:00Z", second);
    expect(failures(landed)).toEqual([]);
    expect(failures(await transform({ database, vars: organisationVars(third) }))).toEqual([]);
    expect(await snapshotDifferences(database, summaries(first, second, third))).toEqual(ALL_MATCH);

    const refreshed = await transform({ database, vars: organisationVars(third), fullRefresh: true });
    expect(failures(refreshed)).toEqual([]);
    expect(await snapshotDifferences(database, summaries(first, second, third))).toEqual(ALL_MATCH);
    expect(refreshed.actions.find((a) => a.name.endsWith(".dora.summary_snapshots"))?.message).toBe("merged");
  }, 600_000);

  it("gains a column summary gained since it was created, null on earlier dates, with the full refresh docs/models.md asks for after a model change", async () => {
    const { database, result } = await runModels(first);
    expect(failures(result)).toEqual([]);
    // as if summary_snapshots had been created before summary had rework_rate
    const warehouse = await openWarehouse({ file: database, catalog: CATALOG });
    try {
      await warehouse.run("alter table dora.summary_snapshots drop column rework_rate");
    } finally {
      warehouse.close();
    }
    const week = at(first, "2026-03-18T12:00:00Z");
    expect(failures(await transform({ database, vars: organisationVars(week), fullRefresh: true }))).toEqual([]);
    const before = expectedMarts(first).summary.map((row) => ({ ...row, rework_rate: null }));
    // the column matters: the oracle has a rework rate on some row of the new date
    expect(expectedMarts(week).summary.some((row) => row.rework_rate !== null)).toBe(true);
    expect(await snapshotDifferences(database, { ...summaries(week), "2026-03-11": before })).toEqual({ "2026-03-11": [], "2026-03-18": [] });
  }, 600_000);
});
