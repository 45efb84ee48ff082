import * as fs from "node:fs";
import { readTargets, type Target } from "./file.ts";

/** The default targets file, read when present in the working directory. */
export const DEFAULT_TARGETS_FILE = "targets.yaml";

/** `--targets FILE`, else ./targets.yaml when it exists, else no targets. */
export function loadTargets(file: string | undefined): Target[] {
  if (file) return readTargets(file);
  return fs.existsSync(DEFAULT_TARGETS_FILE) ? readTargets(DEFAULT_TARGETS_FILE) : [];
}
