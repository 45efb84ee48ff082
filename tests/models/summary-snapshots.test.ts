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
import { openWarehouse } from "../../warehouse/duckdb.ts";
import { transform } from "../../warehouse/transform.ts";
import { MART_KEYS, rowDifferences } from "./compare-marts.ts";
import { smallOrganisation, withLateRerun } from "./fixtures/small-organisation.ts";
import { newRecords, rawStreams } from "./raw-from-organisation.ts";
import { CATALOG, failures, landAndRun, runModels } from "./run-models.ts";

const at = (org: Organisation, asOf: string): Organisation => ({ ...org, as_of: asOf });

/** The first run as the small organisation was known on 03-11; later runs after run 103's re-run landed. */
const first = smallOrganisation;
const later = withLateRerun(smallOrganisation);
const second = at(later, "2026-03-18T12:00:00Z");
// four weeks on: the 4-week window no longer holds the February deployments and PINC1
const third = at(later, "2026-04-01T12:00:00Z");
const RUNS = [first, second, third];

/** Each snapshot date, with the differences between its rows and the oracle's summary on that date. */
async function snapshotDifferences(database: string): Promise<Record<string, string[]>> {
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    const dates = await warehouse.all<{ day: string }>("select distinct strftime(snapshot_date, '%Y-%m-%d') as day from dora.summary_snapshots order by 1");
    const result: Record<string, string[]> = {};
    for (const { day } of dates) {
      const rows = await warehouse.all<Record<string, unknown>>(
        `select * exclude (snapshot_date) from dora.summary_snapshots where snapshot_date = date '${day}'`,
      );
      const run = RUNS.find((org) => org.as_of.startsWith(day));
      result[day] = run ? rowDifferences(`snapshot ${day}`, MART_KEYS.summary, rows, expectedMarts(run).summary) : ["no run on this date"];
    }
    return result;
  } finally {
    warehouse.close();
  }
}

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
    expect(await snapshotDifferences(database)).toEqual(ALL_MATCH);

    const refreshed = await transform({ database, vars: organisationVars(third), fullRefresh: true });
    expect(failures(refreshed)).toEqual([]);
    expect(await snapshotDifferences(database)).toEqual(ALL_MATCH);
    expect(refreshed.actions.find((a) => a.name.endsWith(".dora.summary_snapshots"))?.message).toBe("merged");
  }, 600_000);
});
