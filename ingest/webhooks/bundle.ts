import { statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../../core/errors.ts";

/** The file a Lambda runs: handler setting `index.handler`. */
export const LAMBDA_FILE = "index.mjs";

/**
 * An ES module's bundle of CommonJS packages (the Google clients) still calls `require` for Node's
 * own modules and reads `__dirname`: give it both, as Node gives a CommonJS module.
 */
const COMMONJS_GLOBALS = [
  'import { createRequire as __doraformCreateRequire } from "node:module";',
  'import { fileURLToPath as __doraformFileURLToPath } from "node:url";',
  "const require = __doraformCreateRequire(import.meta.url);",
  "const __filename = __doraformFileURLToPath(import.meta.url);",
  'const __dirname = __filename.slice(0, __filename.lastIndexOf("/"));',
].join("\n");

/**
 * Builds the Lambda handler (lambda.ts) and everything it imports into one ES module in `outDir`,
 * so the function's zip is that file alone. esbuild is a devDependency: this runs where the
 * repository was installed with its dev tools, never in the function.
 */
export async function bundleLambda(outDir: string): Promise<{ file: string; bytes: number }> {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new UserError("webhooks bundle: esbuild is not installed; run `npm ci` with the dev dependencies");
  }
  const file = join(outDir, LAMBDA_FILE);
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL("./lambda.ts", import.meta.url))],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    // the licences' notices stay in the one file
    legalComments: "eof",
    banner: { js: COMMONJS_GLOBALS },
    logLevel: "silent",
  });
  return { file, bytes: statSync(file).size };
}
