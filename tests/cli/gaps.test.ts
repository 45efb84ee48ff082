/**
 * What the catalog misses, shown where people read the numbers (docs/metrics.md#decision-65), on
 * demo/scenarios/partial-catalog.yaml worked out by hand:
 * - PagerDuty: Q3CCCCC and Q4DDDDD on PWEB777, Q5EEEEE on PLED555, neither in the catalog nor named
 *   like a service: 3 incidents unmapped, 2 and 1 per PagerDuty service;
 * - acme/web and acme/docs have no catalog entry: services web and docs on team unassigned; web
 *   deploys with runs 200 and 201 (2 successful deployments), docs has no deploy workflow (0);
 * - Q1AAAAA names gh-run:101 in its custom field, Q2BBBBB names nothing: 1 of the 2 mapped
 *   incidents linked, 50% < 80%, so the change failure rate (api 1 of 2 = 50.0%, web 0 of 2,
 *   organisation 1 of 4 = 25.0%, each with a level at minimum sample 1) is shown with a warning.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { openWarehouse } from "../../core/duckdb.ts";

const run = promisify(execFile);

const UNMAPPED_FIX = "add under the service each pages for in doraform.yaml: `pagerduty_service_ids: [PWEB777]`, `pagerduty_service_ids: [PLED555]`";
const UNASSIGNED =
  "2 repositories have no catalog entry, so their services fall back to team unassigned: acme/web (service web, 2 deployments), acme/docs (service docs, 0 deployments)";
const UNASSIGNED_FIX =
  "add under `services:` in doraform.yaml, with the owning team: `- { name: web, team: <team>, repository: acme/web }`, `- { name: docs, team: <team>, repository: acme/docs }`";
const CFR_WARNING = "warning: 50% of incidents linked (< 80%)";
/** run's cell: the gaps under the table say the rest. */
const CFR_CELL = "warning: 50% linked";

function newcomerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["GITHUB_TOKEN", "PAGERDUTY_TOKEN", "JIRA_BASE_URL", "JIRA_API_TOKEN", "GITHUB_API_URL", "GITHUB_GRAPHQL_URL", "PAGERDUTY_API_URL"]) delete env[key];
  return env;
}

describe("gaps in the catalog speak up in run, review and report", { timeout: 600_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-gaps-"));
  const database = path.join(dir, "warehouse.duckdb");
  let summary = "";
  let html = "";
  let review = "";
  let quarterly = "";
  let json: {
    organisation: Array<{ metric: string; level: string }>;
    gaps: {
      unmappedIncidents: unknown;
      unassignedRepositories: Array<{ repository: string; line: string }>;
      linkCoverage: { share: number; belowThreshold: boolean; byMethod: unknown };
    };
  };

  beforeAll(async () => {
    const options = { env: newcomerEnv(), maxBuffer: 1 << 24 };
    const bin = [CLI];
    summary = (await run(process.execPath, [...bin, "run", "--scenario", "demo/scenarios/partial-catalog.yaml", "--database", database, "--out", path.join(dir, "out")], options)).stdout;
    html = fs.readFileSync(path.join(dir, "out", "report.html"), "utf8");
    review = (await run(process.execPath, [...bin, "review", "--database", database], options)).stdout;
    quarterly = (await run(process.execPath, [...bin, "review", "--quarterly", "--database", database], options)).stdout;
    json = JSON.parse((await run(process.execPath, [...bin, "review", "--database", database, "--format", "json"], options)).stdout);
  }, 600_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("run prints the unmapped incidents, the unassigned repositories and the low link coverage under its summary, each with what to add", () => {
    const lines = summary.split("\n");
    const gaps = lines.slice(lines.indexOf("gaps (doraform review lists every data-quality warning):") + 1).filter(Boolean);
    expect(gaps).toHaveLength(3);
    expect(gaps[0]).toMatch(/^- 50% of incidents are linked to the deployment that caused them \(by custom field 1\), below the 80% /);
    expect(gaps[1]).toBe(`- 3 incidents on a PagerDuty service (or Jira issues) mapped to no service: in no metric, from PagerDuty PWEB777 (2), PLED555 (1). To do: ${UNMAPPED_FIX}`);
    expect(gaps[2]).toBe(`- ${UNASSIGNED}. To do: ${UNASSIGNED_FIX}`);
  });

  it("run shows the change failure rate with the warning where its level would be", async () => {
    // the summary mart still holds the levels: the warning stands in for them, not for a missing sample
    const warehouse = await openWarehouse({ file: database, catalog: "doraform-demo", readOnly: true });
    try {
      const levels = await warehouse.all<{ name: string; level: string }>(
        "select name, change_failure_rate_level as level from dora.summary where window_weeks = 13 and scope in ('service', 'organisation') order by name",
      );
      expect(levels).toEqual([
        { name: "all", level: "low" },
        { name: "api", level: "low" },
        { name: "web", level: "elite" },
      ]);
    } finally {
      warehouse.close();
    }
    const row = (name: string) => summary.split("\n").find((line) => line.startsWith(`${name} `)) ?? "";
    expect(row("api")).toContain(`50.0% (n=2) ${CFR_CELL}`);
    expect(row("web")).toMatch(/^web +unassigned /);
    expect(row("web")).toContain(`0.0% (n=2) ${CFR_CELL}`);
    expect(row("(organisation)")).toContain(`25.0% (n=4) ${CFR_CELL}`);
  });

  it("review lists each gap with its line of doraform.yaml, and gives the change failure rate the warning, not a level", () => {
    const quality = review.slice(review.indexOf("## Data quality"), review.indexOf("## Links"));
    expect(quality).toContain(`. To do: ${UNMAPPED_FIX}\n`);
    expect(quality).toContain(`- ${UNASSIGNED}. To do: ${UNASSIGNED_FIX}\n`);
    const organisation = review.slice(review.indexOf("## Organisation"), review.indexOf("## Biggest movers"));
    expect(organisation).toContain(`| Change failure rate | 25.0% (n=4) | — (n=0) | — (n=0) | — | ${CFR_WARNING} |`);
    expect(json.organisation.find((m) => m.metric === "change_failure_rate")?.level).toBe(CFR_WARNING);
    const quarter = quarterly.slice(quarterly.indexOf("## Change failure rate"));
    expect(quarter.split("\n").find((line) => line.startsWith("| organisation |"))).toContain(`25.0% (n=4) ${CFR_WARNING} |`);
  });

  it("review --format json gives each gap as data, with the line to add", () => {
    expect(json.gaps.unmappedIncidents).toEqual({
      total: 3,
      pagerdutyServices: [
        { id: "PWEB777", incidents: 2, line: "pagerduty_service_ids: [PWEB777]" },
        { id: "PLED555", incidents: 1, line: "pagerduty_service_ids: [PLED555]" },
      ],
    });
    expect(json.gaps.unassignedRepositories.map((r) => [r.repository, r.line])).toEqual([
      ["acme/web", "- { name: web, team: <team>, repository: acme/web }"],
      ["acme/docs", "- { name: docs, team: <team>, repository: acme/docs }"],
    ]);
    expect(json.gaps.linkCoverage).toMatchObject({ share: 0.5, belowThreshold: true, byMethod: [{ method: "custom_field", incidents: 1 }] });
  });

  it("the HTML report shows the same gaps and fixes, and the warning in the levels table", () => {
    const quality = html.slice(html.indexOf("<h2>Data quality</h2>"));
    expect(quality).toContain("from PagerDuty PWEB777 (2), PLED555 (1)<br><span class=\"fix\">To do: add under the service each pages for in doraform.yaml: `pagerduty_service_ids: [PWEB777]`");
    expect(quality).toContain(`${UNASSIGNED}<br>`);
    expect(quality).toContain("`- { name: web, team: &#60;team&#62;, repository: acme/web }`");
    expect(quality).toContain("Incidents linked to the deployment that caused them: 50% (by custom_field 1)");
    const levels = html.slice(html.indexOf("<table class=\"levels\">"), html.indexOf("</table>", html.indexOf("<table class=\"levels\">")));
    expect(levels.match(new RegExp(`<span class="warning">${CFR_WARNING.replace("<", "&#60;").replace("(", "\\(").replace(")", "\\)")}</span>`, "g"))).toHaveLength(5);
  });
});
