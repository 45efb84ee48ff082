import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbDeliveryWriter } from "../../ingest/webhooks/duckdb-writer.ts";
import { createWebhookHandler } from "../../ingest/webhooks/handler.ts";
import { serveWebhooks, type RunningServer, type ServeOptions } from "../../ingest/webhooks/http-server.ts";
import { openWarehouse } from "../../warehouse/duckdb.ts";

export const SECRETS = { github: "gh-secret-for-tests", pagerduty: "pd-secret-for-tests", token: "generic-token-for-tests" };
export const CATALOG = "webhooks_test";
export const DATASET = "airbyte_internal";

export interface Receiver {
  url: string;
  file: string;
  server: RunningServer;
  writer: DuckDbDeliveryWriter;
  stop(): Promise<void>;
}

/** The real receiver on loopback over a fresh DuckDB file (64 KiB bodies at most unless told). */
export async function startReceiver(options: Partial<Pick<ServeOptions, "maxBodyBytes" | "bodiesInFlightBytes" | "bodyTimeoutMs">> = {}): Promise<Receiver> {
  const file = join(mkdtempSync(join(tmpdir(), "doraform-webhooks-")), "warehouse.duckdb");
  const writer = await DuckDbDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET });
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const server = await serveWebhooks(createWebhookHandler({ secrets: SECRETS, writer, maxBodyBytes }), { ...options, port: 0, maxBodyBytes });
  return {
    url: server.url,
    file,
    server,
    writer,
    stop: async () => {
      await server.close();
      await writer.close();
    },
  };
}

/** Rows of a raw table, read from the file after the receiver closed it (one writer per DuckDB file). */
export async function rawRows(file: string, table: string): Promise<Array<{ _airbyte_raw_id: string; _airbyte_data: string }>> {
  const warehouse = await openWarehouse({ file, catalog: CATALOG, readOnly: true });
  try {
    const exists = await warehouse.all(`SELECT 1 FROM information_schema.tables WHERE table_catalog = '${CATALOG}' AND table_schema = '${DATASET}' AND table_name = '${table}'`);
    if (exists.length === 0) return [];
    return await warehouse.all(`SELECT _airbyte_raw_id, _airbyte_data FROM "${DATASET}"."${table}" ORDER BY _airbyte_raw_id`);
  } finally {
    warehouse.close();
  }
}

export const hmacHex = (secret: string, body: string | Buffer) => createHmac("sha256", secret).update(body).digest("hex");

interface WebhookDefinition {
  name: string;
  examples: unknown[];
}

/** GitHub's own example payloads for an event (from @octokit/webhooks-examples). */
export function githubExamples(event: string): unknown[] {
  const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as WebhookDefinition[];
  const definition = definitions.find((d) => d.name === event);
  if (!definition) throw new Error(`no examples for ${event}`);
  return definition.examples;
}

export async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: { status: string; message?: string } }> {
  const response = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  return { status: response.status, body: (await response.json()) as { status: string; message?: string } };
}
