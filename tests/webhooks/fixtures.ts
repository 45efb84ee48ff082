import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createWebhookHandler } from "../../ingest/webhooks/handler.ts";
import { serveWebhooks, type RunningServer, type ServeOptions } from "../../ingest/webhooks/http-server.ts";
import { SpooledDeliveryWriter } from "../../ingest/webhooks/spooled-writer.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { CLI } from "../helpers/cli.ts";

export const SECRETS = { github: "gh-secret-for-tests", pagerduty: "pd-secret-for-tests", token: "generic-token-for-tests" };
export const CATALOG = "webhooks_test";
export const DATASET = "airbyte_internal";

export interface Receiver {
  url: string;
  file: string;
  server: RunningServer;
  writer: SpooledDeliveryWriter;
  stop(): Promise<void>;
}

export const temporaryDatabase = () => join(mkdtempSync(join(tmpdir(), "doraform-webhooks-")), "warehouse.duckdb");

type ReceiverOptions = Partial<Pick<ServeOptions, "maxBodyBytes" | "bodiesInFlightBytes" | "bodyTimeoutMs">> & { file?: string; log?: (line: string) => void };

/**
 * The real receiver on loopback over a DuckDB file (a fresh one unless given), with the spool
 * `webhooks serve` writes through (64 KiB bodies at most unless told).
 */
export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const { file = temporaryDatabase(), log, ...serve } = options;
  const writer = await SpooledDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET, log });
  const maxBodyBytes = serve.maxBodyBytes ?? 64 * 1024;
  const server = await serveWebhooks(createWebhookHandler({ secrets: SECRETS, writer, maxBodyBytes }), { ...serve, port: 0, maxBodyBytes });
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

/** Rows of a raw table, read from the file after the receiver stopped (stopping lands everything acknowledged). */
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

/** Where `signedAnnotation` lands: a stream the receiver keeps and no model reads. */
export const UNREAD_TABLE = "pagerduty_webhook_raw__stream_incident_annotated";

/** A signed PagerDuty `incident.annotated` delivery with this event id (no model reads annotations: any number can land beside a transform). */
export function signedAnnotation(url: string, id: string, secret = SECRETS.pagerduty): Promise<{ status: number; body: { status: string; message?: string } }> {
  const body = JSON.stringify({ event: { id, event_type: "incident.annotated", resource_type: "incident", occurred_at: "2026-11-20T10:00:00Z", data: { id: "PINC001", type: "incident" } } });
  return post(`${url}/webhooks/pagerduty`, body, { "x-pagerduty-signature": `v1=${hmacHex(secret, body)}` });
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** Resolves once stderr matches (with the match); rejects if the process exits first. */
  untilStderr(pattern: RegExp): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

/** `doraform webhooks serve --port 0 --database FILE` as its own process, once it listens. */
export async function serveProcess(database: string, env: Record<string, string> = { GITHUB_WEBHOOK_SECRET: SECRETS.github, PAGERDUTY_WEBHOOK_SECRET: SECRETS.pagerduty }): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, "webhooks", "serve", "--port", "0", "--database", database], { env: { PATH: process.env.PATH, ...env } });
  let stderr = "";
  const watchers: Array<() => void> = [];
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const watch of watchers) watch();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const untilStderr = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const watch = () => {
        const match = pattern.exec(stderr);
        if (match) resolve(match);
      };
      watchers.push(watch);
      watch();
      void exited.then((code) => reject(new Error(`webhooks serve exited ${code} before printing ${pattern}: ${stderr}`)));
    });
  const [, url] = await untilStderr(/listening on (http:\/\/\S+)\/webhooks\//);
  return { url, child, stderr: () => stderr, untilStderr, exited };
}
