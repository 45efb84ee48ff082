import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { jiraOrganisation } from "../demo-server/jira-fixture.ts";
import { demoServers, temporaryDatabase } from "./demo-harness.ts";

const serve = demoServers();
const directory = mkdtempSync(join(tmpdir(), "doraform-jira-cli-"));
const file = (name: string, content: unknown) => {
  const path = join(directory, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

/** `doraform …` as its own process, with only the Jira variables given (asynchronously: the demo server answers from this process). */
function doraform(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, GITHUB_TOKEN: "", PAGERDUTY_TOKEN: "", JIRA_BASE_URL: "", JIRA_EMAIL: "", JIRA_API_TOKEN: "", GOOGLE_CLOUD_PROJECT: "", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

describe("doraform source jira and doraform ingest jira", () => {
  it("discover, check and read speak the Airbyte protocol: the issues stream, one message a line, a per-stream state", async () => {
    const server = await serve(jiraOrganisation());
    const config = file("jira.json", { base_url: server.env.JIRA_BASE_URL, email: server.env.JIRA_EMAIL, api_token: server.env.JIRA_API_TOKEN, project_key: "OPS", start_date: "2026-03-01" });
    const discovered = JSON.parse((await doraform(["source", "jira", "discover", "--config", config], {})).stdout);
    const stream = discovered.catalog.streams[0];
    expect(discovered.catalog.streams).toHaveLength(1);
    expect(stream).toMatchObject({ name: "issues", namespace: "jira", source_defined_primary_key: [["id"]], default_cursor_field: ["fields", "updated"], supported_sync_modes: ["full_refresh", "incremental"] });

    expect(JSON.parse((await doraform(["source", "jira", "check", "--config", config], {})).stdout)).toEqual({ type: "CONNECTION_STATUS", connectionStatus: { status: "SUCCEEDED" } });

    const catalog = file("catalog.json", { streams: [{ stream, sync_mode: "incremental", destination_sync_mode: "append_dedup" }] });
    const read = await doraform(["source", "jira", "read", "--config", config, "--catalog", catalog], {});
    expect(read.code, read.stderr).toBe(0);
    const messages = read.stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line));
    // updated since 2026-03-01: OPS-1, OPS-3 and OPS-4 (the Bug and the Task are not incidents)
    expect(messages.filter((m) => m.type === "RECORD").map((m) => m.record.data.key)).toEqual(["OPS-1", "OPS-3", "OPS-4"]);
    const state = messages.filter((m) => m.type === "STATE");
    expect(state).toHaveLength(1);
    expect(state[0].state.stream).toMatchObject({ stream_descriptor: { name: "issues", namespace: "jira" }, stream_state: { updated: "2026-03-05T10:00:00.000+0000" } });
  });

  it("check reports refused credentials as a FAILED status naming the variables, never the token", async () => {
    const server = await serve(jiraOrganisation());
    const config = file("wrong.json", { base_url: server.env.JIRA_BASE_URL, email: server.env.JIRA_EMAIL, api_token: "secret-wrong-token" });
    const checked = await doraform(["source", "jira", "check", "--config", config], {});
    expect(checked.code).toBe(0);
    const status = JSON.parse(checked.stdout).connectionStatus;
    expect(status.status).toBe("FAILED");
    expect(status.message).toContain("JIRA_EMAIL and JIRA_API_TOKEN");
    expect(checked.stdout + checked.stderr).not.toContain("secret-wrong-token");
  });

  it("ingest with a refused API token stops with one line and a non-zero exit, never printing the token", async () => {
    const server = await serve(jiraOrganisation());
    const run = await doraform(["ingest", "--database", temporaryDatabase()], {
      JIRA_BASE_URL: server.env.JIRA_BASE_URL!,
      JIRA_EMAIL: server.env.JIRA_EMAIL!,
      JIRA_API_TOKEN: "secret-wrong-token",
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n").at(-1)).toBe(
      "doraform: jira: GET /rest/api/3/myself: 401: the site refused the email and API token (JIRA_EMAIL and JIRA_API_TOKEN, or email and api_token)",
    );
    expect(run.stderr).not.toContain("secret-wrong-token");
  });

  it("ingest with a site but no token says which variables to set", async () => {
    const run = await doraform(["ingest", "--database", temporaryDatabase()], { JIRA_BASE_URL: "https://acme.atlassian.net" });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe("doraform: jira config: no credentials: set JIRA_EMAIL and JIRA_API_TOKEN (or email and api_token)");
  });
});
