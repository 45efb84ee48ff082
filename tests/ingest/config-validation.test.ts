import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, test } from "vitest";
import { githubSource } from "../../ingest/github/source.ts";
import { jiraSource } from "../../ingest/jira/source.ts";
import { pagerdutySource } from "../../ingest/pagerduty/source.ts";
import { temporaryDatabase } from "./demo-harness.ts";
import { ingestProcess } from "./ingest-process.ts";

const githubEnv = { GITHUB_TOKEN: "ghp_x" };
const github = (raw: Record<string, unknown>, env: Record<string, string> = githubEnv) => () => githubSource.parseConfig(raw, env);

describe("a source config is checked against the source's spec", () => {
  test("a date that is not YYYY-MM-DD, or does not exist, names the key and the value", () => {
    for (const value of ["2026-02-30", "1", "Dec 25", "2026-13-01"]) {
      expect(github({ start_date: value })).toThrow(`github config: "start_date" must be a date like 2026-02-28, got ${JSON.stringify(value)}`);
    }
    expect(() => pagerdutySource.parseConfig({ start_date: "2025-02-29" }, { PAGERDUTY_TOKEN: "x" })).toThrow('pagerduty config: "start_date" must be a date like 2026-02-28, got "2025-02-29"');
    // a leap day exists in 2028, and is read as that day's first instant in UTC
    expect(githubSource.parseConfig({ start_date: "2028-02-29" }, githubEnv).startDate).toBe("2028-02-29T00:00:00.000Z");
  });

  test("a misspelt key fails naming it and the key meant, in every section", () => {
    expect(github({ repositorys: ["acme/api"] })).toThrow('github config: unknown key "repositorys" (did you mean "repositories"?)');
    expect(github({ organisations: ["acme"] })).toThrow('github config: unknown key "organisations" (did you mean "organizations"?)');
    expect(github({ deploy_workflows: [{ repository: "acme/api", path: ".github/workflows/deploy.yml", jb: "deploy" }] })).toThrow(
      'github config: unknown key "deploy_workflows/0/jb" (did you mean "job"?)',
    );
    expect(() => pagerdutySource.parseConfig({ servce_ids: ["P1"] }, { PAGERDUTY_TOKEN: "x" })).toThrow('pagerduty config: unknown key "servce_ids" (did you mean "service_ids"?)');
    const jiraEnv = { JIRA_BASE_URL: "https://acme.atlassian.net", JIRA_EMAIL: "a@example.com", JIRA_API_TOKEN: "t" };
    expect(() => jiraSource.parseConfig({ projectkey: "OPS" }, jiraEnv)).toThrow('jira config: unknown key "projectkey" (did you mean "project_key"?)');
    // nothing near: no guess
    expect(github({ colour: "blue" })).toThrow(/^github config: unknown key "colour"$/);
  });

  test("a value of the wrong type or range names the key; a key left empty in YAML (null) is not set", () => {
    expect(github({ concurrency: 0 })).toThrow('github config: "concurrency" must be at least 1');
    expect(github({ concurrency: "2" })).toThrow('github config: "concurrency" must be a whole number');
    expect(github({ repositories: "acme/api" })).toThrow('github config: "repositories" must be a list');
    expect(github({ repositories: null, concurrency: 2 })().repositories).toEqual([]);
  });

  test("each URL variable the extractors read must be an http(s) URL, and the error names the variable, not the value", () => {
    const cases: Array<[() => unknown, string]> = [
      [github({}, { ...githubEnv, GITHUB_API_URL: "not-a-url" }), "GITHUB_API_URL is not an http(s) URL like https://api.github.com"],
      [github({}, { ...githubEnv, GITHUB_GRAPHQL_URL: "ftp://example.com/graphql" }), "GITHUB_GRAPHQL_URL is not an http(s) URL like https://api.github.com/graphql"],
      [github({ api_url: "api.github.com" }), 'github config: "api_url" is not an http(s) URL like https://api.github.com'],
      [() => pagerdutySource.parseConfig({}, { PAGERDUTY_TOKEN: "x", PAGERDUTY_API_URL: "localhost:8080" }), "PAGERDUTY_API_URL is not an http(s) URL like https://api.pagerduty.com"],
      [() => jiraSource.parseConfig({}, { JIRA_BASE_URL: "acme.atlassian.net", JIRA_EMAIL: "a@example.com", JIRA_API_TOKEN: "t" }), "JIRA_BASE_URL is not an http(s) URL like https://acme.atlassian.net"],
      [github({}, { ...githubEnv, GITHUB_API_URL: "https://me:ghp_secret@github.example.com/api/v3" }), "GITHUB_API_URL must not hold a user or password: give the credentials in their own setting"],
    ];
    for (const [parse, message] of cases) {
      expect(parse).toThrow(message);
      expect(() => parse()).not.toThrow(/ghp_secret|not-a-url/);
    }
  });

  test("a token with a pasted line break or space names its variable and is never echoed", () => {
    expect(github({}, { GITHUB_TOKEN: "ghp_abc\n" })).toThrow("GITHUB_TOKEN holds a space, a line break or a character that cannot be sent in a header");
    expect(() => pagerdutySource.parseConfig({ token: "y_Nb Akk" }, {})).toThrow('pagerduty config: "token" holds a space');
    expect(() => jiraSource.parseConfig({}, { JIRA_BASE_URL: "https://acme.atlassian.net", JIRA_EMAIL: "a@example.com", JIRA_API_TOKEN: "ATATT 1" })).toThrow("JIRA_API_TOKEN holds a space");
  });
});

/** `doraform ingest` into a new file: its exit code and last line. */
const ingest = (args: string[], env: Record<string, string>) =>
  ingestProcess(["--database", temporaryDatabase(), ...args], env).then(({ code, lastLine }) => ({ code, line: lastLine }));

describe("doraform ingest refuses bad settings before it sends anything", () => {
  it("names a misspelt section or key of the --config file, an impossible --start-date and a URL variable that is no URL", async () => {
    const dir = mkdtempSync(join(tmpdir(), "doraform-config-"));
    const section = join(dir, "section.yaml");
    writeFileSync(section, "githb:\n  repositories: [acme/api]\n");
    const key = join(dir, "key.yaml");
    writeFileSync(key, "github:\n  repositorys: [acme/api]\n");
    // GITHUB_API_URL points nowhere reachable: had the command gone on, it would fail differently
    const env = { GITHUB_TOKEN: "ghp_x", GITHUB_API_URL: "http://127.0.0.1:9" };
    const [badSection, badKey, badDate, badUrl] = await Promise.all([
      ingest(["--config", section], env),
      ingest(["github", "--config", key], env),
      ingest(["github", "--start-date", "2026-02-30"], env),
      ingest(["github"], { ...env, GITHUB_API_URL: "not-a-url" }),
    ]);
    expect(badSection).toEqual({ code: 1, line: `doraform: --config: ${section}: unknown section "githb" (did you mean "github"?); the sections are github, pagerduty and jira` });
    expect(badKey).toEqual({ code: 1, line: 'doraform: github config: unknown key "repositorys" (did you mean "repositories"?)' });
    expect(badDate).toEqual({ code: 1, line: 'doraform: --start-date: expected a date like 2026-02-28, got "2026-02-30"' });
    expect(badUrl).toEqual({ code: 1, line: "doraform: GITHUB_API_URL is not an http(s) URL like https://api.github.com" });
  }, 300_000);
});
