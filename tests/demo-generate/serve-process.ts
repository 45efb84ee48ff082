import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * Runs `doraform demo serve --port 0 --scenario FILE [flags]` as its own process, reads the `KEY=value`
 * lines it prints before serving (`lines` of them), hands them to `use`, then stops the server
 * with SIGTERM and returns its exit code.
 */
export async function withDemoServe(file: string, lines: number, use: (env: Record<string, string>) => Promise<void>, flags: string[] = []): Promise<number | null> {
  const child = spawn(process.execPath, ["bin/doraform.js", "demo", "serve", "--port", "0", "--scenario", file, ...flags], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const env: Record<string, string> = {};
    for await (const line of createInterface({ input: child.stdout })) {
      const [, key, value] = /^([A-Z_]+)=(.*)$/.exec(line)!;
      env[key!] = value!;
      if (Object.keys(env).length === lines) break;
    }
    await use(env);
  } finally {
    child.kill("SIGTERM");
  }
  return exited;
}
