/**
 * The oracle's clock is as_of (docs/metrics.md, Conventions: as_of): it sees the organisation as the simulated APIs
 * serve it at as_of, not the whole scenario file. Values worked out by hand from the files.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { handMade, martsOf } from "./scenarios.ts";

const execute = promisify(execFile);

describe("the example scenario of docs/demo.md with as_of one day before its first run", () => {
  it("`demo expected` lists neither the run nor its incident, only the pull request merged by then", async () => {
    const example = /<!-- example: scenario -->\s*```yaml\n([\s\S]*?)```/.exec(readFileSync("docs/demo.md", "utf8"))?.[1];
    expect(example).toBeDefined();
    // run 100 is created 2026-03-04 09:00, incident Q1AAAAA opened 03-04 10:00; as_of 03-03 is the end of that day
    const file = join(mkdtempSync(join(tmpdir(), "doraform-as-of-")), "example.yaml");
    writeFileSync(file, example!.replace('as_of: "2026-03-11"', 'as_of: "2026-03-03"'));
    const { stdout } = await execute(process.execPath, [CLI, "demo", "expected", "--scenario", file], { maxBuffer: 1 << 24 });
    const rows = stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.filter((row) => row.table === "deployments")).toEqual([]);
    expect(rows.filter((row) => row.table === "incidents")).toEqual([]);
    // #1 merged 03-03 15:00, before the end of as_of's day, and no deployment observed yet: unknown
    expect(rows.filter((row) => row.table === "changes").map((row) => [row.change_id, row.status])).toEqual([["gh-pr:acme/api#1", "unknown"]]);
  }, 60_000);
});

// demo/scenarios/as-of-cut.yaml: as_of 2026-05-13 12:00, in the middle of run 503, pull request #3 and incidents I2, I3
const { marts, deployment, change, incident, serviceWeek, quality } = martsOf(await handMade("as-of-cut"));

describe("an as_of that falls before some of the scenario's events", () => {
  it("a run whose deploy job ends after as_of is no deployment, nor is a run created after it", () => {
    // 503's deploy job completes at 12:05, 504 is created at 13:10
    expect(marts.deployments.map((row) => row.deployment_id)).toEqual(["gh-run:501", "gh-run:502"]);
  });

  it("a pull request merged before as_of and not yet deployed is pending; one merged after it is no change", () => {
    // #2 merged 05-12 15:00 after the first observed deployment 501 (05-04 08:15); #3 merges at 13:00
    expect(marts.changes.map((row) => row.change_id)).toEqual(["gh-pr:acme/api#1", "gh-pr:acme/api#2"]);
    expect(change("gh-pr:acme/api#2")).toMatchObject({ status: "pending", deployment_id: null, lead_time_seconds: null, deploy_wait_seconds: null });
    expect(quality("changes_pending")).toBe(1);
    // #1: first commit 05-04 10:00 → deployed by 502 at 05-05 10:10 = 1 day 10 minutes
    expect(change("gh-pr:acme/api#1")).toMatchObject({ status: "deployed", deployment_id: "gh-run:502", lead_time_seconds: 86_400 + 600 });
  });

  it("an incident resolved after as_of is open; one opened after it does not exist", () => {
    expect(marts.incidents.map((row) => row.incident_id)).toEqual(["I1", "I2"]);
    expect(incident("I2")).toMatchObject({ resolved_at: null, restore_seconds: null, recovery_seconds: null });
    // I3 would name 502 a second time; I1 alone makes it a failure, recovered at I1's resolve 12:00 − 10:10
    expect(deployment("gh-run:502")).toMatchObject({ caused_failure: true, recovery_seconds: 6600 });
  });

  it("the incomplete week counts only what exists at as_of", () => {
    // week of 05-11: no deployment, no deployed change, one incident (I2), open
    expect(serviceWeek("api", "2026-05-11")).toMatchObject({ is_complete: false, deployments: 0, changes_deployed: 0, incidents: 1, restored_incidents: 0 });
  });
});
