import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { openMarts, type MartDatabase } from "../../report/reader/open.ts";
import { evaluateAlerts } from "../../report/alerts/evaluate.ts";
import { DEFAULT_THRESHOLDS } from "../../report/alerts/rules.ts";
import { failures, runModels } from "../../demo/warehouse/run-models.ts";
import { doraform } from "./support/cli.ts";

/**
 * The models built with an organisation's own knobs (as `doraform run --scenario` builds them, through
 * the catalog_json var), then the reading commands started on their own, with no vars: they must
 * apply the knobs the marts were built with, not includes/catalog_defaults.js's (2024, 5).
 */
describe("reading commands started after a transform with custom settings", { timeout: 300_000 }, () => {
  const base = generateOrganisation({ seed: 3, ...SIZES.tiny, incidentsPerWeek: 2 });
  const org: Organisation = { ...base, settings: { ...base.settings, min_sample: 2, report_year: 2021 } };
  const expected = expectedMarts(org);
  let database = "";
  let marts: MartDatabase | undefined;

  beforeAll(async () => {
    const run = await runModels(org);
    expect(failures(run.result)).toEqual([]);
    database = run.database;
  }, 300_000);
  afterAll(async () => {
    await marts?.close();
  });

  it("the weekly and quarterly reviews use the report year and minimum sample of the transform", async () => {
    const weekly = await doraform(["review", "--database", database]);
    expect(weekly.stderr).toBe("");
    expect(weekly.stdout).toContain("Levels: State of DevOps 2021, over the 13 complete weeks to date (this one included); none below the minimum sample of 2.");
    const quarterly = await doraform(["review", "--quarterly", "--database", database]);
    expect(quarterly.stdout).toContain("Levels: State of DevOps 2021; none below the minimum sample of 2.");
    expect(quarterly.stdout).toContain(`runs to ${org.as_of.slice(0, 10)} (as_of)`);
  });

  it("the alerts fire down to the transform's minimum sample of 2 deployments", async () => {
    marts = await openMarts({ database });
    const { weekStart, firings } = await evaluateAlerts(marts, DEFAULT_THRESHOLDS);
    const above = (min: number) =>
      [
        ...expected.service_weekly.map((r) => ({ ...r, where: `service ${r.service}` })),
        ...expected.team_weekly.map((r) => ({ ...r, where: `team ${r.team}` })),
        ...expected.org_weekly.map((r) => ({ ...r, where: "organisation all" })),
      ]
        .filter((r) => r.week_start === weekStart && r.deployments >= min && (r.change_failure_rate ?? 0) > 0.15)
        .map((r) => r.where)
        .sort();
    // the seed is chosen so that the two minimums give different answers
    expect(above(2)).not.toEqual(above(5));
    expect(firings.filter((f) => f.rule === "change_failure_rate_high").map((f) => `${f.scope} ${f.name}`).sort()).toEqual(above(2));
  });
});
