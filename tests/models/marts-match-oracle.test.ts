/**
 * End to end from raw records: an organisation landed as raw streams, the Dataform models run on
 * DuckDB, every row of every mart compared with the oracle's (demo/oracle), which computes the
 * same metrics independently from the organisation's own model.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { Organisation } from "../../demo/model/organisation.ts";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { loadScenario } from "../../demo/scenario/load.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { martDifferences } from "./compare-marts.ts";
import { assertNoUnnestStructs } from "../helpers/duckdb-guards.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";
import { CATALOG, failures, runModels } from "../../demo/warehouse/run-models.ts";

const SCENARIOS = path.join(import.meta.dirname, "..", "..", "demo", "scenarios");

async function differencesFor(org: Organisation): Promise<string[]> {
  const { database, result } = await runModels(org);
  expect(failures(result)).toEqual([]);
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    // a bare UNNEST(x) AS a runs on DuckDB but yields a STRUCT where BigQuery yields the element
    await assertNoUnnestStructs(warehouse.connection, CATALOG);
    return await martDifferences(warehouse, expectedMarts(org));
  } finally {
    warehouse.close();
  }
}

describe("every mart row matches the oracle", () => {
  for (const file of fs.readdirSync(SCENARIOS).filter((name) => /\.(ya?ml|json)$/.test(name)).sort()) {
    it(`for the hand-made scenario ${file}`, async () => {
      expect(await differencesFor(await loadScenario(path.join(SCENARIOS, file)))).toEqual([]);
    }, 300_000);
  }

  it("for the hand-made organisation of the model tests", async () => {
    expect(await differencesFor(smallOrganisation)).toEqual([]);
  }, 300_000);

  it("for the generated default demo organisation (seed 1)", async () => {
    expect(await differencesFor(generateOrganisation({ seed: 1 }))).toEqual([]);
  }, 600_000);

  // small organisations with busy services: many seeds for the time of one default organisation
  for (const seed of [2, 3, 4]) {
    it(`for a generated tiny organisation with seed ${seed}`, async () => {
      expect(await differencesFor(generateOrganisation({ seed, ...SIZES.tiny }))).toEqual([]);
    }, 600_000);
  }

  // organisations that track incidents in Jira too: Jira-only teams, mirrored incidents, Bugs and Tasks
  it("for the generated default demo organisation with Jira (seed 1)", async () => {
    expect(await differencesFor(generateOrganisation({ seed: 1, jira: "some" }))).toEqual([]);
  }, 600_000);

  for (const seed of [2, 3]) {
    it(`for a generated tiny organisation with Jira, seed ${seed}`, async () => {
      expect(await differencesFor(generateOrganisation({ seed, ...SIZES.tiny, jira: "some" }))).toEqual([]);
    }, 600_000);
  }
});
