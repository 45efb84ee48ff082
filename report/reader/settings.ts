import * as fs from "node:fs";
import * as path from "node:path";
import type { Kysely } from "kysely";
import { parse } from "yaml";
import { UserError } from "../../core/errors.ts";
import { defaultSettings } from "../../core/catalog.ts";
import type { DoraDataset } from "../marts.ts";

/** Where the marts are, from workflow_settings.yaml. */
export interface MartLocation {
  /** The Dataform defaultProject: the BigQuery project, and the DuckDB catalog the file is attached under. */
  project: string;
  /** The marts' dataset (defaultDataset). */
  dataset: string;
}

/**
 * What the marts were built with, as the `report_settings` mart records it: whatever vars a
 * reading command is started with, it applies the knobs of the transform that wrote the marts.
 */
export interface BuildSettings {
  /** The models' clock (YYYY-MM-DD): the week and quarter containing it are incomplete. */
  asOf: string;
  /** Below this sample size no level and no alert is given (docs/metrics.md, Sample sizes; doraform.yaml `settings.min_sample`). */
  minSample: number;
  /** State of DevOps report year for levels (doraform.yaml `settings.report_year`). */
  reportYear: number;
  /** Below this share of incidents linked, change failure rate gets a warning, not a level (docs/metrics.md#decision-65). */
  minLinkCoverage: number;
}

export type MartSettings = MartLocation & BuildSettings;

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "../..");

export function readSettings(file = path.join(REPOSITORY_ROOT, "workflow_settings.yaml")): MartLocation {
  let doc: Record<string, unknown>;
  try {
    doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  const project = doc.defaultProject;
  if (typeof project !== "string" || !project) throw new UserError(`${file}: defaultProject is missing`);
  return { project, dataset: typeof doc.defaultDataset === "string" ? doc.defaultDataset : "dora" };
}

/** The one row of `report_settings`; `where` names the warehouse in the error. */
export async function readBuildSettings(db: Kysely<DoraDataset>, where: string): Promise<BuildSettings> {
  const rows = await db.selectFrom("report_settings").selectAll().execute();
  const row = rows[0];
  if (rows.length !== 1 || !row?.as_of || row.min_sample === null || row.report_year === null) {
    throw new UserError(`${where}: report_settings holds ${rows.length} rows, not the one row a transform writes: run \`doraform transform\` first`);
  }
  // a warehouse built before the setting existed has no such column: the default applies
  const minLinkCoverage = row.min_link_coverage ?? defaultSettings(path.join(REPOSITORY_ROOT, "includes")).min_link_coverage;
  return { asOf: row.as_of, minSample: row.min_sample, reportYear: row.report_year, minLinkCoverage };
}
