import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { doraform } from "./support/cli.ts";
import { writeMartFile } from "../../demo/warehouse/mart-file.ts";
import { rowOf } from "./support/html-rows.ts";
import { plantedOrganisation } from "./support/planted-org.ts";

describe("the report's lead-time breakdown", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-negative-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("leaves a negative duration out of its median, as the marts do (decision 64)", async () => {
    const org = plantedOrganisation();
    // one more product change in the 13 weeks whose clock ran backwards: merged a day after it was
    // deployed, so its deploy wait and lead time are negative; coding and review are not
    const model = org.changes!.find((c) => c.team === "product" && c.deployed_at! > "2026-11-01")!;
    const deployedMs = Date.parse(model.deployed_at!);
    org.changes!.push({
      ...model,
      change_id: "gh-pr:acme/web#9999",
      pull_number: 9999,
      first_commit_at: new Date(deployedMs - 3600_000).toISOString(),
      opened_at: new Date(deployedMs - 1800_000).toISOString(),
      merged_at: new Date(deployedMs + 86_400_000).toISOString(),
      lead_time_seconds: -3600,
      coding_seconds: 1800,
      review_seconds: 86_400 + 1800,
      deploy_wait_seconds: -86_400,
    });
    const database = path.join(dir, "warehouse.duckdb");
    const out = path.join(dir, "out");
    await writeMartFile(database, org);
    const run = await doraform(["report", "--database", database, "--out", out]);
    expect(run.code).toBe(0);
    const html = fs.readFileSync(path.join(out, "report.html"), "utf8");
    const product = rowOf(html, "breakdown", "team product");
    // as in report.test.ts, product's 104 changes have lead time p50 25 h and deploy wait p50 12.5 h;
    // the backwards change is a 105th for coding and review, and in neither deploy wait nor lead time
    expect(product).toContain("12 h 30 min (n=104)");
    expect(product).toContain("1 d 1 h (n=104)");
    expect(product).toContain("(n=105)");
  });
});
