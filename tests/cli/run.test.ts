import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { loadScenario } from "../../demo/scenario/index.ts";
import { summaryTable } from "../../report/summary-table.ts";
import type { SummaryRow } from "../../report/marts.ts";
import { openWarehouse } from "../../warehouse/duckdb.ts";

const run = promisify(execFile);
const SCENARIO = "demo/scenarios/monorepo.yaml";

/** The environment of a newcomer: no GitHub, PagerDuty or Google credentials. */
function newcomerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["GITHUB_TOKEN", "PAGERDUTY_TOKEN", "GOOGLE_CLOUD_PROJECT", "GITHUB_API_URL", "PAGERDUTY_API_URL"]) delete env[key];
  return env;
}

describe("doraform run without credentials", () => {
  it("runs the demo organisation end to end and prints the oracle's 13-week summary per service", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-run-"));
    const database = path.join(dir, "warehouse.duckdb");
    const { stdout } = await run(process.execPath, ["bin/doraform.js", "run", "--scenario", SCENARIO, "--database", database, "--out", path.join(dir, "out")], {
      env: newcomerEnv(),
      maxBuffer: 1 << 24,
    });

    const org = await loadScenario(SCENARIO);
    const oracle = expectedMarts(org).summary as unknown as SummaryRow[];
    const teams = new Map(org.services.map((service) => [service.name, service.team]));
    expect(stdout).toBe(summaryTable(oracle, teams));
    expect(fs.readFileSync(path.join(dir, "out", "report.html"), "utf8")).toContain("<svg");
  }, 600_000);

  it("refuses to replace a warehouse file that holds real data", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-run-"));
    const database = path.join(dir, "real.duckdb");
    const warehouse = await openWarehouse({ file: database, catalog: "doraform-demo" });
    await warehouse.run("create table main.precious as select 1 as x");
    warehouse.close();

    const failure = await run(process.execPath, ["bin/doraform.js", "run", "--scenario", SCENARIO, "--database", database], { env: newcomerEnv() }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toBe(`doraform: run: ${database} was not made by a demo run, so the demo leaves it alone: pass --database with another file for the demo (or set credentials to sync it)\n`);
    const check = await openWarehouse({ file: database, catalog: "doraform-demo", readOnly: true });
    expect(await check.all("select x from main.precious")).toEqual([{ x: 1 }]);
    check.close();
  });
});
