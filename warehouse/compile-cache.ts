/**
 * The compiled graph kept beside a warehouse, so a nightly run whose project did not change skips
 * compiling (0.5-3 s). The key is a hash of what the compile reads: the path and content of every
 * file core reads or a project file may require (under definitions/ and includes/, and the
 * project's settings), the vars, the @dataform/core that compiles and this tool's compile step.
 * Any difference compiles again and replaces the graph kept. Other project files (docs, the
 * warehouse file itself) are left out: core only lists them.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { CompiledGraph } from "./compiled-graph.ts";
import type { CompileRequest } from "./compile-worker.ts";
import { dataformCorePath, listProjectFiles } from "./project-files.ts";

/** Core requires definitions/ and includes/ files; a project file requires its neighbours by relative path. */
const READ = /^(definitions|includes)\/|^(workflow_settings\.yaml|dataform\.json|package\.json)$/;

const COMPILE_STEP = ["compile-worker.ts", "project-files.ts"].map((file) => path.join(import.meta.dirname, file));

interface Kept {
  key: string;
  graph: CompiledGraph;
}

/** The hash of what the compile of `request` reads. */
export function compileKey(request: CompileRequest): string {
  const hash = createHash("sha256");
  const core = dataformCorePath(request.projectDir);
  const part = (text: string | Buffer) => {
    const bytes = typeof text === "string" ? Buffer.from(text) : text;
    hash.update(`${bytes.length}\0`).update(bytes);
  };
  part(JSON.stringify({ projectDir: request.projectDir, override: request.override, core }));
  part(fs.readFileSync(path.join(path.dirname(core), "package.json")));
  for (const file of COMPILE_STEP) part(fs.readFileSync(file));
  for (const file of listProjectFiles(request.projectDir).filter((file) => READ.test(file))) {
    part(file);
    part(fs.readFileSync(path.join(request.projectDir, file)));
  }
  return hash.digest("hex");
}

/** The graph kept in `file` under `key`, or undefined (none kept, another key, or unreadable). */
export function keptGraph(file: string, key: string): CompiledGraph | undefined {
  let kept: Kept;
  try {
    kept = JSON.parse(fs.readFileSync(file, "utf8")) as Kept;
  } catch {
    return undefined; // missing or cut short: compile again
  }
  return kept.key === key ? kept.graph : undefined;
}

/** Keeps `graph` under `key`, replacing what `file` held (written whole, then renamed into place). */
export function keepGraph(file: string, key: string, graph: CompiledGraph): void {
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, JSON.stringify({ key, graph } satisfies Kept));
  fs.renameSync(partial, file);
}
