import * as fs from "node:fs";
import * as path from "node:path";
import { configPath, parseConfig, PROJECT_ROOT } from "../core/config/load.ts";
import { UserError } from "../core/errors.ts";
import { emptyLegacy, readLegacyCatalog, readLegacyIngest, readLegacyOverrides, readLegacyTargets, type LegacyConfig } from "./legacy.ts";
import { writeConfigProposal } from "./proposal.ts";

export interface InitOptions {
  catalog: string;
  overrides: string;
  ingestConfig?: string;
  targets?: string;
  dryRun?: boolean;
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

/** `doraform init`: writes (or merges into) doraform.yaml; a problem in the result is reported at its line, after writing. */
export function init(options: InitOptions): void {
  const file = configPath();
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  const legacy = readLegacy(options);
  const text = writeConfigProposal(existing, { services: [], undecided: [] }, legacy);
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
