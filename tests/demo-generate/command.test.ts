import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { SIZES, generateOrganisation } from "../../demo/generate/index.ts";
import { expectedRows } from "../../demo/oracle/index.ts";
import { demoOrganisation, loadScenario, saveScenario } from "../../demo/scenario/index.ts";
import { withDemoServe } from "../../demo/serve-process.ts";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "doraform-demo-cli-"));
const doraform = (...args: string[]) => run(process.execPath, [CLI, ...args], { maxBuffer: 256 * 1024 * 1024 });

describe("doraform demo", () => {
  it("expected prints the oracle's rows for a scenario as JSON lines, each naming its table, then the true catalog", async () => {
    const org = generateOrganisation({ ...SIZES.tiny, seed: 9 });
    const file = join(dir, "tiny.json");
    await saveScenario(org, file);
    const { stdout } = await doraform("demo", "expected", "--scenario", file);
    const rows = stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as { table: string });
    expect(new Set(rows.map((r) => r.table))).toEqual(new Set(["deployments", "changes", "incidents", "service_weekly", "team_weekly", "org_weekly", "service_quarterly", "team_quarterly", "org_quarterly", "summary", "review_windows", "report_settings", "benchmarks", "data_quality", "catalog"]));
    expect(rows).toEqual(expectedRows(org));
    // the catalog rows are the organisation's service entries, field for field
    expect(rows.filter((r) => r.table === "catalog").map(({ table: _table, ...service }) => service)).toEqual(org.services);
  });

  it("generate with a seed writes the organisation that demo expected, demo serve and run use for that seed", async () => {
    const file = join(dir, "seed2.json");
    await doraform("demo", "generate", "--seed", "2", "--out", file);
    expect(await loadScenario(file)).toEqual(await demoOrganisation({ seed: 2 }));
  });

  it("fails with one line naming a scenario file that does not exist", async () => {
    const missing = join(dir, "absent.yaml");
    const error = await doraform("demo", "expected", "--scenario", missing).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toBe(`doraform: ${missing}: cannot read the scenario file (ENOENT)\n`);
  });

  it("serve prints exportable settings, serves the organisation's repositories, and stops on SIGTERM", async () => {
    const file = join(dir, "serve.json");
    const org = generateOrganisation({ ...SIZES.tiny, seed: 4 });
    await saveScenario(org, file);
    const code = await withDemoServe(file, 5, async (env) => {
      expect(Object.keys(env).sort()).toEqual(["GITHUB_API_URL", "GITHUB_GRAPHQL_URL", "GITHUB_TOKEN", "PAGERDUTY_API_URL", "PAGERDUTY_TOKEN"]);
      expect(env.GITHUB_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      const response = await fetch(`${env.GITHUB_API_URL}/user/repos?per_page=100`, {
        headers: { authorization: `Bearer ${env.GITHUB_TOKEN}`, accept: "application/vnd.github+json" },
      });
      expect(response.status).toBe(200);
      const repos = (await response.json()) as Array<{ full_name: string }>;
      expect(repos.map((r) => r.full_name).sort()).toEqual(org.repositories.map((r) => r.full_name).sort());
    }, { entry: CLI });
    expect(code).toBe(0);
  });
});
