import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { classify } from "../../report/levels.ts";
import { formatDuration } from "../../core/duration.ts";
import { percentileCont } from "../../report/stats.ts";
import { checkTargets } from "../../report/targets/catalog.ts";
import { readTargets } from "../../core/targets/file.ts";
import { readSettings } from "../../report/reader/settings.ts";
import { openMarts } from "../../report/reader/open.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { doraform } from "./support/cli.ts";
import { slackMessage } from "../../report/alerts/slack.ts";
import { readThresholds } from "../../report/alerts/thresholds-file.ts";
import { DEFAULT_THRESHOLDS } from "../../report/alerts/rules.ts";
import { benchmarkRows } from "./support/planted-org.ts";

describe("levels from the benchmarks mart", () => {
  const level = (metric: string, value: number, sample = 10, year = 2024) => classify(benchmarkRows, year, metric, value, sample, 5);

  it("gives the better level where 2024's change failure bounds are out of order (high 20% above medium 10%)", () => {
    expect(level("change_failure_rate", 0.05)).toBe("elite");
    expect(level("change_failure_rate", 0.08)).toBe("high");
    expect(level("change_failure_rate", 0.2)).toBe("high");
    expect(level("change_failure_rate", 0.21)).toBe("low");
  });

  it("classifies deploy days per week: 5 elite, 1 high, 3 in 13 weeks medium, else low", () => {
    expect(level("deployment_frequency", 5)).toBe("elite");
    expect(level("deployment_frequency", 1)).toBe("high");
    expect(level("deployment_frequency", 3 / 13)).toBe("medium");
    expect(level("deployment_frequency", 2 / 13)).toBe("low");
  });

  it("gives no level below the minimum sample", () => {
    expect(level("change_lead_time", 3600, 4)).toBeNull();
    expect(level("change_lead_time", 3600, 5)).toBe("elite");
  });
});

describe("statistics and formats", () => {
  it("interpolates percentiles linearly, as PERCENTILE_CONT does", () => {
    // positions (n-1)·p: p50 of 1..4 is between 2 and 3; p90 of 1..11 is 10 exactly
    expect(percentileCont([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentileCont([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
    expect(percentileCont([], 0.5)).toBeNull();
  });

  it("writes durations as a reader says them", () => {
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(90 * 60)).toBe("1 h 30 min");
    expect(formatDuration(25 * 3600)).toBe("1 d 1 h");
    expect(formatDuration(3 * 86400)).toBe("3 d");
  });
});

describe("the targets file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-targets-"));
  const write = (text: string) => {
    const file = path.join(dir, `t${Math.random().toString(36).slice(2)}.yaml`);
    fs.writeFileSync(file, text);
    return file;
  };

  it("reads durations, shares and deploy days per week in their own units", () => {
    const targets = readTargets(
      write("targets:\n  - { quarter: 2026-Q4, metric: lead_time_p50, target: 36h }\n  - { quarter: 2026-Q4, metric: change_failure_rate, scope: team, name: web, target: 12.5% }\n  - { quarter: 2026-Q4, metric: deployment_frequency, target: 3 }\n"),
    );
    expect(targets.map((t) => [t.metric, t.scope, t.name, t.target])).toEqual([
      ["lead_time_p50", "organisation", "all", 129600],
      ["change_failure_rate", "team", "web", 0.125],
      ["deployment_frequency", "organisation", "all", 3],
    ]);
  });

  it("names the file and the target's line in one line when a target is wrong", () => {
    const file = write("targets:\n  - { quarter: 2026-Q4, metric: lead_time_p50, target: soon }\n");
    expect(() => readTargets(file)).toThrow(`${file} line 2: target "soon" for lead_time_p50 is not a duration (90m, 36h, 2d) or seconds`);
    // the second target is on line 6, after a comment and the first target's three lines
    const unknown = write("targets:\n  # this quarter\n  - quarter: 2026-Q4\n    metric: lead_time_p50\n    target: 1d\n  - { quarter: 2026-Q4, metric: happiness, target: 1 }\n");
    expect(() => readTargets(unknown)).toThrow(`${unknown} line 6: metric must be one of deployment_frequency, lead_time_p50`);
  });

  it("fails in one line on a team or service the catalog lacks, naming it and its line", () => {
    const file = write("targets:\n  - { quarter: 2026-Q4, metric: lead_time_p50, target: 1d }\n  - { quarter: 2026-Q3, metric: lead_time_p50, scope: team, name: platfrom, target: 1d }\n");
    const marts = [{ service: "api", team: "platform" }, { service: "web", team: "product" }];
    expect(() => checkTargets(readTargets(file), marts)).toThrow(`${file} line 3: no team "platfrom" in the catalog (teams: platform, product)`);
    const service = write("targets:\n  - { quarter: 2026-Q4, metric: lead_time_p50, scope: service, name: platform, target: 1d }\n");
    expect(() => checkTargets(readTargets(service), marts)).toThrow(`${service} line 2: no service "platform" in the catalog (services: api, web)`);
    const known = write("targets:\n  - { quarter: 2026-Q4, metric: lead_time_p50, scope: service, name: web, target: 1d }\n  - { quarter: 2026-Q4, metric: lead_time_p50, scope: team, name: platform, target: 1d }\n");
    expect(() => checkTargets(readTargets(known), marts)).not.toThrow();
  });

  it("documents a valid example", () => {
    expect(readTargets(path.resolve(import.meta.dirname, "../../report/targets.example.yaml")).length).toBeGreaterThan(0);
  });
});

describe("the reader's settings", () => {
  it("finds the marts in workflow_settings.yaml's defaultProject and defaultDataset", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-settings-"));
    fs.writeFileSync(path.join(dir, "workflow_settings.yaml"), "defaultProject: p1\ndefaultDataset: marts\nvars:\n  as_of: ''\n");
    expect(readSettings(path.join(dir, "workflow_settings.yaml"))).toEqual({ project: "p1", dataset: "marts" });
  });
});

describe("the alert rules file", () => {
  it("overrides the thresholds it names and keeps the others", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-rules-"));
    const file = path.join(dir, "rules.yaml");
    fs.writeFileSync(file, "change_failure_rate_above: 0.3\n");
    expect(readThresholds(file)).toEqual({ ...DEFAULT_THRESHOLDS, change_failure_rate_above: 0.3 });
    fs.writeFileSync(file, "change_failure_rate_over: 0.3\n");
    expect(() => readThresholds(file)).toThrow(`rules file ${file}: unknown key change_failure_rate_over`);
  });
});

describe("opening the marts", () => {
  it("says which marts a warehouse lacks, in one line, instead of failing on the first query", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-open-"));
    const file = path.join(dir, "w.duckdb");
    const warehouse = await openWarehouse({ file, catalog: readSettings().project });
    await warehouse.run("create schema dora; create table dora.deployments (deployment_id varchar)");
    warehouse.close();
    await expect(openMarts({ database: file })).rejects.toThrow(
      `the warehouse ${file} lacks the marts dora.changes, dora.incidents, dora.service_weekly, dora.team_weekly, dora.org_weekly, dora.service_quarterly, dora.team_quarterly, dora.org_quarterly, dora.summary, dora.summary_snapshots, dora.review_windows, dora.report_settings, dora.benchmarks, dora.data_quality: run \`doraform transform\` first`,
    );
  });
});

describe("a warehouse being written", () => {
  it("is waited for while another process holds it, saying so, and given up on after DORAFORM_LOCK_TIMEOUT in one line", { timeout: 300_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-locked-"));
    const file = path.join(dir, "w.duckdb");
    const writer = await openWarehouse({ file, catalog: readSettings().project });
    try {
      const run = await doraform(["review", "--database", file], { DORAFORM_LOCK_TIMEOUT: "1" });
      expect(run.code).toBe(1);
      // this test's own process holds the file
      const holder = `another process (node, PID ${process.pid})`;
      expect(run.stderr.trim().split("\n")).toEqual([
        `waiting for ${file}: in use by ${holder}`,
        `doraform: gave up waiting for ${file} after 1 s: in use by ${holder} (DORAFORM_LOCK_TIMEOUT sets the wait in seconds)`,
      ]);
    } finally {
      writer.close();
    }
  });
});

describe("the Slack message", () => {
  it("keeps within Slack's 50 blocks however many alerts fired, and lists them all in its text", () => {
    const firings = Array.from({ length: 60 }, (_, i) => ({ rule: "change_failure_rate_high" as const, scope: "service" as const, name: `s${i}`, weekStart: "2026-11-16", text: `service s${i}: too many failures` }));
    const message = slackMessage("2026-11-16", firings);
    // header + 48 alerts + "…and 12 more"
    expect(message.blocks).toHaveLength(50);
    expect(JSON.stringify(message.blocks.at(-1))).toContain("and 12 more");
    expect(message.text.split("\n")).toHaveLength(61);
  });
});
