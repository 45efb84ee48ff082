import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import type { DemoServer } from "../../demo/server/index.ts";
import { demoServers, expectSameRecords, ingestConfig, temporaryDatabase } from "./demo-harness.ts";

const serve = demoServers();

const totalRequests = (server: DemoServer) => Object.values(server.requestCounts()).reduce((sum, n) => sum + n, 0);

/**
 * Runs `doraform ingest` as its own process; with `killAfter`, sends it SIGKILL once the demo server
 * has answered that many of its requests. Resolves with how the process ended.
 */
function ingestProcess(server: DemoServer, file: string, configFile: string, killAfter?: number): Promise<{ killed: boolean; code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, "ingest", "--database", file, "--config", configFile], {
    env: { ...process.env, ...server.env, GOOGLE_CLOUD_PROJECT: "" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const start = totalRequests(server);
  const watcher =
    killAfter === undefined
      ? undefined
      : setInterval(() => {
          if (totalRequests(server) - start >= killAfter) child.kill("SIGKILL");
        }, 5);
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      clearInterval(watcher);
      resolve({ killed: signal === "SIGKILL", code, stderr });
    }),
  );
}

describe("a sync killed at any point", () => {
  it("loses nothing: run again, its deduplicated data equals an uninterrupted sync", async () => {
    const org = generateOrganisation({ ...SIZES.tiny, seed: 3 });
    const server = await serve(org);
    const reference = temporaryDatabase();
    const configFile = join(dirname(reference), "ingest.json");
    writeFileSync(configFile, JSON.stringify(ingestConfig(org)));

    // the uninterrupted sync, as a process too: its request count places the kills
    const before = totalRequests(server);
    const whole = await ingestProcess(server, reference, configFile);
    expect(whole.code, whole.stderr).toBe(0);
    const requests = totalRequests(server) - before;

    // early (repository listing), in the middle of GitHub, and late (PagerDuty): each into its own file,
    // so each kill lands at its share of a whole sync's requests, then a run to the end resumes it
    for (const share of [0.02, 0.4, 0.9]) {
      const killAfter = Math.max(1, Math.floor(requests * share));
      const file = temporaryDatabase();
      const killed = await ingestProcess(server, file, configFile, killAfter);
      expect(killed.killed, `killed after ${killAfter} of ${requests} requests: ${killed.stderr}`).toBe(true);
      const last = await ingestProcess(server, file, configFile);
      expect(last.code, last.stderr).toBe(0);
      await expectSameRecords(file, reference, ` after a kill at ${share}`);
    }
  }, 600_000);
});
