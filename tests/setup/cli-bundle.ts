// vitest globalSetup: builds the CLI once per test run into one ESM file (tests/helpers/cli.ts hands its path
// to the tests), so that each `doraform` process a test starts loads plain JavaScript instead of having
// tsx resolve and transpile some 270 TypeScript modules again: about 1.5 s of CPU less per process.
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    doraformCli: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Bundles cli/main.ts (what bin/doraform.js runs) into `outdir`/doraform.js; returns that file. Packages stay
 * imports, so the bundle must sit inside the repository for Node to find them in node_modules/ as the
 * sources do. Each module's `import.meta.url`, `dirname` and `filename` are its source file's, so the
 * paths the code resolves from them (includes/, definitions/, workflow_settings.yaml, the compile
 * worker, the Lambda entry) are the ones it resolves when run from the sources. Dynamic imports stay
 * lazy (split into chunks), as they are from the sources.
 */
export async function bundleCli(outdir: string): Promise<string> {
  const tsconfigRaw = fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8");
  await esbuild.build({
    entryPoints: { doraform: path.join(ROOT, "cli/main.ts") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
    plugins: [
      {
        name: "source-import-meta",
        setup(build) {
          build.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => {
            // define (not a text replacement): the strings that merely mention import.meta stay as written
            const define = {
              "import.meta.url": JSON.stringify(pathToFileURL(file).href),
              "import.meta.dirname": JSON.stringify(path.dirname(file)),
              "import.meta.filename": JSON.stringify(file),
            };
            const source = await fs.promises.readFile(file, "utf8");
            const { code } = await esbuild.transform(source, { loader: "ts", format: "esm", target: "node20", define, sourcefile: file, tsconfigRaw });
            return { contents: code, loader: "js" };
          });
        },
      },
    ],
  });
  return path.join(outdir, "doraform.js");
}

export default async function setup(project: TestProject): Promise<() => void> {
  // one folder per run: two runs at once (two terminals) do not overwrite each other's bundle
  const cache = path.join(ROOT, "node_modules/.cache");
  fs.mkdirSync(cache, { recursive: true });
  const outdir = fs.mkdtempSync(path.join(cache, "doraform-cli-"));
  project.provide("doraformCli", await bundleCli(outdir));
  return () => fs.rmSync(outdir, { recursive: true, force: true });
}
