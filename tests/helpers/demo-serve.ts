import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** `doraform demo serve` (the simulated APIs) as its own process, and the variables it prints for a sync. */
export async function demoServe(): Promise<{ env: Record<string, string>; stop(): void }> {
  const child = spawn(process.execPath, ["bin/doraform.js", "demo", "serve", "--port", "0"], { stdio: ["ignore", "pipe", "ignore"] });
  const env: Record<string, string> = {};
  // it prints its KEY=value lines before serving; the last one is Jira's token
  for await (const line of createInterface({ input: child.stdout })) {
    const [, key, value] = /^([A-Z_]+)=(.*)$/.exec(line) ?? [];
    if (key) env[key] = value;
    if (key === "JIRA_API_TOKEN") break;
  }
  return { env, stop: () => child.kill("SIGTERM") };
}
