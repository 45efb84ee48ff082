/**
 * Correcting a link with the real commands (issue: link-incident to A, then to B, and the marts still
 * said A). The scenario as-of-cut.yaml is served by the simulated APIs and synced by the real
 * extractors; `doraform link-incident` (a real process) links the open incident I2 to gh-run:501,
 * then to gh-run:502, then back to gh-run:501. After a transform, and again after a sync that reads the custom field, every
 * mart row must equal the oracle's for the same organisation whose I2 custom field holds gh-run:501:
 * what PagerDuty shows. (By the time rule alone 502, finished later before I2 started, would win.)
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { organisationVars } from "../../demo/model/dataform-vars.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { loadScenario } from "../../demo/scenario/index.ts";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { ingest } from "../../ingest/command.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { transform } from "../../warehouse/transform.ts";
import { martDifferences } from "../models/compare-marts.ts";
import { CATALOG, failures } from "../../demo/warehouse/run-models.ts";

const execute = promisify(execFile);
const SCENARIO = path.join(import.meta.dirname, "..", "..", "demo", "scenarios", "as-of-cut.yaml");

let org: Organisation;
let server: DemoServer;
let database: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  org = await loadScenario(SCENARIO);
  server = await startDemoServer(org);
  Object.assign(process.env, server.env);
  database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doraform-link-")), "warehouse.duckdb");
}, 60_000);

afterAll(async () => {
  process.env = savedEnv;
  await server?.close();
});

const sync = () => ingest(undefined, { database, startDate: org.start_date, vars: organisationVars(org), warehouse: "duckdb" });

async function transformAndCompare(): Promise<string[]> {
  const result = await transform({ database, vars: organisationVars(org) });
  expect(failures(result)).toEqual([]);
  const relinked = structuredClone(org);
  const incident = relinked.pagerduty.incidents.find((i) => i.id === "I2")!;
  incident.custom_fields.deployment_id = "gh-run:501";
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    return await martDifferences(warehouse, expectedMarts(relinked));
  } finally {
    warehouse.close();
  }
}

const linkIncident = (deployment: string) =>
  execute(process.execPath, [CLI, "link-incident", "--incident", "I2", "--deployment", deployment, "--database", database], {
    env: { PATH: process.env.PATH, PAGERDUTY_API_URL: server.env.PAGERDUTY_API_URL, PAGERDUTY_TOKEN: server.env.PAGERDUTY_TOKEN, PAGERDUTY_FROM: "sre@example.com" },
  });

// the steps build on each other, in this order, on one warehouse file
describe("doraform link-incident to one deployment and then to another", () => {
  it("after a transform, every mart matches the oracle of the organisation with the second link", async () => {
    // as a user would: the deployments are in the marts before an incident is linked to one
    await sync();
    expect(failures(await transform({ database, vars: organisationVars(org) }))).toEqual([]);
    // A, then B, then A again: the third record is a new one, not a duplicate of the first
    await linkIncident("gh-run:501");
    await linkIncident("gh-run:502");
    await linkIncident("gh-run:501");
    expect(await transformAndCompare()).toEqual([]);
  }, 600_000);

  it("after a sync that reads the custom field, still", async () => {
    await sync();
    expect(await transformAndCompare()).toEqual([]);
  }, 600_000);
});
