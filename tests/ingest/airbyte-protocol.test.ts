import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { serialiseMessage } from "../../ingest/protocol/messages.ts";
import { parseStateFile } from "../../ingest/protocol/state.ts";
import { rawTableName } from "../../ingest/load/raw-table.ts";
import { smallOrganisation } from "./fixtures/small-org.ts";

let server: DemoServer;
const directory = mkdtempSync(join(tmpdir(), "doraform-source-"));
const file = (name: string, content: unknown) => {
  const path = join(directory, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

beforeAll(async () => {
  server = await startDemoServer(smallOrganisation());
});
afterAll(async () => {
  await server.close();
});

/** `doraform source …` as Airbyte runs a connector: its stdout lines, its stderr, its exit code. */
function source(args: string[]): Promise<{ lines: string[]; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [CLI, "source", ...args], { env: { ...process.env, GITHUB_TOKEN: "", PAGERDUTY_TOKEN: "" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ lines: stdout.split("\n").filter(Boolean), stderr, code })));
}

const githubConfig = () => file("github.json", { api_url: server.env.GITHUB_API_URL, graphql_url: server.env.GITHUB_GRAPHQL_URL, token: server.env.GITHUB_TOKEN, start_date: "2026-03-01" });

describe("the GitHub source on the Airbyte protocol", () => {
  it("discovers its streams, reads them as one message a line with per-stream state, and resumes from that state", async () => {
    const config = githubConfig();
    const discovered = await source(["github", "discover", "--config", config]);
    expect(discovered.code).toBe(0);
    const catalog = JSON.parse(discovered.lines[0]!);
    expect(catalog.type).toBe("CATALOG");
    const streams = catalog.catalog.streams as Array<{ name: string; source_defined_primary_key: string[][] }>;
    expect(streams.map((s) => s.name)).toEqual(["repositories", "workflow_runs", "workflow_jobs", "deployments", "deployment_statuses", "pull_requests", "deployment_commits", "commits"]);
    expect(streams.find((s) => s.name === "pull_requests")!.source_defined_primary_key).toEqual([["repository"], ["number"]]);

    const configured = file("catalog.json", {
      streams: streams.filter((s) => ["workflow_runs", "pull_requests"].includes(s.name)).map((stream) => ({ stream, sync_mode: "incremental", destination_sync_mode: "append_dedup" })),
    });
    const first = await source(["github", "read", "--config", config, "--catalog", configured]);
    expect(first.code, first.stderr).toBe(0);
    const messages = first.lines.map((line) => JSON.parse(line));
    expect(messages.filter((m) => m.type === "LOG").map((m) => m.log.message)).toContain("github: 2 repositories");
    const records = messages.filter((m) => m.type === "RECORD");
    expect(new Set(records.map((m) => m.record.stream))).toEqual(new Set(["workflow_runs", "pull_requests"]));
    // the deploy workflows' runs: 101, 103, 104, 105 (deploy.yml) and 201 (deploy-web.yml); 102 is CI
    expect(records.filter((m) => m.record.stream === "workflow_runs")).toHaveLength(5);
    const states = messages.filter((m) => m.type === "STATE");
    expect(states.every((m) => m.state.type === "STREAM" && m.state.stream.stream_descriptor.namespace === "github")).toBe(true);
    // Airbyte reads recordCount as a number written with a decimal point
    expect(first.lines.filter((line) => line.includes('"type":"STATE"')).every((line) => /"recordCount":\d+\.0\}/.test(line))).toBe(true);
    expect(first.lines.join("\n") + first.stderr).not.toContain(server.env.GITHUB_TOKEN);

    // the platform hands back the last state of each stream
    const last = new Map(states.map((m) => [m.state.stream.stream_descriptor.name, m.state]));
    const second = await source(["github", "read", "--config", config, "--catalog", configured, "--state", file("state.json", [...last.values()])]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.lines.map((line) => JSON.parse(line)).filter((m) => m.type === "RECORD")).toEqual([]);
  });

  it("reports a refused token as a failed check, and as a config_error trace on read naming the endpoint", async () => {
    const config = file("wrong.json", { api_url: server.env.GITHUB_API_URL, token: "ghp_wrongToken", repositories: ["acme/api"] });
    const check = await source(["github", "check", "--config", config]);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.lines[0]!)).toEqual({
      type: "CONNECTION_STATUS",
      connectionStatus: { status: "FAILED", message: expect.stringMatching(/^github: GET \/github\/repos\/acme\/api: 401 .*: the token was refused$/) },
    });
    const catalog = file("one.json", { streams: [{ stream: { name: "workflow_runs" }, sync_mode: "incremental", destination_sync_mode: "append" }] });
    const read = await source(["github", "read", "--config", config, "--catalog", catalog]);
    expect(read.code).toBe(1);
    const trace = JSON.parse(read.lines.at(-1)!);
    expect(trace.type).toBe("TRACE");
    expect(trace.trace.error.failure_type).toBe("config_error");
    expect(trace.trace.error.message).toMatch(/^github: GET \/github\/repos\/acme\/api: 401/);
    expect(read.lines.join("\n") + read.stderr).not.toContain("ghp_wrongToken");
  });

  it("prints its specification with the token marked secret", async () => {
    const spec = await source(["pagerduty", "spec"]);
    const message = JSON.parse(spec.lines[0]!);
    expect(message.type).toBe("SPEC");
    expect(message.spec.connectionSpecification.properties.token.airbyte_secret).toBe(true);
  });
});

describe("protocol details", () => {
  it("accepts the platform's per-stream state array and a legacy state object; a null state resets the stream", () => {
    const perStream = parseStateFile(
      [
        { type: "STREAM", stream: { stream_descriptor: { name: "incidents" }, stream_state: { cursor: 1 } } },
        { type: "STATE", state: { type: "STREAM", stream: { stream_descriptor: { name: "services" }, stream_state: null } } },
      ],
      "state.json",
    );
    expect([...perStream]).toEqual([["incidents", { cursor: 1 }]]);
    expect([...parseStateFile({ incidents: { cursor: 2 } }, "state.json")]).toEqual([["incidents", { cursor: 2 }]]);
    expect(() => parseStateFile([{ type: "GLOBAL" }], "state.json")).toThrow("state file state.json: expected per-stream state messages");
  });

  it("names raw tables as Airbyte does, widening the delimiter past a run of underscores", () => {
    expect(rawTableName("github", "workflow_runs")).toBe("github_raw__stream_workflow_runs");
    expect(rawTableName("github", "odd__name")).toBe("github_raw___stream_odd__name");
  });

  it("writes a state's record count with a decimal point and nothing else changed", () => {
    const line = serialiseMessage({ type: "STATE", state: { type: "STREAM", stream: { stream_descriptor: { name: "s" }, stream_state: { recordCount: 3 } }, sourceStats: { recordCount: 12 } } });
    expect(line).toBe('{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"s"},"stream_state":{"recordCount":3}},"sourceStats":{"recordCount":12.0}}}');
  });
});
