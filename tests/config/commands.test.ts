// The commands read doraform.yaml (here through DORAFORM_CONFIG, a file outside the repository):
// `ingest` takes its sources and the variables holding their secrets from it, `review` its targets.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeMartFile } from "../../demo/warehouse/mart-file.ts";
import { plantedOrganisation } from "../report/support/planted-org.ts";
import { doraform } from "../report/support/cli.ts";
import { temporaryDatabase } from "../ingest/demo-harness.ts";
import { json, startStub } from "../ingest/stub-server.ts";
import { parseConfig } from "../../core/config/load.ts";
import { loadTargets } from "../../report/targets/option.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-config-commands-"));
const config = path.join(dir, "doraform.yaml");
let stub: Awaited<ReturnType<typeof startStub>>;
beforeAll(async () => {
  stub = await startStub((_request, response) => json(response, 401, { message: "Bad credentials" }));
});
afterAll(async () => {
  await stub.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const NO_CREDENTIALS = { GITHUB_TOKEN: "", GITHUB_API_URL: "", PAGERDUTY_TOKEN: "", JIRA_BASE_URL: "", JIRA_EMAIL: "", JIRA_API_TOKEN: "", GOOGLE_CLOUD_PROJECT: "" };

describe("ingest reads sources: from doraform.yaml", () => {
  it("syncs the source the file points to, with the token from the variable it names", async () => {
    fs.writeFileSync(config, `sources:\n  github:\n    api_url: ${stub.url}\n    token_env: DORA_GITHUB_TOKEN\n`);
    const run = await doraform(["ingest", "--database", temporaryDatabase()], { ...NO_CREDENTIALS, DORAFORM_CONFIG: config, DORA_GITHUB_TOKEN: "ghp_fromTheNamedVariable" });
    // the stub (the file's api_url) refused the token: so both came from the file
    expect(run.stderr.trim().split("\n").at(-1)).toBe("doraform: github: GET /user/repos: 401 Bad credentials: the token was refused");
    expect(stub.requests.at(-1)!.headers.authorization).toBe("Bearer ghp_fromTheNamedVariable");
    expect(run.stderr).not.toContain("ghp_fromTheNamedVariable");
    expect(run.code).toBe(1);
  });

  it("asked for a source whose named variable is not set, says which, at its line", async () => {
    fs.writeFileSync(config, `sources:\n  github:\n    api_url: ${stub.url}\n    token_env: DORA_GITHUB_TOKEN\n`);
    const run = await doraform(["ingest", "github", "--database", temporaryDatabase()], { ...NO_CREDENTIALS, DORAFORM_CONFIG: config });
    expect(run.stderr).toBe(`doraform: ${config}:4:16: sources.github.token_env: DORA_GITHUB_TOKEN is not set\n`);
    expect(run.code).toBe(1);
  });

  it("an invalid doraform.yaml stops ingest at its line", async () => {
    fs.writeFileSync(config, "sources:\n  github:\n    organisations: [acme]\n");
    const run = await doraform(["ingest", "--database", temporaryDatabase()], { ...NO_CREDENTIALS, DORAFORM_CONFIG: config });
    expect(run.stderr).toBe(`doraform: ${config}:3:5: sources.github.organisations: unknown key (did you mean "organizations"?)\n`);
  });

  it("--config still works, with one line pointing to doraform.yaml, and its keys win over the file's", async () => {
    fs.writeFileSync(config, "sources:\n  github:\n    api_url: http://127.0.0.1:9\n");
    const legacy = path.join(dir, "ingest.yaml");
    fs.writeFileSync(legacy, `github:\n  api_url: ${stub.url}\n`);
    const run = await doraform(["ingest", "github", "--config", legacy, "--database", temporaryDatabase()], { ...NO_CREDENTIALS, DORAFORM_CONFIG: config, GITHUB_TOKEN: "ghp_x" });
    const lines = run.stderr.trim().split("\n");
    expect(lines[0]).toBe(`ingest: --config ${legacy}: source settings now belong in doraform.yaml under sources: (docs/configuration.md; \`doraform init\` moves them)`);
    expect(lines.at(-1)).toBe("doraform: github: GET /user/repos: 401 Bad credentials: the token was refused");
  });
});

describe("review reads targets: from doraform.yaml", () => {
  it("shows the file's targets when no --targets is given", async () => {
    const database = path.join(dir, "marts.duckdb");
    await writeMartFile(database, plantedOrganisation());
    fs.writeFileSync(config, "targets:\n  - { quarter: 2026-Q4, metric: deployment_frequency, scope: team, name: platform, target: 4 }\n");
    const run = await doraform(["review", "--database", database], { DORAFORM_CONFIG: config });
    expect(run.code).toBe(0);
    // the same planted organisation as tests/report/review.test.ts: 39 deploy days in the quarter to date
    expect(run.stdout).toContain("| Deployments | team platform | ≥ 4 deploy days/week | 4.9 deploy days/week (n=39) | on track |");
  }, 300_000);

  it("a target the report cannot read names its place in doraform.yaml", () => {
    const yaml = { ...parseConfig("targets:\n  - quarter: 2026-Q4\n    metric: lead_tme_p50\n    target: 1d\n"), file: config };
    // the entry's mapping starts at line 2, column 5
    expect(() => loadTargets(undefined, yaml)).toThrow(/^doraform\.yaml:2:5: targets\[0\]: metric must be one of deployment_frequency, /);
  });
});
