import * as fs from "node:fs";
import * as path from "node:path";
import { configPath, noConfig, parseConfig, PROJECT_ROOT } from "../core/config/load.ts";
import { UserError } from "../core/errors.ts";
import { emptyLegacy, readLegacyCatalog, readLegacyIngest, readLegacyOverrides, readLegacyTargets, type LegacyConfig } from "./legacy.ts";
import { discoverWithCredentials } from "./discover-with-credentials.ts";
import { writeConfigProposal } from "./proposal.ts";

export interface InitOptions {
  catalog: string;
  overrides: string;
  ingestConfig?: string;
  targets?: string;
  dryRun?: boolean;
  /** false (`--no-discover`): write only what the older files hold. */
  discover?: boolean;
}

export const DEFAULT_LEGACY = {
  catalog: path.join(PROJECT_ROOT, "includes/catalog_data.js"),
  overrides: path.join(PROJECT_ROOT, "includes/overrides.js"),
  ingestConfig: "ingest.yaml",
  targets: "targets.yaml",
};

/** What the older files hold, each read when present (the includes always are). */
export function readLegacy(options: InitOptions): LegacyConfig {
  const catalog = isLegacy(options.catalog) ? readLegacyCatalog(options.catalog) : { services: [], settings: {} };
  const ingestFile = options.ingestConfig ?? (fs.existsSync(DEFAULT_LEGACY.ingestConfig) ? DEFAULT_LEGACY.ingestConfig : undefined);
  const legacy = ingestFile ? readLegacyIngest(ingestFile, catalog) : { ...emptyLegacy(), ...catalog };
  if (isLegacy(options.overrides)) legacy.overrides = readLegacyOverrides(options.overrides);
  const targetsFile = options.targets ?? (fs.existsSync(DEFAULT_LEGACY.targets) ? DEFAULT_LEGACY.targets : undefined);
  if (targetsFile) legacy.targets = readLegacyTargets(targetsFile);
  return legacy;
}

/**
 * An include that still holds its data; today's read doraform.yaml's generated copy, which may be
 * older than the file (re-reading it would bring back what a person removed since).
 */
function isLegacy(file: string): boolean {
  return fs.existsSync(file) && !fs.readFileSync(file, "utf8").includes("./generated/doraform.json");
}

/**
 * `doraform init`: writes (or merges into) doraform.yaml what the older files hold and what discovery
 * finds with the credentials ingest would use; a problem in the result is reported at its line, after writing.
 */
export async function init(options: InitOptions, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = configPath(env);
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  const legacy = readLegacy(options);
  const log = (message: string) => process.stderr.write(`${message}\n`);
  // the sources (and the variables they name) of the file being merged into, as ingest reads them
  const discovery = options.discover === false ? { services: [], undecided: [] } : await discoverWithCredentials(existing ? parseConfig(existing, file) : noConfig(), env, log);
  const text = writeConfigProposal(existing, discovery, legacy);
  if (options.dryRun) {
    process.stdout.write(text);
    return;
  }
  fs.writeFileSync(file, text);
  const services = (parseConfigOrNull(text)?.services ?? []).length;
  process.stderr.write(`init: ${existing === undefined ? "wrote" : "merged into"} ${file} (${services} services${legacy.notes.length > 0 ? `, ${legacy.notes.length} lines to decide, listed above services:` : ""})\n`);
  try {
    parseConfig(text, file);
  } catch (error) {
    throw new UserError(`init: ${(error as Error).message}`);
  }
  process.stderr.write("init: next, `doraform config sync`, then commit doraform.yaml and includes/generated/doraform.json\n");
}

function parseConfigOrNull(text: string) {
  try {
    return parseConfig(text).config;
  } catch {
    return undefined;
  }
}
