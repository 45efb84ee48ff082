import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { BigQuery } from "@google-cloud/bigquery";
import { managedwriter } from "@google-cloud/bigquery-storage";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor/index.js";
import { afterEach, describe, expect, it } from "vitest";
import { BigQueryDeliveryWriter } from "../../ingest/webhooks/bigquery-writer.ts";
import { json, startStub } from "../ingest/stub-server.ts";

const PROTOS = join(dirname(createRequire(import.meta.url).resolve("@google-cloud/bigquery-storage/package.json")), "build", "protos");
// google/api/*.proto and google/protobuf/*.proto come with google-gax, the client's transport
const COMMON_PROTOS = join(dirname(createRequire(import.meta.url).resolve("google-gax")), "..", "protos");
const RAW_FIELDS = [
  { name: "_airbyte_raw_id", type: "STRING", mode: "REQUIRED" },
  { name: "_airbyte_extracted_at", type: "TIMESTAMP", mode: "REQUIRED" },
  { name: "_airbyte_loaded_at", type: "TIMESTAMP", mode: "NULLABLE" },
  { name: "_airbyte_data", type: "STRING", mode: "REQUIRED" },
  { name: "_airbyte_meta", type: "STRING", mode: "NULLABLE" },
  { name: "_airbyte_generation_id", type: "INT64", mode: "NULLABLE" },
];

interface Append {
  writeStream: string;
  rows: Array<Record<string, unknown>>;
}

/**
 * A BigQuery Write API stand-in on loopback (gRPC, the service's own protos): the stream's schema, and appends decoded with the descriptor the client sends.
 * A stream of a table not in `tables` is not found; `appends` and `streams` answer the next appends (or stream look-ups) with these errors, one each, as BigQuery does a row it rejects.
 */
async function fakeWriteApi(tables: Set<string>, refuse: { appends?: string[]; streams?: string[] } = {}) {
  const streamLookups: string[] = [];
  let endedStreams = 0;
  const definition = protoLoader.loadSync("google/cloud/bigquery/storage/v1/storage.proto", { includeDirs: [PROTOS, COMMON_PROTOS], keepCase: false, longs: String, enums: String, defaults: false, oneofs: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as { google: { cloud: { bigquery: { storage: { v1: { BigQueryWrite: { service: grpc.ServiceDefinition } } } } } } };
  const appends: Append[] = [];
  const server = new grpc.Server();
  server.addService(loaded.google.cloud.bigquery.storage.v1.BigQueryWrite.service, {
    getWriteStream: (call: grpc.ServerUnaryCall<{ name: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      streamLookups.push(call.request.name);
      const refusal = refuse.streams?.shift();
      if (refusal) return callback({ code: grpc.status.PERMISSION_DENIED, details: refusal });
      const table = call.request.name.split("/")[5];
      if (!tables.has(table)) return callback({ code: grpc.status.NOT_FOUND, details: `Requested entity was not found. Entity: ${call.request.name}` });
      callback(null, { name: call.request.name, type: "COMMITTED", tableSchema: { fields: RAW_FIELDS.map((f) => ({ name: f.name, type: f.type, mode: f.mode })) } });
    },
    appendRows: (call: grpc.ServerDuplexStream<Record<string, any>, unknown>) => {
      let type: protobuf.Type | undefined;
      let stream = "";
      call.on("data", (request) => {
        stream = request.writeStream || stream;
        const schema = request.protoRows?.writerSchema?.protoDescriptor;
        if (schema) {
          const file = (descriptor as unknown as { FileDescriptorSet: { fromObject(o: unknown): unknown } }).FileDescriptorSet.fromObject({ file: [{ name: "rows.proto", messageType: [schema] }] });
          type = (protobuf.Root as unknown as { fromDescriptor(d: unknown): protobuf.Root }).fromDescriptor(file).lookupType(schema.name);
        }
        const rows = (request.protoRows?.rows?.serializedRows ?? []).map((bytes: Buffer) => type!.toObject(type!.decode(bytes), { longs: String }));
        appends.push({ writeStream: stream, rows });
        const refusal = refuse.appends?.shift();
        // INVALID_ARGUMENT: not one the client retries on its own
        call.write(refusal ? { error: { code: grpc.status.INVALID_ARGUMENT, message: refusal }, writeStream: stream } : { appendResult: {}, writeStream: stream });
      });
      call.on("end", () => {
        endedStreams++;
        call.end();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))));
  return { port, appends, streamLookups, endedStreams: () => endedStreams, close: () => server.forceShutdown() };
}

/** The BigQuery REST side the loader uses to make sure the raw table exists. */
async function fakeTables(tables: Set<string>) {
  const created: string[] = [];
  const stub = await startStub((request, response) => {
    const path = new URL(request.url, "http://stub").pathname;
    if (/^\/bigquery\/v2\/projects\/p\/datasets\/airbyte_internal$/.test(path)) return json(response, 200, { datasetReference: { projectId: "p", datasetId: "airbyte_internal" } });
    if (/\/tables\/[^/]+$/.test(path) && request.method === "GET") return json(response, 404, { error: { code: 404, message: "Not found: Table" } });
    if (/\/tables$/.test(path) && request.method === "POST") {
      const body = JSON.parse(request.body) as { tableReference: { tableId: string } };
      created.push(body.tableReference.tableId);
      tables.add(body.tableReference.tableId);
      return json(response, 200, body);
    }
    json(response, 404, { error: { code: 404, message: `stub has no ${request.method} ${path}` } });
  });
  return { stub, created, bigquery: new BigQuery({ projectId: "p", apiEndpoint: stub.url, token: "test-token" } as ConstructorParameters<typeof BigQuery>[0]) };
}

const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const client = (port: number) =>
  new managedwriter.WriterClient({ projectId: "p", apiEndpoint: "127.0.0.1", port, sslCreds: grpc.credentials.createInsecure() } as ConstructorParameters<typeof managedwriter.WriterClient>[0]);
const run = (id: string) => ({ key: `github:${id}`, namespace: "github_webhook", stream: "workflow_run", data: { workflow_run: { id } }, receivedAt: new Date("2026-11-20T10:00:00Z") });
const STREAM = (table: string) => `projects/p/datasets/airbyte_internal/tables/${table}/streams/_default`;

describe("the BigQuery delivery writer", () => {
  it("appends the delivery to the raw table's default stream through the Storage Write API, once per key", async () => {
    const tables = new Set<string>();
    const api = await fakeWriteApi(tables);
    const rest = await fakeTables(tables);
    closers.push(api.close, rest.stub.close);
    const client = new managedwriter.WriterClient({ projectId: "p", apiEndpoint: "127.0.0.1", port: api.port, sslCreds: grpc.credentials.createInsecure() } as ConstructorParameters<typeof managedwriter.WriterClient>[0]);
    const writer = new BigQueryDeliveryWriter({ projectId: "p", dataset: "airbyte_internal", client, bigquery: rest.bigquery });
    closers.push(() => writer.close());
    const delivery = { key: "github:abc", namespace: "github_webhook", stream: "workflow_run", data: { workflow_run: { id: 1 } }, receivedAt: new Date("2026-11-20T10:00:00Z") };
    expect(await writer.write(delivery)).toBe("landed");
    expect(await writer.write(delivery)).toBe("duplicate");
    // the table was missing: the extractors' loader makes it (and its own state table) on first use
    expect(rest.created).toContain("github_webhook_raw__stream_workflow_run");
    expect(api.appends).toHaveLength(1);
    expect(api.appends[0].writeStream).toBe("projects/p/datasets/airbyte_internal/tables/github_webhook_raw__stream_workflow_run/streams/_default");
    const [row] = api.appends[0].rows;
    expect(row._airbyte_raw_id).toBe("github:abc");
    expect(row._airbyte_data).toBe('{"workflow_run":{"id":1}}');
    // TIMESTAMP travels as microseconds since the epoch
    expect(String(row._airbyte_extracted_at)).toBe(String(Date.UTC(2026, 10, 20, 10) * 1000));
  }, 60_000);

  it("appends to a table made beforehand without touching the dataset (an account with rights on the table only)", async () => {
    const tables = new Set(["pagerduty_webhook_raw__stream_incident_triggered"]);
    const api = await fakeWriteApi(tables);
    const rest = await fakeTables(tables);
    closers.push(api.close, rest.stub.close);
    const client = new managedwriter.WriterClient({ projectId: "p", apiEndpoint: "127.0.0.1", port: api.port, sslCreds: grpc.credentials.createInsecure() } as ConstructorParameters<typeof managedwriter.WriterClient>[0]);
    const writer = new BigQueryDeliveryWriter({ projectId: "p", dataset: "airbyte_internal", client, bigquery: rest.bigquery });
    closers.push(() => writer.close());
    const delivery = { key: "pagerduty:e1", namespace: "pagerduty_webhook", stream: "incident_triggered", data: { event: { id: "e1" } }, receivedAt: new Date("2026-11-20T10:00:00Z") };
    expect(await writer.write(delivery)).toBe("landed");
    expect(rest.stub.requests).toEqual([]);
    expect(api.appends.map((a) => a.rows[0]._airbyte_raw_id)).toEqual(["pagerduty:e1"]);
  }, 60_000);

  it("names the table of an append BigQuery refused and appends the delivery again when the sender retries; one stream per table", async () => {
    const tables = new Set<string>();
    const api = await fakeWriteApi(tables, { appends: ["Errors found while processing rows"] });
    const rest = await fakeTables(tables);
    closers.push(api.close, rest.stub.close);
    const writer = new BigQueryDeliveryWriter({ projectId: "p", dataset: "airbyte_internal", client: client(api.port), bigquery: rest.bigquery });
    closers.push(() => writer.close());
    await expect(writer.write(run("refused"))).rejects.toThrow(new Error("BigQuery append to airbyte_internal.github_webhook_raw__stream_workflow_run: Errors found while processing rows"));
    // a refused delivery was not remembered: the retry is appended, then it is a duplicate
    expect(await writer.write(run("refused"))).toBe("landed");
    expect(await writer.write(run("refused"))).toBe("duplicate");
    expect(await writer.write(run("second"))).toBe("landed");
    const incident = { key: "pagerduty:P1", namespace: "pagerduty_webhook", stream: "incident_triggered", data: { id: "P1" }, receivedAt: new Date("2026-11-21T08:30:00Z") };
    expect(await writer.write(incident)).toBe("landed");
    // keys are remembered beyond the latest one
    expect(await writer.write(run("refused"))).toBe("duplicate");
    expect(api.appends.map((a) => [a.writeStream, a.rows.map((row) => row._airbyte_raw_id)])).toEqual([
      [STREAM("github_webhook_raw__stream_workflow_run"), ["github:refused"]],
      [STREAM("github_webhook_raw__stream_workflow_run"), ["github:refused"]],
      [STREAM("github_webhook_raw__stream_workflow_run"), ["github:second"]],
      [STREAM("pagerduty_webhook_raw__stream_incident_triggered"), ["pagerduty:P1"]],
    ]);
    // the stream of a table is looked up once more after its missing table is made, and the table made once
    const runs = STREAM("github_webhook_raw__stream_workflow_run");
    const incidents = STREAM("pagerduty_webhook_raw__stream_incident_triggered");
    expect(api.streamLookups).toEqual([runs, runs, incidents, incidents]);
    expect(rest.created.filter((table) => table.endsWith("_raw__stream_workflow_run"))).toEqual(["github_webhook_raw__stream_workflow_run"]);
    expect(rest.created).toContain("pagerduty_webhook_raw__stream_incident_triggered");
    const [row] = api.appends[2].rows;
    expect(row._airbyte_meta).toBe('{"changes":[]}');
    expect(String(row._airbyte_generation_id)).toBe("0");
  }, 60_000);

  it("opens a table's stream again for the next delivery when opening it failed; closing ends the stream", async () => {
    const tables = new Set<string>();
    const api = await fakeWriteApi(tables, { streams: ["the caller does not have permission"] });
    const rest = await fakeTables(tables);
    closers.push(api.close, rest.stub.close);
    const writer = new BigQueryDeliveryWriter({ projectId: "p", dataset: "airbyte_internal", client: client(api.port), bigquery: rest.bigquery });
    await expect(writer.write(run("first"))).rejects.toThrow(/the caller does not have permission/);
    expect(await writer.write(run("first"))).toBe("landed");
    // refused, then not found (the table is made), then found
    expect(api.streamLookups).toHaveLength(3);
    expect(api.appends.map((a) => a.rows.map((row) => row._airbyte_raw_id))).toEqual([["github:first"]]);
    expect(api.endedStreams()).toBe(0);
    await writer.close();
    const deadline = Date.now() + 10_000;
    while (api.endedStreams() === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.endedStreams()).toBe(1);
  }, 60_000);
});
