// A warehouse built before pickup time existed (docs/metrics.md#decision-66) has none of its mart
// columns until the next transform, nor the quarterly_targets mart (Looker's, added later): the
// review, the alerts and the report still run on it, showing pickup as having no sample rather than
// failing.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWarehouse, quoteIdentifier } from "../../core/duckdb.ts";
import { writeMartFile } from "../../demo/warehouse/mart-file.ts";
import { readSettings } from "../../report/reader/settings.ts";
import { doraform } from "./support/cli.ts";
import { plantedOrganisation } from "./support/planted-org.ts";

/** The columns pickup time added, by mart. */
const PERIOD = ["changes_picked_up", "pickup_p50_seconds", "pickup_p90_seconds"];
const ADDED: Record<string, string[]> = {
  changes: ["first_reviewed_at", "pickup_seconds"],
  ...Object.fromEntries(
    ["service_weekly", "team_weekly", "org_weekly", "service_quarterly", "team_quarterly", "org_quarterly", "summary", "summary_snapshots", "review_windows"].map(
      (mart) => [mart, PERIOD],
    ),
  ),
};

describe("a warehouse built before pickup time and the quarterly_targets mart", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-older-"));
  const database = path.join(dir, "warehouse.duckdb");

  beforeAll(async () => {
    await writeMartFile(database, plantedOrganisation());
    const settings = readSettings();
    const warehouse = await openWarehouse({ file: database, catalog: settings.project });
    try {
      for (const [mart, columns] of Object.entries(ADDED)) {
        for (const column of columns) {
          await warehouse.run(`ALTER TABLE ${quoteIdentifier(settings.dataset)}.${quoteIdentifier(mart)} DROP COLUMN ${quoteIdentifier(column)}`);
        }
      }
      await warehouse.run(`DROP TABLE ${quoteIdentifier(settings.dataset)}.quarterly_targets`);
    } finally {
      warehouse.close();
    }
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("gives a weekly review whose pickup rows have no sample", async () => {
    const run = await doraform(["review", "--database", database]);
    expect(run.stderr).not.toContain("doraform:");
    expect(run.code).toBe(0);
    const organisation = run.stdout.slice(run.stdout.indexOf("## Organisation"));
    const row = organisation.split("\n").find((l) => l.startsWith("| Pickup time p50 |"));
    expect(row).toBe("| Pickup time p50 | — (n=0) | — (n=0) | — (n=0) | — |  |");
    expect(organisation).toContain("| Change lead time p50 |");
  });

  it("gives a quarterly review, the alerts and an HTML report", async () => {
    const quarterly = await doraform(["review", "--quarterly", "--database", database]);
    expect(quarterly.stderr).not.toContain("doraform:");
    expect(quarterly.code).toBe(0);
    // the planted regressions (api's failures) still fire
    const alerts = await doraform(["alerts", "--database", database]);
    expect(alerts.stderr).not.toContain("doraform:");
    expect(alerts.code).toBe(0);
    expect(alerts.stdout).toContain("api");
    const out = path.join(dir, "report");
    const report = await doraform(["report", "--database", database, "--out", out]);
    expect(report.stderr).not.toContain("doraform:");
    expect(report.code).toBe(0);
    expect(fs.readFileSync(path.join(out, "report.html"), "utf8")).toContain("Pickup time p50");
  });
});
