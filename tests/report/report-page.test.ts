import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWarehouse } from "../../core/duckdb.ts";
import { writeMartFile } from "../../demo/warehouse/mart-file.ts";
import { buildReport } from "../../report/html/build.ts";
import { openMarts } from "../../report/reader/open.ts";
import { readSettings } from "../../report/reader/settings.ts";
import { launchChromium } from "../helpers/chromium.ts";
import { LATEST_COMPLETE_WEEK, plantedOrganisation } from "./support/planted-org.ts";
import { rowOf } from "./support/html-rows.ts";

// Screenshots for a person to look at (not compared pixel by pixel): tests/artifacts/ is not committed.
const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WIDTHS = [
  { name: "desktop", width: 1440, height: 800 },
  { name: "laptop", width: 1280, height: 800 },
];

/** The planted organisation, plus what the summary said on 18 Nov before week 5's failure was linked (0 failures then). */
function organisationWithSnapshot() {
  const rows = plantedOrganisation();
  const window13 = rows.review_windows!.find((w) => w.scope === "organisation" && w.window_weeks === 13)!;
  rows.summary_snapshots = [{ ...window13, snapshot_date: "2026-11-18", report_year: 2024, failed_deployments: 0, change_failure_rate: 0 }];
  return rows;
}

async function reportFrom(database: string): Promise<string> {
  const marts = await openMarts({ database });
  try {
    return await buildReport(marts, []);
  } finally {
    await marts.close();
  }
}

describe("the report page people open", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-report-page-"));
  const file = path.join(dir, "report.html");
  let browser: Browser;
  let html = "";

  beforeAll(async () => {
    const database = path.join(dir, "warehouse.duckdb");
    await writeMartFile(database, organisationWithSnapshot());
    html = await reportFrom(database);
    fs.writeFileSync(file, html);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, "report-page.html"), html);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`file://${file}`);
    return page;
  }

  for (const { name, width, height } of WIDTHS) {
    it(`at ${width}×${height} shows the four keys on the first screen and passes axe with no serious violation`, async () => {
      const page = await open(width, height);
      try {
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, `report-${name}-first-screen.png`) });
        await page.screenshot({ path: path.join(ARTIFACTS, `report-${name}.png`), fullPage: true });
        // the four cards sit side by side, whole, above the fold
        const cards = await page.$$eval("article.card", (els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
        expect(cards).toHaveLength(4);
        expect(cards.every((c) => c.bottom <= height && c.right <= width)).toBe(true);
        expect(new Set(cards.map((c) => Math.round(c.top))).size).toBe(1);
        // no horizontal scrolling of the page itself
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        // the page's CSP forbids inline scripts: axe goes in through the debugger, as a test tool
        await page.evaluate(AXE_SOURCE);
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
          return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
        });
        expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it("draws axis labels that never overlap, and counts tick at whole numbers", async () => {
    const page = await open(1280, 800);
    try {
      const axes = await page.$$eval("figure.chart svg .role-axis", (groups) =>
        groups.map((g) => ({
          label: g.getAttribute("aria-label") ?? "",
          ticks: [...g.querySelectorAll(".role-axis-label text")]
            .filter((t) => t.textContent !== "" && getComputedStyle(t).opacity !== "0" && t.getAttribute("opacity") !== "0")
            .map((t) => ({ text: t.textContent ?? "", box: t.getBoundingClientRect().toJSON() as DOMRect })),
        })),
      );
      expect(axes.length).toBeGreaterThan(40);
      for (const axis of axes) {
        for (let i = 1; i < axis.ticks.length; i++) {
          const [a, b] = [axis.ticks[i - 1].box, axis.ticks[i].box];
          const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
          expect(overlap, `${axis.label}: "${axis.ticks[i - 1].text}" overlaps "${axis.ticks[i].text}"`).toBe(false);
        }
      }
      // week axes read "16 Nov", never "11-16"; the latest complete week is always labelled
      const weekAxes = axes.filter((a) => a.label.startsWith("X-axis for a discrete scale"));
      expect(weekAxes.length).toBeGreaterThan(0);
      for (const axis of weekAxes) {
        expect(axis.ticks.map((t) => t.text).filter((t) => !/^\d{1,2} [A-Z][a-z]{2}$/.test(t)), axis.label).toEqual([]);
        expect(axis.ticks.at(-1)?.text).toBe("16 Nov");
      }
      const countAxes = axes.filter((a) => /titled '(deployments|n\b)/.test(a.label));
      expect(countAxes.length).toBeGreaterThan(10);
      for (const axis of countAxes) {
        const labels = axis.ticks.map((t) => t.text);
        expect(labels.filter((t) => !/^\d+$/.test(t)), axis.label).toEqual([]);
        // whole numbers each once, increasing: not "0 1 1 2 2" (ticks at 0.5 rounded for show)
        expect(labels.map(Number).every((v, i, all) => i === 0 || v > all[i - 1]), `${axis.label}: ${labels.join(" ")}`).toBe(true);
      }
    } finally {
      await page.close();
    }
  });

  it("writes dates and times for people and puts a unit on every number in a table or card", async () => {
    const page = await open(1280, 800);
    try {
      // textContent: closed <details> count too
      const text = await page.evaluate(() => document.body.textContent ?? "");
      expect(text).not.toMatch(/\d{4}-\d\d-\d\dT|\.000Z/);
      expect(text).not.toMatch(/undefined|NaN/);
      const cells = await page.$$eval("td, .card p", (els) => els.map((e) => (e.textContent ?? "").trim()));
      expect(cells.filter((c) => /^[-+−]?[\d.,]+$/.test(c))).toEqual([]);
      // a stream that landed 2 seconds ago, as the data_quality mart stores it (0.000555… hours)
      expect(text).toContain("github workflow_runs last landed 2 s ago");
      expect(text).not.toContain("0.000555");
    } finally {
      await page.close();
    }
  });

  it("answers how the week went: this week's number, its sample, the move against the 13 weeks before, the level", () => {
    const card = (label: string) => html.split(`<article class="card" aria-label="${label}">`)[1]?.split("</article>")[0] ?? "";
    // the week of 16 Nov: api 5 + web 3 + billing 1 deployments, as in each of the 13 weeks before (±0%)
    expect(card("Deployments")).toContain(`<p class="big">9 <span class="unit">deployments</span></p>`);
    expect(card("Deployments")).toContain("±0%");
    // api's 2 failures of 9 against 1 of 117 before: 22.2% − 0.85% = +21.4 pp, z ≈ 4.0 (beyond sample)
    const cfr = card("Change failure rate");
    expect(cfr).toContain(`<p class="big">22.2%</p>`);
    expect(cfr).toContain("n = 9 deployments");
    expect(cfr).toContain(`<p class="change worse">+21.4 pp (beyond sample)`);
    // 8 changes at 25 h and api's 10 at 3 d: the p50 of 18 is the mean of the 9th and 10th, both 3 d
    expect(card("Change lead time p50")).toContain(`<p class="big">3 d</p>`);
    expect(card("Change lead time p50")).toContain("n = 18 changes deployed");
    expect(card("Failed deployment recovery time p50")).toContain("13-week level:");
    expect(html).toContain("how we are doing in the week of 16–22 Nov 2026");
  });

  it("puts this week next to last week", () => {
    const row = rowOf(html, "week-on-week", "Change failure rate");
    // 2 of 9 against 0 of 9: z = 1.5, within what the samples explain
    expect(row).toContain("22.2% (n = 9 deployments)");
    expect(row).toContain("0.0% (n = 9 deployments)");
    expect(row).toContain("+22.2 pp");
    expect(row).not.toContain("beyond sample");
    expect(html).toContain("week of 9–15 Nov 2026");
  });

  it("lists the week's deployments, failures and incidents, linked to their runs", () => {
    expect(html).toContain("<h3>Deployments (9)</h3>");
    expect(html).toContain("<h3>Failures (2)</h3>");
    const failure = rowOf(html, "failures", "gh-run:api-13-0");
    expect(failure).toContain(`<a href="https://github.com/acme/api/actions/runs/130">gh-run:api-13-0</a>`);
    expect(failure).toContain("PD-api-13-0");
    // finished Monday 10:00, incident 1 h later, restored 3 days after that
    expect(failure).toContain("Mon 16 Nov, 10:00 UTC");
    expect(failure).toContain("3 d 1 h");
    expect(rowOf(html, "incidents", "PD-api-13-0")).toContain(`<a href="https://github.com/acme/api/actions/runs/130">`);
    expect(LATEST_COMPLETE_WEEK).toBe("2026-11-16");
  });

  it("shows what was reported before where late links changed a past week", () => {
    const row = rowOf(html, "restated", "Change failure rate");
    // week 5's failure linked after 18 Nov: 0 of 117 then, 1 of 117 now
    expect(row).toContain("organisation");
    expect(row).toContain("13 weeks, 17 Aug 2026 to 15 Nov 2026");
    expect(row).toContain("0.0% (n = 117 deployments) on 18 Nov 2026");
    expect(row).toContain("0.9% (n = 117 deployments)");
    expect(html.split(`<table class="restated">`)[1]?.split("</table>")[0].split("<tr>").length).toBe(3);
  });

  it("still builds from a warehouse an older version made, without columns added since", async () => {
    const database = path.join(dir, "older.duckdb");
    await writeMartFile(database, organisationWithSnapshot());
    const { project, dataset } = readSettings();
    const warehouse = await openWarehouse({ file: database, catalog: project });
    try {
      for (const [mart, column] of [["changes", "review_seconds"], ["deployments", "url"], ["org_weekly", "rework_rate"], ["summary", "recovery_level"], ["summary_snapshots", "rework_rate"], ["incidents", "resolved_by_deployment_id"]]) {
        await warehouse.run(`ALTER TABLE "${dataset}"."${mart}" DROP COLUMN ${column}`);
      }
    } finally {
      warehouse.close();
    }
    const older = await reportFrom(database);
    expect(older).toContain("The four keys");
    expect(older).not.toMatch(/undefined|NaN/);
    expect(rowOf(older, "failures", "gh-run:api-13-0")).not.toContain("<a href");
  });
});
