/**
 * Nightly runs over the monorepo scenario, first built on a night when some incremental models had
 * nothing to read yet (run 301 deployed both services; no pull request, compare, commit or incident
 * existed): what later nights land is read, and the marts are the oracle's. Once with the raw records
 * landed directly, once through the extractors against the demo server.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { Organisation } from "../../demo/model/organisation.ts";
import { snapshotAt } from "../../demo/model/snapshot.ts";
import { loadScenario } from "../../demo/scenario/load.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { organisationVars } from "../../demo/model/dataform-vars.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { transform } from "../../warehouse/transform.ts";
import { martDifferences } from "./compare-marts.ts";
import { newRecords, rawStreams } from "../../demo/warehouse/organisation-records.ts";
import { CATALOG, failures, landAndRun, runModels } from "../../demo/warehouse/run-models.ts";
import { demoServers, syncDemo, temporaryDatabase } from "../ingest/demo-harness.ts";

const serve = demoServers();
const monorepo = () => loadScenario(path.join(import.meta.dirname, "..", "..", "demo", "scenarios", "monorepo.yaml"));

/** After run 301 (09:00), before pull request #21 (10:30) and the second deployments (14:00, 15:00). */
const FIRST_NIGHT = "2026-02-23T10:00:00Z";
const SECOND_NIGHT = "2026-02-24T06:00:00Z";

/** The organisation as it was at `night`: what a sync that night lands. */
const asOf = (org: Organisation, night: string): Organisation => ({ ...snapshotAt(org, night), as_of: night });

async function differencesFromOracle(database: string, org: Organisation): Promise<string[]> {
  const check = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    return await martDifferences(check, expectedMarts(org));
  } finally {
    check.close();
  }
}

describe("nightly runs over a monorepo, first built before any compare", () => {
  it("read the compares, commits and pull requests landed on later nights, as a full build reads them", async () => {
    const org = await monorepo();
    const nights = [FIRST_NIGHT, SECOND_NIGHT, org.as_of];
    const first = asOf(org, nights[0]);
    // the premise: the first night lands no compare, commit or pull request
    const landed = rawStreams(first);
    for (const stream of ["deployment_commits", "commits", "pull_requests"]) expect(landed.get(`github_raw__stream_${stream}`)).toEqual([]);
    const { database, result } = await runModels(first);
    expect(failures(result)).toEqual([]);
    for (let i = 1; i < nights.length; i++) {
      const after = asOf(org, nights[i]);
      const next = await landAndRun(database, newRecords(rawStreams(asOf(org, nights[i - 1])), rawStreams(after)), nights[i], after);
      expect(failures(next)).toEqual([]);
    }
    expect(await differencesFromOracle(database, org)).toEqual([]);
  }, 300_000);

  it("through the extractors: a first sync and transform that night, then a sync and transform at as_of", async () => {
    const org = await monorepo();
    const database = temporaryDatabase();
    for (const night of [FIRST_NIGHT, org.as_of]) {
      const tonight: Organisation = { ...org, as_of: night };
      await syncDemo(await serve(tonight), tonight, database);
      const result = await transform({ database, vars: organisationVars(tonight) });
      expect(failures(result)).toEqual([]);
    }
    expect(await differencesFromOracle(database, org)).toEqual([]);
  }, 300_000);
});
