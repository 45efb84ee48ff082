import * as fs from "node:fs";
import { weekly } from "../reader/queries.ts";
import type { MartDatabase } from "../reader/open.ts";
import { checkTargets } from "./catalog.ts";
import { readTargets, type Target } from "./file.ts";

/** The default targets file, read when present in the working directory. */
export const DEFAULT_TARGETS_FILE = "targets.yaml";

/** `--targets FILE`, else ./targets.yaml when it exists, else no targets. */
export function loadTargets(file: string | undefined): Target[] {
  if (file) return readTargets(file);
  return fs.existsSync(DEFAULT_TARGETS_FILE) ? readTargets(DEFAULT_TARGETS_FILE) : [];
}

/** `--targets FILE` as loadTargets reads it, each team and service it names checked against the catalog of the marts. */
export async function loadCheckedTargets(file: string | undefined, marts: MartDatabase): Promise<Target[]> {
  const targets = loadTargets(file);
  if (targets.some((t) => t.scope !== "organisation")) checkTargets(targets, await weekly(marts, "service"));
  return targets;
}
