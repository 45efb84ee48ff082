// The root postinstall: installs GoogleSQL's analyzer (tools/googlesql, 340 MB) for the tests and
// `doraform lint`. It is not in package.json because Google Cloud Dataform installs package.json,
// development dependencies included, before each compile (docs/bigquery-analysis.md); Dataform
// installs with --ignore-scripts, so this never runs there. A production install
// (`npm ci --omit=dev`) has no tests: skipped too. Installs only when the pinned version is missing.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(import.meta.dirname, "../tools/googlesql");
const name = "@fivetrandevelopers/zetasql";

if ((process.env.npm_config_omit ?? "").split(/[\s,]+/).includes("dev")) process.exit(0);
const pinned = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).dependencies[name];
const installed = join(dir, "node_modules", name, "package.json");
if (existsSync(installed) && JSON.parse(readFileSync(installed, "utf8")).version === pinned) process.exit(0);
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ["npm", []];
const result = spawnSync(npm[0], [...npm[1], "ci", "--prefix", dir, "--ignore-scripts", "--no-audit", "--no-fund"], { stdio: "inherit" });
if (result.status !== 0) {
  console.error(`postinstall: could not install ${name}@${pinned} into tools/googlesql (npm ci exited ${result.status ?? result.signal})`);
  process.exit(1);
}
