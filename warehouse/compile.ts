import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { UserError } from "../core/errors.ts";
import type { CompiledGraph, CompilationError, ProjectConfigOverride } from "./compiled-graph.ts";
import type { CompileReply, CompileRequest } from "./compile-worker.ts";
import { compileKey, keepGraph, keptGraph } from "./compile-cache.ts";

export type { CompiledGraph } from "./compiled-graph.ts";

/** The repository root: the default Dataform project. */
export const REPOSITORY_ROOT = path.dirname(import.meta.dirname);

export interface CompileOptions {
  /** Merged over workflow_settings.yaml's vars, like `dataform compile --vars=k=v`. */
  vars?: Record<string, string>;
  /** How long the compile may take; the official CLI's default is a minute. */
  timeoutMs?: number;
  /** A file to keep the graph in: a compile of the same project files, vars and compiler reads it from there. */
  cacheFile?: string;
}

/**
 * Compiles a Dataform project in-process (through @dataform/core's main(), in a worker thread) and
 * returns the graph, errors included. Same JSON as `dataform compile --json`.
 */
export async function compileGraph(projectDir: string, options: CompileOptions = {}): Promise<CompiledGraph> {
  const dir = path.resolve(projectDir);
  if (!fs.existsSync(path.join(dir, "workflow_settings.yaml")) && !fs.existsSync(path.join(dir, "dataform.json"))) {
    throw new UserError(`${dir} is not a Dataform project: it has no workflow_settings.yaml`);
  }
  const override: ProjectConfigOverride = options.vars && Object.keys(options.vars).length > 0 ? { vars: options.vars } : {};
  const request: CompileRequest = { projectDir: fs.realpathSync(dir), override };
  const cache = options.cacheFile ? { file: options.cacheFile, key: compileKey(request) } : undefined;
  const kept = cache && keptGraph(cache.file, cache.key);
  if (kept) return kept;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const reply = await runWorker(request, timeoutMs).catch((error: unknown) => {
    if (error instanceof CompileTimeout) {
      throw new UserError(`compiling the Dataform project ${dir} took longer than ${timeoutMs / 1000} s: does an include or definition never finish?`);
    }
    throw error;
  });
  if ("error" in reply) throw new UserError(`could not compile the Dataform project ${dir}: ${reply.error}`);
  if (cache) keepGraph(cache.file, cache.key, reply.graph);
  return reply.graph;
}

/**
 * Compiles a Dataform project and returns its graph; a project with compilation errors throws one
 * UserError listing each error as `file: message`.
 */
export async function compileProject(projectDir: string, options: CompileOptions = {}): Promise<CompiledGraph> {
  const graph = await compileGraph(projectDir, options);
  const errors = graph.graphErrors?.compilationErrors ?? [];
  if (errors.length > 0) throw new CompilationFailed(errors);
  return graph;
}

/** Dataform's compilation errors; the message is one line, `details` has one line per error. */
export class CompilationFailed extends UserError {
  readonly details: string[];
  constructor(readonly errors: CompilationError[]) {
    const details = errors.map((error) => `${error.fileName ?? "(unknown file)"}: ${firstLine(error.message)}`);
    super(`Dataform compilation failed (${errors.length} error${errors.length === 1 ? "" : "s"}): ${details.join("; ")}`);
    this.details = details;
  }
}

function firstLine(message: string | undefined): string {
  return (message ?? "").split("\n")[0].trim();
}

// The worker is TypeScript: it registers tsx itself, whatever loader (tsx, vitest) runs this thread.
const WORKER_BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.worker); });
`;

class CompileTimeout extends Error {}

function runWorker(request: CompileRequest, timeoutMs: number): Promise<CompileReply> {
  const workerData = {
    ...request,
    tsxApi: import.meta.resolve("tsx/esm/api"),
    worker: new URL("./compile-worker.ts", import.meta.url).href,
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData, stdout: false, stderr: false });
    let reply: CompileReply | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void worker.terminate();
    }, timeoutMs);
    worker.once("message", (message: CompileReply) => {
      reply = message;
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", () => {
      clearTimeout(timer);
      if (reply) resolve(reply);
      else reject(timedOut ? new CompileTimeout() : new Error("the Dataform compiler stopped without an answer"));
    });
  });
}
