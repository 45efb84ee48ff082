import * as fs from "node:fs";
import { parse } from "yaml";
import { UserError } from "../../core/errors.ts";
import { DEFAULT_THRESHOLDS, type RuleThresholds } from "./rules.ts";

/** Reads a `--rules FILE` (YAML: any of the RuleThresholds keys, numbers); the rest keep their defaults. */
export function readThresholds(file: string | undefined): RuleThresholds {
  if (!file) return DEFAULT_THRESHOLDS;
  let doc: unknown;
  try {
    doc = parse(fs.readFileSync(file, "utf8")) ?? {};
  } catch (error) {
    throw new UserError(`cannot read rules file ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new UserError(`rules file ${file}: expected a mapping`);
  const thresholds = { ...DEFAULT_THRESHOLDS };
  for (const [key, value] of Object.entries(doc)) {
    if (!(key in DEFAULT_THRESHOLDS)) {
      throw new UserError(`rules file ${file}: unknown key ${key} (known: ${Object.keys(DEFAULT_THRESHOLDS).join(", ")})`);
    }
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new UserError(`rules file ${file}: ${key} must be a non-negative number`);
    }
    thresholds[key as keyof RuleThresholds] = value;
  }
  return thresholds;
}
