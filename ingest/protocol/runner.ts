import { readFileSync } from "node:fs";
import { BudgetStop, configError, SourceError } from "./errors.ts";
import { errorTrace, logMessage, serialiseMessage, type AirbyteMessage, type ConfiguredCatalog } from "./messages.ts";
import { toAirbyteStream, type Source } from "./source.ts";
import { parseStateFile } from "./state.ts";

/** The Airbyte source commands over one source; each writes messages through `emit`. */
export interface SourceCommandIo {
  emit(message: AirbyteMessage): void;
  log(message: string): void;
  env: NodeJS.ProcessEnv;
}

export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw configError(`${what} file ${file} cannot be read`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw configError(`${what} file ${file} is not valid JSON`);
  }
}

export function runSpec<C>(source: Source<C>, io: SourceCommandIo): void {
  io.emit({ type: "SPEC", spec: source.spec });
}

/** A refused credential is a FAILED status (exit 0, as Airbyte expects), not a crash. */
export async function runCheck<C>(source: Source<C>, configFile: string, io: SourceCommandIo): Promise<void> {
  try {
    await source.check(source.parseConfig(readJsonFile(configFile, "config"), io.env));
    io.emit({ type: "CONNECTION_STATUS", connectionStatus: { status: "SUCCEEDED" } });
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    io.emit({ type: "CONNECTION_STATUS", connectionStatus: { status: "FAILED", message: error.message } });
  }
}

export function runDiscover<C>(source: Source<C>, configFile: string, io: SourceCommandIo): void {
  source.parseConfig(readJsonFile(configFile, "config"), io.env);
  io.emit({ type: "CATALOG", catalog: { streams: source.streams.map((stream) => toAirbyteStream(source.namespace, stream)) } });
}

export async function runRead<C>(source: Source<C>, files: { config: string; catalog: string; state?: string }, io: SourceCommandIo): Promise<void> {
  const config = source.parseConfig(readJsonFile(files.config, "config"), io.env);
  const catalog = readJsonFile(files.catalog, "catalog") as ConfiguredCatalog;
  if (!Array.isArray(catalog?.streams)) throw configError(`catalog file ${files.catalog}: expected {"streams": [...]}`);
  const known = new Set(source.streams.map((stream) => stream.name));
  const selected = new Set(catalog.streams.map((configured) => configured.stream?.name));
  for (const name of selected) if (!known.has(name)) throw configError(`catalog file ${files.catalog}: ${source.namespace} has no stream "${name}"`);
  const state = files.state ? parseStateFile(readJsonFile(files.state, "state"), files.state) : new Map();
  try {
    for await (const message of source.read(config, selected, state, io.log)) io.emit(message);
  } catch (error) {
    // out of rate budget: the states emitted so far are the checkpoint, and the run ends well
    if (!(error instanceof BudgetStop)) throw error;
    io.log(error.message);
  }
}

/** Runs one command, turning a failure into a TRACE error message; returns the exit code. */
export async function asAirbyteCommand(io: SourceCommandIo, command: () => Promise<void> | void): Promise<number> {
  try {
    await command();
    return 0;
  } catch (error) {
    const failure = error instanceof SourceError ? error : new SourceError((error as Error).message ?? String(error), "system_error");
    io.log(failure.message);
    io.emit(errorTrace(failure.message, failure.failureType));
    return 1;
  }
}

const emitToStdout = (message: AirbyteMessage) => process.stdout.write(`${serialiseMessage(message)}\n`);

/** Messages on stdout; progress as LOG messages there too (the platform keeps them), and on stderr. */
export const stdoutIo: SourceCommandIo = {
  emit: emitToStdout,
  log: (message) => {
    emitToStdout(logMessage("INFO", message));
    process.stderr.write(`${message}\n`);
  },
  env: process.env,
};
