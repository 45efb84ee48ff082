/**
 * Runs @dataform/core's main() on one project, in a worker thread of its own: core leaves globals
 * behind (publish, declare, dataform, the includes) and project files stay in the require cache, so
 * each compile gets a fresh thread. Produces the same JSON as `dataform compile --json`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Module, { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import type { CompiledGraph, ProjectConfigOverride } from "./compiled-graph.ts";
import { dataformCorePath, listProjectFiles } from "./project-files.ts";

export interface CompileRequest {
  projectDir: string;
  override: ProjectConfigOverride;
}

export type CompileReply = { graph: CompiledGraph } | { error: string };

interface ProtoType {
  encode(message: unknown): { finish(): Uint8Array };
  fromObject(object: unknown): unknown;
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: Record<string, unknown>): unknown;
}

interface ModuleInternals {
  _resolveFilename(request: string, ...rest: unknown[]): string;
  _extensions: Record<string, (module: { _compile(code: string, file: string): void }, file: string) => void>;
}

function compile({ projectDir, override }: CompileRequest): CompiledGraph {
  const requireHere = createRequire(import.meta.url);
  const corePath = dataformCorePath(projectDir);
  const core = requireHere(corePath) as {
    main(request: Uint8Array): Uint8Array;
    compiler(code: string, file: string): string;
  };
  const protobuf = requireHere("protobufjs") as {
    loadSync(file: string): { lookupType(name: string): ProtoType };
  };
  const internals = Module as unknown as ModuleInternals;
  // SQLX and the other non-JS project files become JS through core's own compiler, as in the CLI
  for (const extension of [".sqlx", ".yaml", ".yml", ".sql", ".md", ".ipynb"]) {
    internals._extensions[extension] = (module, file) => module._compile(core.compiler(fs.readFileSync(file, "utf8"), file), file);
  }
  const resolve = internals._resolveFilename;
  // core requires project files by project-relative path ("definitions/x.sqlx", "includes/y.js")
  internals._resolveFilename = function (request: string, ...rest: unknown[]) {
    if (request === "@dataform/core") return corePath;
    if (!request.startsWith(".") && !path.isAbsolute(request)) {
      const candidate = path.join(projectDir, request);
      if (fs.existsSync(candidate)) return candidate;
    }
    return resolve.call(this, request, ...rest);
  };
  const root = protobuf.loadSync(path.join(path.dirname(corePath), "core.proto"));
  const requestType = root.lookupType("dataform.CoreExecutionRequest");
  const responseType = root.lookupType("dataform.CoreExecutionResponse");
  const request = requestType
    .encode(
      requestType.fromObject({
        compile: { compileConfig: { projectDir, filePaths: listProjectFiles(projectDir), projectConfigOverride: override } },
      }),
    )
    .finish();
  const response = responseType.decode(core.main(request));
  const json = responseType.toObject(response, { enums: String, longs: Number, json: true }) as {
    compile?: { compiledGraph?: CompiledGraph };
  };
  return json.compile?.compiledGraph ?? {};
}

if (parentPort) {
  let reply: CompileReply;
  try {
    reply = { graph: compile(workerData as CompileRequest) };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  parentPort.postMessage(reply);
}
