import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

export interface HeldFile {
  pid: number;
  /** Lets the file go and waits for the holder to exit. */
  release(): Promise<void>;
}

// attaches the file read-write (as every writing command does) and keeps it until stdin closes
const HOLDER = `
import { DuckDBInstance } from "@duckdb/node-api";
const instance = await DuckDBInstance.create(":memory:");
const connection = await instance.connect();
await connection.run("ATTACH '" + process.argv[1].replaceAll("'", "''") + "' AS held");
process.stdout.write("held\\n");
process.stdin.resume();
process.stdin.on("end", () => { connection.closeSync(); instance.closeSync(); process.exit(0); });
`;

/**
 * Another process holding a DuckDB file, as a long command (a transform, a sync) does; `argv` is
 * appended to its command line (what /proc shows of it).
 */
export async function holdFile(file: string, argv: string[] = []): Promise<HeldFile> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", HOLDER, file, ...argv], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = once(child, "exit");
  let held = false;
  for await (const line of createInterface({ input: child.stdout })) if ((held = line === "held")) break;
  if (!held) throw new Error(`could not hold ${file}`);
  return {
    pid: child.pid!,
    release: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
