import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "./errors.ts";

/**
 * DuckDB lets one process write a file, or several read it, never both: a command that finds the
 * file held waits for it (up to DORAFORM_LOCK_TIMEOUT seconds) and leaves a "wanted" file beside it
 * while it waits, so the webhook receiver, which holds the file only to drain its spool, stays away.
 */
export const LOCK_TIMEOUT_VARIABLE = "DORAFORM_LOCK_TIMEOUT";
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 600;

/** The process holding a file, as DuckDB's lock error names it. */
export interface Holder {
  pid?: number;
  /** `doraform transform` when the holder runs our CLI. */
  command?: string;
  /** Else the program DuckDB names (`node`). */
  program?: string;
}

/** The file could not be opened because another process holds it (and waiting was over or not asked for). */
export class WarehouseBusy extends UserError {
  constructor(readonly file: string, readonly holder: Holder, message: string) {
    super(message);
    this.name = "WarehouseBusy";
  }
}

export function lockTimeoutMs(env: NodeJS.ProcessEnv): number {
  const value = env[LOCK_TIMEOUT_VARIABLE]?.trim();
  if (value === undefined || value === "") return DEFAULT_LOCK_TIMEOUT_SECONDS * 1000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UserError(`${LOCK_TIMEOUT_VARIABLE}: "${value}" is not a number of seconds`);
  return seconds * 1000;
}

/** The holder named by a DuckDB "Could not set lock" error, or undefined when the error is something else. */
export function lockHolder(error: unknown): Holder | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!/Could not set lock on file|Conflicting lock is held/.test(message)) return undefined;
  const match = /Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(message);
  if (!match) return {};
  const pid = Number(match[2]);
  return { pid, command: doraformCommand(pid), program: path.basename(match[1]) };
}

export function describeHolder(holder: Holder): string {
  const pid = holder.pid === undefined ? undefined : `PID ${holder.pid}`;
  if (holder.command) return `${holder.command} (${pid})`;
  const details = [holder.program, pid].filter(Boolean).join(", ");
  return details ? `another process (${details})` : "another process";
}

/** `doraform <command>` when the process runs our CLI (Linux's /proc), else undefined. */
function doraformCommand(pid: number): string | undefined {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const bin = args.findIndex((arg) => /(^|\/)doraform(\.js)?$/.test(arg));
    if (bin < 0) return undefined;
    const command = args.slice(bin + 1).filter((arg) => arg !== "" && !arg.startsWith("-")).slice(0, 2);
    // `webhooks serve`, `demo serve`: the group and the command; others: the command alone
    return ["doraform", ...(command[0] === "webhooks" || command[0] === "demo" ? command : command.slice(0, 1))].join(" ");
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const WANTED = ".wanted-";

/** Says, for as long as this process waits, that it wants the file: returns the function that withdraws it. */
export function announceWait(file: string): () => void {
  const marker = `${file}${WANTED}${process.pid}`;
  try {
    fs.writeFileSync(marker, "");
  } catch {
    // a read-only directory: the receiver cannot see us, we still get the file between its drains
    return () => {};
  }
  return () => fs.rmSync(marker, { force: true });
}

/** Whether a live process other than this one waits for the file (stale markers of dead ones are removed). */
export function othersWaiting(file: string): boolean {
  const prefix = `${path.basename(file)}${WANTED}`;
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file)).filter((name) => name.startsWith(prefix));
  } catch {
    return false;
  }
  let waiting = false;
  for (const name of names) {
    const pid = Number(name.slice(prefix.length));
    if (pid === process.pid) continue;
    if (Number.isInteger(pid) && isAlive(pid)) waiting = true;
    else fs.rmSync(path.join(path.dirname(file), name), { force: true });
  }
  return waiting;
}
