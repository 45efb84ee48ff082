import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { temporaryDatabase } from "./demo-harness.ts";
import { json, startStub } from "./stub-server.ts";

let stub: Awaited<ReturnType<typeof startStub>>;
beforeAll(async () => {
  stub = await startStub((_request, response) => json(response, 401, { message: "Bad credentials" }));
});
afterAll(async () => {
  await stub.close();
});

/** `doraform ingest` as its own process (asynchronously: the stub answers from this one). */
function ingest(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, "ingest", ...args], {
    env: { ...process.env, GITHUB_TOKEN: "", PAGERDUTY_TOKEN: "", JIRA_BASE_URL: "", JIRA_API_TOKEN: "", GOOGLE_CLOUD_PROJECT: "", ...env },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

describe("doraform ingest", () => {
  it("stops on a refused token with one line naming the source and the endpoint, and never prints the token", async () => {
    const run = await ingest(["github", "--database", temporaryDatabase()], { GITHUB_TOKEN: "ghp_refusedToken", GITHUB_API_URL: stub.url });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n").at(-1)).toBe("doraform: github: GET /user/repos: 401 Bad credentials: the token was refused");
    expect(run.stderr).not.toContain("ghp_refusedToken");
  });

  it("says which credentials to set when there are none", async () => {
    const run = await ingest(["--database", temporaryDatabase()], {});
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe("doraform: ingest: no credentials: set GITHUB_TOKEN, PAGERDUTY_TOKEN and/or JIRA_API_TOKEN (or a --config file with them)");
  });
});
