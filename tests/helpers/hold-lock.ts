import { spawn } from "node:child_process";
import { once } from "node:events";

/**
 * Another process holding a DuckDB file open for writing, as a running transform does, until
 * released: DuckDB lets no other process open the file meanwhile.
 */
export async function holdLock(file: string): Promise<{ release(): Promise<void> }> {
  const script = `
    import { DuckDBInstance } from "@duckdb/node-api";
    const instance = await DuckDBInstance.create(${JSON.stringify(file)});
    const connection = await instance.connect();
    process.stdout.write("held\\n");
    process.stdin.resume();
    process.stdin.on("end", () => { connection.closeSync(); instance.closeSync(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  const [first] = (await Promise.race([once(child.stdout, "data"), once(child, "exit").then(() => [Buffer.from("exited")])])) as Buffer[];
  if (String(first).trim() !== "held") throw new Error(`the lock holder could not open ${file}`);
  return {
    async release() {
      const exited = once(child, "exit");
      child.stdin.end();
      await exited;
    },
  };
}
