import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { UserError } from "../../cli/errors.ts";
import { readModelCatalog } from "../../warehouse/model-catalog.ts";

/** What the reader needs from workflow_settings.yaml: where the marts are and the metric knobs. */
export interface MartSettings {
  /** The Dataform defaultProject: the BigQuery project, and the DuckDB catalog the file is attached under. */
  project: string;
  /** The marts' dataset (defaultDataset). */
  dataset: string;
  /** Below this sample size no level and no alert is given (METRICS.md; includes/catalog.js `min_sample`). */
  minSample: number;
  /** State of DevOps report year for levels (includes/catalog.js `report_year`). */
  reportYear: number;
}

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "../..");

/** `overrides` are Dataform vars given on the command line (as `doraform run` hands the demo's catalog to the models). */
export function readSettings(file = path.join(REPOSITORY_ROOT, "workflow_settings.yaml"), overrides: Record<string, string> = {}): MartSettings {
  let doc: Record<string, unknown>;
  try {
    doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  const vars = { ...((doc.vars ?? {}) as Record<string, unknown>), ...overrides };
  const project = doc.defaultProject;
  if (typeof project !== "string" || !project) throw new UserError(`${file}: defaultProject is missing`);
  const knobs = readModelCatalog(path.join(path.dirname(file), "includes", "catalog.js"), vars).settings as Record<string, unknown>;
  return {
    project,
    dataset: typeof doc.defaultDataset === "string" ? doc.defaultDataset : "dora",
    minSample: numberVar(knobs.min_sample, 5, "includes/catalog.js", "min_sample"),
    reportYear: numberVar(knobs.report_year, 2024, "includes/catalog.js", "report_year"),
  };
}

function numberVar(value: unknown, fallback: number, where: string, name: string): number {
  if (value === undefined || value === null || value === "") return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UserError(`${where}: ${name} is not a number: ${String(value)}`);
  return n;
}
