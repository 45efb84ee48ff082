import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeMartFile } from "./support/mart-file.ts";
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

  it("puts the latest complete week beside the 4 and 13 weeks to date, with samples and the 13-week level", () => {
    expect(weekly).toContain("# Weekly delivery review: the week of 2026-11-16");
    // this week 2 of 9 failed; 4 weeks (from 2026-10-26) 2 of 36; 13 weeks (from 2026-08-24) also web's failure of 2026-09-21: 3 of 117
    expect(line(weekly, "## Organisation", "Change failure rate")).toBe("| Change failure rate | 22.2% (n=9) | 5.6% (n=36) | 2.6% (n=117) | elite |");
    // three failed deployments recovered in 13 weeks: below the minimum sample, no level
    expect(line(weekly, "## Organisation", "Failed deployment recovery time p50")).toContain("| no level (n<5) |");
  });

  it("lists the biggest movers against the 13 weeks, worst first, only where both samples reach the minimum", () => {
    // api (and team platform, which is api alone): 40% this week against 2 of 65 = 3.08% → +1200%
    expect(line(weekly, "## Biggest movers", "team platform")).toBe("| team platform | Change failure rate | 40.0% (n=5) | 3.1% (n=65) | +1200% | worse |");
    // billing's 2 changes and 1 deployment a week never reach the minimum sample
    expect(weekly.slice(weekly.indexOf("## Biggest movers"), weekly.indexOf("## Targets"))).not.toContain("billing");
  });

  it("shows only this quarter's targets, with the quarter to date", () => {
    // platform: 39 deploy days from 2026-10-01 to 2026-11-24 over 60 days (to the end of the week in progress) = 4.55 a week
    expect(line(weekly, "## Targets for 2026-Q4", "Deployments")).toBe("| Deployments | team platform | ≥ 4 deploy days/week | 4.5 deploy days/week (n=39) | on track |");
    expect(weekly).not.toContain("Deployment rework rate | organisation");
  });

  it("gives each metric quarter over quarter per team with its level, from the quarterly marts", () => {
    expect(quarterly).toContain("|  | 2026-Q3 | 2026-Q4 (to date) |");
    // Q3 from 2026-08-17: 60 deployments (54 in six full weeks, 6 from 28 to 30 September), web's one failure: 1.7%, elite
    expect(line(quarterly, "## Change failure rate", "organisation")).toBe("| organisation | 1.7% (n=60) elite | 2.9% (n=70) elite |");
    // 33 deploy days in Q3's 92 days (13.14 weeks) = 2.51 a week: high (at least 1)
    expect(line(quarterly, "## Deployments", "organisation")).toContain("| 2.51 (n=60) high |");
    expect(line(quarterly, "## Failed deployment recovery time p50", "team platform")).toContain("no level");
  });
});
