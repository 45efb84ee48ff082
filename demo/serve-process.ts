import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

export interface DemoServeProcess {
  /** The `KEY=value` lines it printed before serving: the variables a sync needs. */
  env: Record<string, string>;
  stop(): void;
  /** Its exit code once stopped. */
  exited: Promise<number | null>;
}

/**
 * `doraform demo serve --port 0 [flags]` (the simulated APIs) as its own process, once it has printed
 * its variables: `lines` of them, or up to Jira's token (the last one the default demo prints).
 * `entry` is the script `node` runs: the tests pass the CLI they built once (tests/helpers/cli.ts).
 */
export async function demoServe(flags: string[] = [], lines?: number, entry = "bin/doraform.js"): Promise<DemoServeProcess> {
  const child = spawn(process.execPath, [entry, "demo", "serve", "--port", "0", ...flags], { stdio: ["ignore", "pipe", "ignore"] });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const env: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout })) {
    const [, key, value] = /^([A-Z_]+)=(.*)$/.exec(line) ?? [];
    if (key) env[key] = value!;
    if (lines === undefined ? key === "JIRA_API_TOKEN" : Object.keys(env).length === lines) break;
  }
  return { env, stop: () => child.kill("SIGTERM"), exited };
}

/**
 * Runs `doraform demo serve --scenario FILE [flags]` (`node ENTRY …`, as demoServe), hands the `lines`
 * variables it prints to `use`, then stops it with SIGTERM and returns its exit code.
 */
export async function withDemoServe(
  file: string,
  lines: number,
  use: (env: Record<string, string>) => Promise<void>,
  { flags = [], entry }: { flags?: string[]; entry?: string } = {},
): Promise<number | null> {
  const server = await demoServe(["--scenario", file, ...flags], lines, entry);
  try {
    await use(server.env);
  } finally {
    server.stop();
  }
  return server.exited;
}
