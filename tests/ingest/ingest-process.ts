import { execFile } from "node:child_process";
import { CLI } from "../helpers/cli.ts";

/**
 * `doraform ingest ARGS` as a user types it, in its own process (asynchronously, so a server in this
 * process can answer it), with no credentials but those in `env`: its exit code and stderr.
 */
export function ingestProcess(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string; lastLine: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, "ingest", ...args],
      { env: { ...process.env, GITHUB_TOKEN: "", PAGERDUTY_TOKEN: "", JIRA_BASE_URL: "", JIRA_EMAIL: "", JIRA_API_TOKEN: "", GOOGLE_CLOUD_PROJECT: "", ...env } },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr, lastLine: stderr.trim().split("\n").at(-1)! }),
    );
  });
}
