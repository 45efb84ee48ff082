/** Lands an organisation's raw records in a fresh DuckDB file and runs the Dataform models on it. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { organisationVars } from "../model/dataform-vars.ts";
import type { Organisation } from "../model/organisation.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { transform, type TransformResult } from "../../warehouse/transform.ts";
import { landRawStreams, rawStreams, type RawStreams } from "./organisation-records.ts";

export { organisationVars };

export const CATALOG = "doraform-demo";

/** `extra`: hand-written records of other streams (e.g. `doraform_raw__stream_resolutions`), landed beside the organisation's. */
export async function runModels(org: Organisation, extra: RawStreams = new Map()): Promise<{ database: string; result: TransformResult }> {
  const database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doraform-models-")), "warehouse.duckdb");
  const result = await landAndRun(database, new Map([...rawStreams(org), ...extra]), org.as_of, org);
  return { database, result };
}

/** Lands records extracted at `extractedAt` into the warehouse file, as a sync would, then runs the models with the organisation's vars. */
export async function landAndRun(database: string, streams: RawStreams, extractedAt: string, org: Organisation): Promise<TransformResult> {
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG });
  try {
    await landRawStreams(warehouse, streams, extractedAt);
  } finally {
    warehouse.close();
  }
  return transform({ database, vars: organisationVars(org) });
}

/** One line per failed action or unit test, for an assertion message. */
export function failures(result: TransformResult): string[] {
  return [
    ...result.actions.filter((a) => a.status === "failed").map((a) => `${a.name}: ${a.message ?? ""}`),
    ...result.tests.filter((t) => !t.successful).map((t) => `${t.name}: ${t.messages.join("; ")}`),
  ];
}
