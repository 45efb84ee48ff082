/**
 * The whole product path, as `npm start` runs it: the demo organisation served over HTTP, the real
 * extractors landing raw records, the Dataform models on DuckDB. Every row of every mart must equal
 * the oracle's, which is computed independently from the organisation's own model.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { loadScenario, saveScenario } from "../../demo/scenario/index.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { martDifferences } from "../models/compare-marts.ts";
import { CATALOG } from "../../demo/warehouse/run-models.ts";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";

const execute = promisify(execFile);
const SCENARIOS = path.join(import.meta.dirname, "..", "..", "demo", "scenarios");

async function differencesThroughTheApis(scenario: string): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-e2e-"));
  const database = path.join(dir, "warehouse.duckdb");
  const env = { ...process.env };
  for (const key of ["GITHUB_TOKEN", "PAGERDUTY_TOKEN", "JIRA_BASE_URL", "JIRA_API_TOKEN", "GOOGLE_CLOUD_PROJECT"]) delete env[key];
  await execute(process.execPath, [CLI, "run", "--scenario", scenario, "--database", database, "--out", path.join(dir, "out")], { env, maxBuffer: 1 << 24 });
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    return await martDifferences(warehouse, expectedMarts(await loadScenario(scenario)));
  } finally {
    warehouse.close();
  }
}

describe("through the demo APIs and the real extractors, every mart row matches the oracle", () => {
  for (const file of fs.readdirSync(SCENARIOS).filter((name) => /\.(ya?ml|json)$/.test(name)).sort()) {
    it(`for the hand-made scenario ${file}`, async () => {
      expect(await differencesThroughTheApis(path.join(SCENARIOS, file))).toEqual([]);
    }, 600_000);
  }

  it("for a generated tiny organisation tracking incidents in PagerDuty and Jira (seed 5)", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doraform-e2e-")), "tiny.json");
    await saveScenario(generateOrganisation({ seed: 5, ...SIZES.tiny, jira: "some" }), file);
    expect(await differencesThroughTheApis(file)).toEqual([]);
  }, 600_000);
});
