import { projectSettings } from "../ingest/load/raw-table.ts";
import { BigQueryDeliveryWriter } from "../ingest/webhooks/bigquery-writer.ts";
import type { DeliveryWriter } from "../ingest/webhooks/delivery.ts";
import { DuckDbDeliveryWriter } from "../ingest/webhooks/duckdb-writer.ts";

export interface WarehouseChoice {
  database: string;
  warehouse?: "duckdb" | "bigquery";
}

/**
 * Lands one runbook record in the `doraform` namespace through the webhook receiver's writers, keyed
 * so that running the command again lands nothing new.
 */
export async function recordInWarehouse(choice: WarehouseChoice, stream: string, key: string, data: Record<string, unknown>): Promise<"landed" | "duplicate"> {
  const writer = await openWriter(choice);
  try {
    return await writer.write({ key: `doraform:${stream}:${key}`, namespace: "doraform", stream, data, receivedAt: new Date() });
  } finally {
    await writer.close();
  }
}

async function openWriter(choice: WarehouseChoice): Promise<DeliveryWriter> {
  const settings = projectSettings();
  if ((choice.warehouse ?? (process.env.GOOGLE_CLOUD_PROJECT ? "bigquery" : "duckdb")) === "bigquery") {
    return new BigQueryDeliveryWriter({ projectId: process.env.GOOGLE_CLOUD_PROJECT ?? settings.project, dataset: settings.rawDataset });
  }
  return DuckDbDeliveryWriter.open({ file: choice.database, catalog: settings.project, dataset: settings.rawDataset });
}
