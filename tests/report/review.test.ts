import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeMartFile } from "../../demo/warehouse/mart-file.ts";
import { plantedOrganisation } from "./support/planted-org.ts";
import { doraform } from "./support/cli.ts";

/** The Markdown line of a table row starting with `first` (after a heading containing `section`). */
function line(markdown: string, section: string, first: string): string {
  const after = markdown.slice(markdown.indexOf(section));
  return after.split("\n").find((l) => l.startsWith(`| ${first} |`)) ?? "";
}

describe("doraform review", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-review-"));
  const database = path.join(dir, "warehouse.duckdb");
  const targets = path.join(dir, "targets.yaml");
  let weekly = "";
  let quarterly = "";

  beforeAll(async () => {
    await writeMartFile(database, plantedOrganisation());
    fs.writeFileSync(
      targets,
      "targets:\n  - { quarter: 2026-Q4, metric: deployment_frequency, scope: team, name: platform, target: 4 }\n  - { quarter: 2026-Q3, metric: rework_rate, target: 1% }\n",
    );
    const out = path.join(dir, "weekly.md");
    const run = await doraform(["review", "--database", database, "--targets", targets, "--out", out]);
    expect(run.code).toBe(0);
    weekly = fs.readFileSync(out, "utf8");
    const q = await doraform(["review", "--quarterly", "--database", database, "--targets", targets]);
    expect(q.code).toBe(0);
    quarterly = q.stdout;
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("puts the latest complete week beside the 4 and 13 complete weeks before it, with samples and the 13-week level to date", () => {
    expect(weekly).toContain("# Weekly delivery review: the week of 2026-11-16");
    // this week 2 of 9 failed; the 4 weeks before (from 2026-10-19) none of 36;
    // the 13 weeks before (from 2026-08-17) only web's failure of 2026-09-21: 1 of 117 = 0.85%;
    // the level is the summary's over the 13 weeks to date (2026-08-24 to 2026-11-22): 3 of 117 = 2.6%, elite
    expect(line(weekly, "## Organisation", "Change failure rate")).toBe("| Change failure rate | 22.2% (n=9) | 0.0% (n=36) | 0.9% (n=117) | elite |");
    // three failed deployments recovered in the 13 weeks to date: below the minimum sample, no level
    expect(line(weekly, "## Organisation", "Failed deployment recovery time p50")).toContain("| no level (n<5) |");
  });

  it("lists the biggest movers against the 13 weeks before, worst first, only where both samples reach the minimum", () => {
    // platform (api alone): this week's 10 changes took 3 days; the 130 of the 13 weeks before took
    // 24 h (50), 25 h (40) and 26 h (40): p50 = 25 h, so +188%
    expect(line(weekly, "## Biggest movers", "team platform")).toBe("| team platform | Change lead time p50 | 3 d (n=10) | 1 d 1 h (n=130) | +188% | worse |");
    // api's 2 of 5 failed this week against none before: no change can be computed from 0, so no mover
    expect(weekly.slice(weekly.indexOf("## Biggest movers"), weekly.indexOf("## Targets"))).not.toContain("Change failure rate");
    // billing's 2 changes and 1 deployment a week never reach the minimum sample
    expect(weekly.slice(weekly.indexOf("## Biggest movers"), weekly.indexOf("## Targets"))).not.toContain("billing");
  });

  it("shows only this quarter's targets, with the quarter to date", () => {
    // platform: 39 deploy days from 2026-10-01 through as_of 2026-11-25: 56 days, 8 weeks: 4.875 a week
    expect(line(weekly, "## Targets for 2026-Q4", "Deployments")).toBe("| Deployments | team platform | ≥ 4 deploy days/week | 4.9 deploy days/week (n=39) | on track |");
    expect(weekly).not.toContain("Deployment rework rate | organisation");
  });

  it("gives each metric quarter over quarter per team with its level, from the quarterly marts", () => {
    expect(quarterly).toContain("|  | 2026-Q3 | 2026-Q4 (to date) |");
    expect(quarterly).toContain("2026-Q4 runs to 2026-11-25 (as_of)");
    // Q3 from 2026-08-17: 60 deployments (54 in six full weeks, 6 from 28 to 30 September), web's one failure: 1.7%, elite
    expect(line(quarterly, "## Change failure rate", "organisation")).toBe("| organisation | 1.7% (n=60) elite | 2.9% (n=70) elite |");
    // Q3, complete: 33 deploy days in its 92 days (13.14 weeks) = 2.51 a week: high (at least 1);
    // Q4 to date: 39 deploy days in the 56 days through as_of (8 weeks), not in the quarter's 92 = 4.88: high
    expect(line(quarterly, "## Deployments", "organisation")).toBe("| organisation | 2.51 (n=60) high | 4.88 (n=70) high |");
    expect(line(quarterly, "## Failed deployment recovery time p50", "team platform")).toContain("no level");
  });
});
