import * as fs from "node:fs";
import { loadConfig, type LoadedConfig } from "../../core/config/load.ts";
import { weekly } from "../reader/queries.ts";
import type { MartDatabase } from "../reader/open.ts";
import { checkTargets } from "./catalog.ts";
import { configTargets, readTargets, type Target } from "../../core/targets/file.ts";

/** The older default targets file, read when present in the working directory and doraform.yaml has no targets. */
export const DEFAULT_TARGETS_FILE = "targets.yaml";

/** `--targets FILE`, else doraform.yaml `targets:`, else ./targets.yaml when it exists (with a notice), else no targets. */
export function loadTargets(file: string | undefined, yaml: LoadedConfig = loadConfig()): Target[] {
  if (file) return readTargets(file);
  if (yaml.config.targets.length > 0) return configTargets(yaml);
  if (!fs.existsSync(DEFAULT_TARGETS_FILE)) return [];
  process.stderr.write(`targets: read ${DEFAULT_TARGETS_FILE}; targets now belong in doraform.yaml under targets: (docs/configuration.md)\n`);
  return readTargets(DEFAULT_TARGETS_FILE);
}

/** The targets as loadTargets reads them, each team and service they name checked against the catalog of the marts. */
export async function loadCheckedTargets(file: string | undefined, marts: MartDatabase, yaml?: LoadedConfig): Promise<Target[]> {
  const targets = loadTargets(file, yaml);
  if (targets.some((t) => t.scope !== "organisation")) checkTargets(targets, await weekly(marts, "service"));
  return targets;
}
