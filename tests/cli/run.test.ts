import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { openWarehouse } from "../../core/duckdb.ts";

const run = promisify(execFile);
const SCENARIO = "demo/scenarios/monorepo.yaml";

/** The environment of a newcomer: no GitHub, PagerDuty or Google credentials. */
function newcomerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["GITHUB_TOKEN", "PAGERDUTY_TOKEN", "JIRA_BASE_URL", "JIRA_API_TOKEN", "GOOGLE_CLOUD_PROJECT", "GITHUB_API_URL", "GITHUB_GRAPHQL_URL", "PAGERDUTY_API_URL"]) delete env[key];
  return env;
}

/**
 * The summary of demo/scenarios/monorepo.yaml, worked out by hand from the scenario (docs/metrics.md's
 * definitions, the 2023 levels, minimum sample 3). as_of Wednesday 2026-03-04: the window ends on
 * Monday 2026-03-02 (exclusive) and starts 13 weeks (91 days) before, on 2025-12-01.
 *
 * Deployments (the deploy job's finish): web 301 (Feb 23 09:00, first observed: no changes),
 * 302 (Feb 23 14:00), 304 (Feb 24 10:00), 305 (Feb 25 11:00); 306 is excluded by the overrides.
 * worker 301 (Feb 23 09:00, first observed), 303 (Feb 23 15:00).
 * - deploy days: web Feb 23, 24, 25 = 3 in 13 weeks = 0.23/wk, "at least 3 in the 13 weeks" medium;
 *   worker Feb 23 only = 0.08/wk, 2 deployments below the minimum sample: no level; organisation 3 days.
 * - lead time = finished_at − first commit (earliest PR commit author date or its opening):
 *   web #21 10:00→14:00 4 h, #22 12:00→14:00 2 h, #24 09:00→10:00 1 h, #25 09:00→11:00 2 h (#28 has
 *   the excluded label): p50 of [1, 2, 2, 4] = 2 h, under a day: elite. worker #22 12:00→15:00 3 h,
 *   d23 13:30→15:00 1.5 h (#27 is a bot's, #26 pending): p50 2 h 15 min, n=2 no level.
 *   organisation [1, 1.5, 2, 2, 3, 4]: p50 2 h, elite.
 * - change failure rate: IW2 links run 304 (its URL in a note): web 1 of 4 = 25.0%, above 15%: low;
 *   IW1 links 303/worker: worker 1 of 2 = 50.0%; organisation 2 of 6 = 33.3% low.
 * - recovery: web 304 10:00 → IW2 resolved 11:00 = 1 h; worker 303 15:00 → IW1 resolved 17:00 = 2 h;
 *   organisation p50 of [1 h, 2 h] = 1 h 30 min; every sample below 3: no level.
 * - restore: IW2 10:30→11:00 30 min, IW1 16:00→17:00 1 h; organisation p50 45 min.
 * - rework rate: no resolution deployment (no hotfix, revert or rollback): 0.0%, never a level.
 */
const MONOREPO_SUMMARY = `13 complete weeks from 2025-12-01, before 2026-03-02; levels of the 2023 State of DevOps report
service         team   deploy days/wk  lead time p50     change failure rate  recovery p50      restore p50   rework rate
web             front  0.2 medium      2 h (n=4) elite   25.0% (n=4) low      1 h (n=1)         30 min (n=1)  0.0%
worker          back   0.1             2 h 15 min (n=2)  50.0% (n=2)          2 h (n=1)         1 h (n=1)     0.0%
(organisation)         0.2 medium      2 h (n=6) elite   33.3% (n=6) low      1 h 30 min (n=2)  45 min (n=2)  0.0%
`;

describe("doraform run without credentials", () => {
  it("runs the demo organisation end to end and prints the 13-week summary per service worked out by hand", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-run-"));
    const database = path.join(dir, "warehouse.duckdb");
    const { stdout, stderr } = await run(process.execPath, [CLI, "run", "--scenario", SCENARIO, "--database", database, "--out", path.join(dir, "out")], {
      env: newcomerEnv(),
      maxBuffer: 1 << 24,
    });

    expect(stderr.split("\n")[0]).toMatch(
      /^run: demo \(no GITHUB_TOKEN, PAGERDUTY_TOKEN or JIRA_BASE_URL set\): the demo organisation \(2 services, as of 2026-03-04T12:00:00Z\) served at http:\/\/127\.0\.0\.1:\d+$/,
    );
    expect(stdout).toBe(MONOREPO_SUMMARY);
    expect(fs.readFileSync(path.join(dir, "out", "report.html"), "utf8")).toContain("<svg");
  }, 600_000);

  it("refuses to replace a warehouse file that holds real data", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-run-"));
    const database = path.join(dir, "real.duckdb");
    const warehouse = await openWarehouse({ file: database, catalog: "doraform-demo" });
    await warehouse.run("create table main.precious as select 1 as x");
    warehouse.close();

    const failure = await run(process.execPath, [CLI, "run", "--scenario", SCENARIO, "--database", database], { env: newcomerEnv() }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toBe(`doraform: run: ${database} was not made by a demo run, so the demo leaves it alone: pass --database with another file for the demo (or set credentials to sync it)\n`);
    const check = await openWarehouse({ file: database, catalog: "doraform-demo", readOnly: true });
    expect(await check.all("select x from main.precious")).toEqual([{ x: 1 }]);
    check.close();
  });
});

/** A GitHub and PagerDuty API on loopback that refuses every token, recording the tokens it was sent. */
async function refusingApi(): Promise<{ env: Record<string, string>; tokens: string[]; close(): void }> {
  const tokens: string[] = [];
  const server = http.createServer((request, response) => {
    tokens.push(request.headers.authorization ?? "");
    response.writeHead(401, { "content-type": "application/json" }).end('{"message":"Bad credentials"}');
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = {
    GITHUB_TOKEN: "ghp_live-token-1234",
    GITHUB_API_URL: `${url}/github`,
    GITHUB_GRAPHQL_URL: `${url}/github/graphql`,
    PAGERDUTY_TOKEN: "pd-live-token-5678",
    PAGERDUTY_API_URL: `${url}/pagerduty`,
  };
  return { env, tokens, close: () => server.close() };
}

describe("doraform run with credentials in the environment", () => {
  it("`GITHUB_TOKEN=… npm start` runs the demo, never the APIs the environment names", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-run-"));
    const api = await refusingApi();
    try {
      const { stdout, stderr } = await run("npm", ["start", "--silent", "--", "--scenario", SCENARIO, "--database", path.join(dir, "demo.duckdb"), "--out", path.join(dir, "out")], {
        env: { ...newcomerEnv(), ...api.env, JIRA_BASE_URL: "http://127.0.0.1:9", JIRA_API_TOKEN: "jira-live-token" },
        maxBuffer: 1 << 24,
      });
      expect(stderr.split("\n")[0]).toMatch(/^run: demo \(--demo\): the demo organisation \(2 services, as of 2026-03-04T12:00:00Z\) served at /);
      expect(stdout).toBe(MONOREPO_SUMMARY);
      expect(api.tokens).toEqual([]);
    } finally {
      api.close();
    }
  }, 600_000);

  it("without --demo syncs the sources the credentials name, saying so first, and never prints a token", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-run-"));
    const api = await refusingApi();
    try {
      const failure = await run(process.execPath, [CLI, "run", "--database", path.join(dir, "live.duckdb")], { env: { ...newcomerEnv(), ...api.env } }).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure).toMatchObject({ code: 1 });
      const stderr = (failure as { stderr: string }).stderr;
      expect(stderr.split("\n")[0]).toBe("run: live: syncing github, pagerduty with the credentials set (--demo runs the demo organisation instead)");
      expect(api.tokens.length).toBeGreaterThan(0);
      expect(api.tokens.every((header) => header.includes("ghp_live-token-1234"))).toBe(true);
      expect(stderr).not.toContain("live-token");
    } finally {
      api.close();
    }
  });

  it("refuses --demo with a --config file, which would name live sources", async () => {
    const failure = await run(process.execPath, [CLI, "run", "--demo", "--config", "doraform.yaml"], { env: newcomerEnv() }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1, stderr: "doraform: run: --demo runs the demo organisation, which reads no --config file: pass one or the other\n" });
  });
});

/**
 * demo/scenarios/first-week.yaml, by hand: a first sync at the end of Tuesday 2026-03-03, data from
 * Monday 2026-03-02, so that week is the only one and it is incomplete. api deploys run 100 (Monday,
 * first observed: no changes) and run 101 (deploy job done Tuesday 16:05:55), 2 deploy days.
 * - lead time of #1: first commit Monday 10:00 → 16:05:55 Tuesday = 1 d 6 h 5 min 55 s, shown as 1 d 6 h;
 * - change failure rate: Q1AAAAA names run 101: 1 of 2 = 50.0%;
 * - recovery: 16:05:55 → resolved 18:00 = 1 h 54 min 5 s; restore: 17:00 → 18:00 = 1 h; no rework.
 */
const FIRST_WEEK = `the week of 2026-03-02 so far, incomplete (as_of 2026-03-03): no complete week yet, so no 13-week summary and no levels
service         team      deploy days  lead time p50  change failure rate  recovery p50      restore p50  rework rate
api             payments  2            1 d 6 h (n=1)  50.0% (n=2)          1 h 54 min (n=1)  1 h (n=1)    0.0%
(organisation)            2            1 d 6 h (n=1)  50.0% (n=2)          1 h 54 min (n=1)  1 h (n=1)    0.0%
`;

describe("doraform run before any week is complete", () => {
  it("shows the week so far, marked incomplete, in the summary and the report, and exits 0", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-run-"));
    const { stdout } = await run(
      process.execPath,
      [CLI, "run", "--demo", "--scenario", "demo/scenarios/first-week.yaml", "--database", path.join(dir, "first.duckdb"), "--out", path.join(dir, "out")],
      { env: newcomerEnv(), maxBuffer: 1 << 24 },
    );
    expect(stdout).toBe(FIRST_WEEK);
    const html = fs.readFileSync(path.join(dir, "out", "report.html"), "utf8");
    expect(html).toContain("<h1>DORA delivery metrics: the week of 2–8 Mar 2026 so far (incomplete)</h1>");
    expect(html).toContain("Q1AAAAA");
  }, 600_000);
});
