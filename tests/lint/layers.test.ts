// Layers point one way: core ← ingest, warehouse, report, runbook (and the Dataform includes) ← cli.
// Product code never reads the demo, the tests or the benchmarks; only cli/ starts the demo. The
// benchmarks never read the tests: what both need (landing the demo in a warehouse) lives in demo/.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** What each top-level folder may not import from (relative imports only: packages are free). */
const FORBIDDEN: Record<string, string[]> = {
  core: ["ingest", "warehouse", "report", "runbook", "includes", "cli", "demo", "tests", "bench"],
  ingest: ["cli", "demo", "tests", "bench"],
  warehouse: ["cli", "demo", "tests", "bench"],
  report: ["cli", "demo", "tests", "bench"],
  runbook: ["cli", "demo", "tests", "bench"],
  includes: ["cli", "demo", "tests", "bench"],
  onboarding: ["cli", "demo", "tests", "bench"],
  scripts: ["demo", "tests", "bench"],
  demo: ["cli", "tests", "bench"],
  cli: ["tests", "bench"],
  bench: ["tests"],
};

/** The relative module specifiers a source file imports, re-exports, dynamically imports or requires. */
function relativeImports(source: string): string[] {
  const specifiers = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g);
  return [...specifiers].map((match) => match[1]);
}

/** "file imports target" for each import that crosses into a folder its own folder may not use. */
function violations(files: Array<{ file: string; source: string }>): string[] {
  const found: string[] = [];
  for (const { file, source } of files) {
    const forbidden = FORBIDDEN[file.split("/")[0]] ?? [];
    for (const specifier of relativeImports(source)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      if (forbidden.includes(target.split("/")[0])) found.push(`${file} imports ${target}`);
    }
  }
  return found;
}

const sources = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.js", "*.mjs"], { cwd: ROOT, encoding: "utf8" })
  .split("\n")
  .filter((file) => file && file.split("/")[0] in FORBIDDEN && fs.existsSync(path.join(ROOT, file)))
  .map((file) => ({ file, source: fs.readFileSync(path.join(ROOT, file), "utf8") }));

describe("layers", () => {
  it("no import points from a lower layer to a higher one, nor from product code to the demo, tests or benchmarks", () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(violations(sources)).toEqual([]);
  });

  it("catches an error class taken from cli/, demo types in the warehouse, a core module reaching up and a benchmark reading the tests", () => {
    expect(
      violations([
        { file: "ingest/x.ts", source: `import { UserError } from "../cli/errors.ts";` },
        { file: "warehouse/y.ts", source: `import type { Service } from "../demo/model/organisation.ts";\nexport { a } from "./a.ts";` },
        { file: "core/z.ts", source: `const m = await import("../report/marts.ts");\nconst c = require("../includes/catalog.js");` },
        { file: "cli/run.ts", source: `import { demoOrganisation } from "../demo/scenario/index.ts";` },
        { file: "bench/b.ts", source: `import { demoServe } from "../tests/helpers/demo-serve.ts";\nimport { rawStreams } from "../demo/warehouse/organisation-records.ts";` },
      ]),
    ).toEqual([
      "ingest/x.ts imports cli/errors.ts",
      "warehouse/y.ts imports demo/model/organisation.ts",
      "core/z.ts imports report/marts.ts",
      "core/z.ts imports includes/catalog.js",
      "bench/b.ts imports tests/helpers/demo-serve.ts",
    ]);
  });
});
