import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeMartFile, type MartRows } from "../../demo/warehouse/mart-file.ts";
import { plantedOrganisation } from "./support/planted-org.ts";
import { doraform } from "./support/cli.ts";
import { generateOrganisation } from "../../demo/generate/index.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { MEDIAN_MIN_SAMPLE } from "../../report/review/significance.ts";

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
      "targets:\n  - { quarter: 2026-Q4, metric: deployment_frequency, scope: team, name: platform, target: 4 }\n  - { quarter: 2026-Q3, metric: rework_rate, target: 1% }\n" +
        "  - { quarter: 2026-Q3, metric: change_failure_rate, scope: service, name: web, target: 1% }\n  - { quarter: 2026-Q3, metric: recovery_time, target: 4h }\n",
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

  it("leads with the organisation: this week beside the 4 and 13 complete weeks before it, the change and the 13-week level", () => {
    expect(weekly).toContain("# Weekly delivery review: the week of 2026-11-16");
    // this week 2 of 9 failed; the 4 weeks before (from 2026-10-19) none of 36;
    // the 13 weeks before (from 2026-08-17) only web's failure of 2026-09-21: 1 of 117 = 0.85%;
    // change 2/9 − 1/117 = 21.4 points; pooled 3/126: z = 0.2137 / sqrt(0.02381 · 0.97619 · (1/9 + 1/117)) = 4.05 > 1.96;
    // the level is the summary's over the 13 weeks to date (2026-08-24 to 2026-11-22): 3 of 117 = 2.6%, elite
    expect(line(weekly, "## Organisation", "Change failure rate")).toBe("| Change failure rate | 22.2% (n=9) | 0.0% (n=36) | 0.9% (n=117) | +21.4 pp (beyond sample) | elite |");
    // 9 deployments against 117 / 13 = 9 a week: no change
    expect(line(weekly, "## Organisation", "Deployments")).toContain("| ±0% | elite |");
    // three failed deployments recovered in the 13 weeks to date: below the minimum sample, no level
    expect(line(weekly, "## Organisation", "Failed deployment recovery time p50")).toContain("| no level (n<5) |");
  });

  it("lists as movers only the teams and services that moved beyond what their sample explains, worse first", () => {
    const movers = weekly.slice(weekly.indexOf("## Biggest movers"), weekly.indexOf("## Targets"));
    // api (all of platform): 2 of 5 failed against none of 65: pooled 2/70, z = 0.4 / 0.0773 = 5.17
    expect(line(movers, "", "team platform")).toBe("| team platform | Change failure rate | 40.0% (n=5) | 0.0% (n=65) | +40.0 pp | worse | z = 5.17 |");
    // this week's 10 changes took 3 days; the 130 of the 13 weeks before took 24 h (50), 25 h (40) and 26 h (40):
    // p50 = 25 h, so +188%, on 10 changes: the minimum sample for a median
    expect(movers).toContain("| service api | Change lead time p50 | 3 d (n=10) | 1 d 1 h (n=130) | +188% | worse | n ≥ 10 |");
    // billing's 2 changes and 1 deployment a week, product's unchanged weeks: nothing beyond their samples
    expect(movers).not.toContain("billing");
    expect(movers).not.toContain("product");
    expect(movers).toContain("two-proportion z-test (|z| > 1.96");
  });

  it("ends with the data-quality warnings, the links, and every team and service under the Appendix", () => {
    // the planted data_quality mart: every incident linked, nothing dangling, sources 3 h old
    expect(weekly).toContain("## Data quality\n\nNo warnings from the data_quality mart.");
    expect(weekly).toContain("- HTML report: out/report.html");
    const appendix = weekly.slice(weekly.indexOf("\n## Appendix\n"));
    expect(appendix.match(/^### (Team|Service) .*$/gm)).toEqual(["### Team platform", "### Team product", "### Service api", "### Service billing", "### Service web"]);
    expect(line(appendix, "### Service api", "Change failure rate")).toBe("| Change failure rate | 40.0% (n=5) | 0.0% (n=20) | 0.0% (n=65) | +40.0 pp (beyond sample) | elite |");
  });

  it("gives the same review as JSON with --format json, and refuses another format in one line", async () => {
    const run = await doraform(["review", "--database", database, "--format", "json", "--looker-url", "https://looker.example.com/dashboards/dora"]);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout);
    expect(data.week).toBe("2026-11-16");
    const cfr = data.organisation.find((m: { metric: string }) => m.metric === "change_failure_rate");
    expect(cfr.thisWeek).toEqual({ value: 2 / 9, sample: 9 });
    expect(cfr.previous13Weeks).toEqual({ value: 1 / 117, sample: 117 });
    expect(cfr.change.change).toBeCloseTo(2 / 9 - 1 / 117, 10);
    expect(cfr.change.beyond).toBe(true);
    expect(data.movers[0]).toMatchObject({ scope: "team", name: "platform", metric: "change_failure_rate", direction: "worse", evidence: "z = 5.17" });
    expect(data.dataQuality).toEqual([]);
    expect(data.links).toEqual({ report: "out/report.html", looker: "https://looker.example.com/dashboards/dora" });
    expect(Object.keys(data.appendix.service)).toEqual(["api", "billing", "web"]);
    const bad = await doraform(["review", "--database", database, "--format", "yaml"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim()).toBe("doraform: --format yaml: expected markdown or json");
  });

  it("shows only this quarter's targets, with the quarter to date", () => {
    // platform: 39 deploy days from 2026-10-01 through as_of 2026-11-25: 56 days, 8 weeks: 4.875 a week
    expect(line(weekly, "## Targets for 2026-Q4", "Deployments")).toBe("| Deployments | team platform | ≥ 4 deploy days/week | 4.9 deploy days/week (n=39) | on track |");
    expect(weekly).not.toContain("Deployment rework rate | organisation");
  });

  it("says where targets are set when the quarter has none", async () => {
    const earlier = path.join(dir, "q3-only.yaml");
    fs.writeFileSync(earlier, "targets:\n  - { quarter: 2026-Q3, metric: rework_rate, target: 1% }\n");
    const run = await doraform(["review", "--database", database, "--targets", earlier]);
    expect(run.code, run.stderr).toBe(0);
    const section = run.stdout.slice(run.stdout.indexOf("## Targets for 2026-Q4"), run.stdout.indexOf("## Data quality"));
    expect(section).toContain("No targets for this quarter: they are set under `targets:` in doraform.yaml (docs/configuration.md).");
    expect(section).not.toContain("|");
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

  it("sets each quarter's target under the row it is for: met or missed when the quarter is complete, on or off track to date", () => {
    // Q3: no deployment was a rework: 0 of 60, within 1%: met
    expect(quarterly).toContain("| organisation | 0.0% (n=60) | 0.0% (n=70) |\n| ↳ target | ≤ 1.0%: met | — |");
    // web, Mon/Wed/Fri from 2026-08-17: 18 deployments in six weeks and 2 from 28 to 30 September, its
    // 21 September deployment failed: 1 of 20 = 5.0%, above 1%: missed. Its target brings web's row.
    expect(line(quarterly, "## Change failure rate", "service web")).toBe("| service web | 5.0% (n=20) elite | 0.0% (n=23) elite |");
    expect(quarterly).toContain("| service web | 5.0% (n=20) elite | 0.0% (n=23) elite |\n| ↳ target | ≤ 1.0%: missed | — |");
    // Q3's one recovered deployment is below the minimum sample of 5: no verdict
    expect(quarterly).toContain("| organisation | 3 h (n=1) no level | 3 d 1 h (n=2) no level |\n| ↳ target | ≤ 4 h: not enough data (n<5) | — |");
    // platform in Q4 to date: 4.88 deploy days a week (above), at least 4: on track
    expect(quarterly).toContain("| team platform | 2.51 (n=33) high | 4.88 (n=39) high |\n| ↳ target | — | ≥ 4 deploy days/week: on track |");
  });

  it("gives the quarterly review as JSON with --format json: values in their units, with their samples and targets", async () => {
    const run = await doraform(["review", "--quarterly", "--format", "json", "--database", database, "--targets", targets]);
    expect(run.code, run.stderr).toBe(0);
    const data = JSON.parse(run.stdout);
    expect(data.quarter).toBe("2026-Q4");
    expect(data.quarters).toEqual([
      { quarter: "2026-Q3", start: "2026-07-01", toDate: false },
      { quarter: "2026-Q4", start: "2026-10-01", toDate: true },
    ]);
    const cfr = data.metrics.find((m: { metric: string }) => m.metric === "change_failure_rate");
    const web = cfr.rows.find((r: { scope: string; name: string }) => r.scope === "service" && r.name === "web");
    expect(web.quarters[0]).toEqual({ quarter: "2026-Q3", value: 1 / 20, sample: 20, level: "elite", warning: null, target: { value: 0.01, status: "missed" } });
    expect(web.quarters[1]).toEqual({ quarter: "2026-Q4", value: 0, sample: 23, level: "elite", warning: null, target: null });
  });

  it("fails in one line, naming the file line, on a target for a team the catalog lacks", async () => {
    const misspelt = path.join(dir, "misspelt.yaml");
    fs.writeFileSync(misspelt, "targets:\n  - { quarter: 2026-Q3, metric: rework_rate, target: 1% }\n  - { quarter: 2026-Q3, metric: lead_time_p50, scope: team, name: platfrom, target: 1d }\n");
    const run = await doraform(["review", "--quarterly", "--database", database, "--targets", misspelt]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`doraform: ${misspelt} line 3: no team "platfrom" in the catalog (teams: platform, product)\n`);
  });
});

describe("doraform review on the default demo (its oracle's marts)", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-review-demo-"));
  const database = path.join(dir, "warehouse.duckdb");
  const expected = expectedMarts(generateOrganisation());
  const latestWeek = expected.org_weekly.filter((w) => w.is_complete).map((w) => w.week_start).sort().at(-1)!;
  let review = "";

  beforeAll(async () => {
    await writeMartFile(database, expected as unknown as MartRows);
    const run = await doraform(["review", "--database", database]);
    expect(run.code).toBe(0);
    review = run.stdout;
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("fits the headline, movers, targets, data quality and links in 60 lines before the Appendix", () => {
    const lines = review.split("\n");
    const appendix = lines.indexOf("## Appendix");
    expect(appendix).toBeGreaterThan(0);
    expect(appendix).toBeLessThanOrEqual(60);
    expect(lines.slice(appendix).filter((l) => l.startsWith("### Service "))).toHaveLength(new Set(expected.service_weekly.map((w) => w.service)).size);
  });

  it("keeps the change failure rate's level while the share of incidents linked is at least min_link_coverage (25%; decision 65)", () => {
    // about half the demo's incidents have no deployment cause at all (capacity, providers)
    const linked = expected.incidents.filter((i) => i.caused_by_deployment_id !== null).length / expected.incidents.length;
    expect(linked).toBeGreaterThan(0.25);
    expect(linked).toBeLessThan(0.8);
    expect(review.slice(review.indexOf("## Data quality"), review.indexOf("## Links"))).not.toContain("of incidents are linked to the deployment");
    expect(review).not.toMatch(/warning: \d+% of incidents linked/);
  });

  it("never calls a lead time a mover on fewer changes than a median needs", () => {
    const movers = review.slice(review.indexOf("## Biggest movers"), review.indexOf("## Targets"));
    const few = expected.service_weekly.filter((w) => w.week_start === latestWeek && w.changes_deployed < MEDIAN_MIN_SAMPLE);
    // the old review's +305% for billing came from 7 changes
    expect(few.map((w) => w.service)).toContain("billing");
    for (const w of few) expect(movers).not.toContain(`| service ${w.service} | Change lead time p50 |`);
  });
});
