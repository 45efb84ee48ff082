import * as fs from "node:fs";
import { sql } from "kysely";
import { UserError } from "../core/errors.ts";
import { projectSettings } from "../ingest/load/raw-table.ts";
import { BigQueryDeliveryWriter } from "../ingest/webhooks/bigquery-writer.ts";
import type { DeliveryWriter } from "../ingest/webhooks/delivery.ts";
import { DuckDbDeliveryWriter } from "../ingest/webhooks/duckdb-writer.ts";
import { openMarts } from "../report/reader/open.ts";
import { openWarehouse } from "../core/duckdb.ts";

export interface WarehouseChoice {
  database: string;
  warehouse?: "duckdb" | "bigquery";
  /** Record even when the warehouse cannot confirm that the deployment exists. */
  force?: boolean;
}

/**
 * What is checked before anything is written anywhere: the embedded warehouse file can be opened
 * for writing now, and the deployment is in the `deployments` mart (unless `force`). Every refusal
 * says that nothing was recorded.
 */
export async function checkWarehouse(choice: WarehouseChoice, deploymentId: string): Promise<void> {
  const bigquery = bigQueryProject(choice);
  if (!bigquery && fs.existsSync(choice.database)) {
    const warehouse = await openWarehouse({ file: choice.database, catalog: projectSettings().project }).catch((error: unknown) => {
      throw new UserError(`nothing was recorded: the warehouse ${choice.database} cannot be opened for writing (${firstLine(error)})`);
    });
    warehouse.close();
  }
  if (choice.force) return;
  const unchecked = (why: string) => new UserError(`nothing was recorded: deployment ${deploymentId} cannot be checked (${why}); pass --force to record it unchecked`);
  const marts = await openMarts(bigquery ? { bigqueryProject: bigquery } : { database: choice.database }).catch((error: unknown) => {
    throw unchecked(firstLine(error));
  });
  let found: unknown[];
  try {
    // either twin's id names the deployment kept for both (docs/metrics.md decision 53)
    const query = sql`select deployment_id from ${sql.table(`${marts.settings.dataset}.deployments`)} where deployment_id = ${deploymentId}
      union all select deployment_id from ${sql.table(`${projectSettings().stagingDataset}.int_deployments__twins`)} where twin_id = ${deploymentId}`;
    found = (await query.execute(marts.db)).rows;
  } catch (error) {
    throw unchecked(firstLine(error));
  } finally {
    await marts.close();
  }
  if (found.length === 0) {
    throw new UserError(
      `nothing was recorded: deployment ${deploymentId} is not in the warehouse's deployments (built as of ${marts.settings.asOf}): check the id, run \`doraform ingest\` and \`doraform transform\` if it is newer, or pass --force to record it anyway`,
    );
  }
}

/**
 * Lands one runbook record in the `doraform` namespace through the webhook receiver's writers, keyed
 * so that running the command again lands nothing new. It runs after PagerDuty holds the change
 * (`inPagerDuty` says what it holds), so a failure says plainly that the warehouse does not.
 */
export async function recordInWarehouse(choice: WarehouseChoice, stream: string, key: string, data: Record<string, unknown>, inPagerDuty: string): Promise<"landed" | "duplicate"> {
  try {
    const writer = await openWriter(choice);
    try {
      return await writer.write({ key: `doraform:${stream}:${key}`, namespace: "doraform", stream, data, receivedAt: new Date() });
    } finally {
      await writer.close();
    }
  } catch (error) {
    throw new UserError(`${inPagerDuty} in PagerDuty, but the warehouse did not record it (${firstLine(error)}): run the same command again to record it`);
  }
}

/** A PagerDuty write comes after every check and before the warehouse's: its failure leaves the warehouse unchanged. */
export async function writePagerDuty(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    throw new UserError(`${firstLine(error)}; nothing was recorded in the warehouse`);
  }
}

function bigQueryProject(choice: WarehouseChoice): string | undefined {
  if ((choice.warehouse ?? (process.env.GOOGLE_CLOUD_PROJECT ? "bigquery" : "duckdb")) === "duckdb") return undefined;
  return process.env.GOOGLE_CLOUD_PROJECT ?? projectSettings().project;
}

async function openWriter(choice: WarehouseChoice): Promise<DeliveryWriter> {
  const settings = projectSettings();
  const bigquery = bigQueryProject(choice);
  if (bigquery) return new BigQueryDeliveryWriter({ projectId: bigquery, dataset: settings.rawDataset });
  return DuckDbDeliveryWriter.open({ file: choice.database, catalog: settings.project, dataset: settings.rawDataset });
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
