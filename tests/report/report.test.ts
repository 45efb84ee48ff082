import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeMartFile } from "../../demo/warehouse/mart-file.ts";
import { plantedOrganisation, LATEST_COMPLETE_WEEK } from "./support/planted-org.ts";
import { doraform } from "./support/cli.ts";
import { launchChromium } from "../helpers/chromium.ts";
import { rowOf } from "./support/html-rows.ts";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");

describe("doraform report", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-report-"));
  const database = path.join(dir, "warehouse.duckdb");
  const out = path.join(dir, "out");
  let html = "";
  let browser: Browser;

  beforeAll(async () => {
    await writeMartFile(database, plantedOrganisation());
    const targets = path.join(dir, "targets.yaml");
    fs.writeFileSync(
      targets,
      [
        "targets:",
        "  - { quarter: 2026-Q4, metric: change_failure_rate, target: 10% }",
        "  - { quarter: 2026-Q4, metric: recovery_time, scope: service, name: api, target: 4h }",
        "  - { quarter: 2026-Q4, metric: lead_time_p50, scope: team, name: product, target: 1d }",
      ].join("\n"),
    );
    const run = await doraform(["report", "--database", database, "--out", out, "--targets", targets]);
    expect(run.stderr).not.toContain("doraform:");
    expect(run.code).toBe(0);
    html = fs.readFileSync(path.join(out, "report.html"), "utf8");
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("loads in Chromium with no console errors and no network request, and every chart has drawn marks", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error" || msg.type() === "warning") problems.push(msg.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    const requests: string[] = [];
    page.on("request", (req) => requests.push(req.url()));
    await page.goto(`file://${path.join(out, "report.html")}`);
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
    // 7 charted metrics × (organisation, per team, per service) + the lead-time breakdown
    const charts = await page.$$eval("figure.chart svg", (svgs) =>
      svgs.map((svg) => svg.querySelectorAll(".role-mark path, .role-mark rect, .role-mark line").length),
    );
    expect(charts).toHaveLength(7 * 3 + 1);
    expect(charts.every((marks) => marks > 0)).toBe(true);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "report.png"), fullPage: true });
    await page.close();
  });

  it("shows the 13-week levels with their samples and gives no level below the minimum sample", () => {
    // api: 5 deploy days a week (elite), 65 deployments in the 13 weeks, 2 failures: 3.1% (elite in 2024)
    const api = rowOf(html, "levels", "api");
    expect(api).toContain("5.00 deploy days/week (65 deployments)");
    expect(api).toContain("3.1% (n=65)");
    expect(api).toMatch(/3\.1% \(n=65\) <span class="level-elite">elite/);
    // api's failed deployments recovered twice in 13 weeks: below the minimum sample of 5
    expect(api).toMatch(/\(n=2\) <span class="note">no level \(n&lt;5\)/);
  });

  it("shows the quarterly targets with the quarter to date and whether each is on track", () => {
    // Q4 to date (from 2026-10-01): the organisation deployed 9 a week on weeks from 2026-09-28 …, 2 failures
    const cfr = rowOf(html, "targets", "Change failure rate");
    expect(cfr).toContain("≤ 10.0%");
    expect(cfr).toContain("on track");
    // api recovered 2 failed deployments this quarter: no verdict below 5
    expect(rowOf(html, "targets", "service api")).toContain("not enough data");
    // product's changes took 1 day + 0, 1 or 2 hours: p50 above 1 day
    expect(rowOf(html, "targets", "team product")).toContain("off track");
  });

  it("lists the deployments and incidents behind the latest complete week", () => {
    // the latest complete week, 2026-11-16, as a reader writes it
    expect(LATEST_COMPLETE_WEEK).toBe("2026-11-16");
    expect(html).toContain("Behind the week of 16–22 Nov 2026");
    // api 5 + web 3 + billing 1 deployments; api's two failures caused the week's two incidents
    expect(html).toContain("<h3>Deployments (9)</h3>");
    expect(html).toContain("<h3>Incidents (2)</h3>");
    expect(rowOf(html, "incidents", "PD-api-13-0")).toContain("3 d");
  });

  it("breaks lead time down into coding, pickup, review after pickup and deploy wait", () => {
    // 13 weeks 2026-08-24 … 2026-11-22; product's changes: lead 1 d + 0/1/2 h, coding and review ¼, deploy wait ½.
    // Weeks 1…12 for product have (week mod 3) = 1,2,0,1,2,0,1,2,0,1,2,0 plus week 13 (mod 3 = 1): 5 weeks at +1h, 4 at +2h, 4 at +0h,
    // 8 changes a week: p50 is 1 d + 1 h = 25 h, so coding p50 6 h 15 min, deploy wait 12 h 30 min.
    const product = rowOf(html, "breakdown", "team product");
    expect(product).toContain("6 h 15 min (n=104)");
    expect(product).toContain("12 h 30 min (n=104)");
    expect(product).toContain("1 d 1 h (n=104)");
    // one change of each deployment's two was reviewed by someone else, an eighth of its lead time after
    // opening: 52 changes, 16 at 24 h, 20 at 25 h, 16 at 26 h of lead time; pickup p50 25 h / 8 = 3 h 7.5 min,
    // and review after pickup (a quarter less an eighth) the same, after coding
    const cells = product.split("<td").slice(1);
    expect(cells.slice(1, 4).map((cell) => cell.replace(/^[^>]*>|<\/td>.*$/gs, ""))).toEqual(["6 h 15 min (n=104)", "3 h 8 min (n=52)", "3 h 8 min (n=52)"]);
  });
});
