import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BigQuery } from "@google-cloud/bigquery";
import { afterEach, describe, expect, it } from "vitest";
import { UserError } from "../../core/errors.ts";
import { BigQueryLoader } from "../../ingest/load/bigquery.ts";
import { fakeBigQuery } from "./bigquery-stub.ts";
import { json, startStub, type StubRequest } from "./stub-server.ts";

const stubs: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((stub) => stub.close()));
});

const record = (stream: string, data: Record<string, unknown>) => ({ namespace: "github", stream, data, emitted_at: Date.parse("2026-03-04T10:00:00Z") });

describe("the BigQuery loader", () => {
  it("creates the raw dataset and tables with Airbyte's schema, partitioned by day on _airbyte_extracted_at", async () => {
    const fake = await fakeBigQuery();
    stubs.push(fake.stub);
    const loader = await BigQueryLoader.create({ projectId: "p", dataset: "airbyte_internal", bigquery: fake.bigquery });
    await loader.prepare("github", ["workflow_runs"]);
    const table = fake.tables.get("airbyte_internal.github_raw__stream_workflow_runs")!;
    expect(table.schema).toEqual({
      fields: [
        { name: "_airbyte_raw_id", type: "STRING", mode: "REQUIRED" },
        { name: "_airbyte_extracted_at", type: "TIMESTAMP", mode: "REQUIRED" },
        { name: "_airbyte_loaded_at", type: "TIMESTAMP", mode: "NULLABLE" },
        { name: "_airbyte_data", type: "STRING", mode: "REQUIRED" },
        { name: "_airbyte_meta", type: "STRING", mode: "NULLABLE" },
        { name: "_airbyte_generation_id", type: "INTEGER", mode: "NULLABLE" },
      ],
    });
    expect(table.timePartitioning).toEqual({ type: "DAY", field: "_airbyte_extracted_at" });
    expect(fake.tables.has("airbyte_internal._doraform_state")).toBe(true);
    await loader.close();
  });

  it("lands records with an NDJSON append load job, and the state only after it, then reads the state back", async () => {
    const fake = await fakeBigQuery();
    stubs.push(fake.stub);
    const loader = await BigQueryLoader.create({ projectId: "p", dataset: "airbyte_internal", bigquery: fake.bigquery });
    await loader.prepare("github", ["workflow_runs"]);
    await loader.add(record("workflow_runs", { id: 1 }));
    await loader.add(record("workflow_runs", { id: 2 }));
    await loader.commit({ namespace: "github", name: "workflow_runs" }, { "acme/api": { updated_at: "2026-03-04T10:00:00Z" } });

    expect(fake.loads.map((load) => (load.configuration.load.destinationTable as { tableId: string }).tableId)).toEqual([
      "github_raw__stream_workflow_runs",
      "_doraform_state",
    ]);
    const [records] = fake.loads;
    expect(records!.configuration.load).toMatchObject({ sourceFormat: "NEWLINE_DELIMITED_JSON", writeDisposition: "WRITE_APPEND" });
    expect(records!.rows.map((row) => JSON.parse(row._airbyte_data as string))).toEqual([{ id: 1 }, { id: 2 }]);
    expect(records!.rows[0]).toMatchObject({ _airbyte_extracted_at: "2026-03-04T10:00:00.000Z", _airbyte_generation_id: 0 });
    expect(records!.rows[0]!._airbyte_raw_id).not.toBe(records!.rows[1]!._airbyte_raw_id);

    const state = await loader.readState("github");
    expect(state.get("workflow_runs")).toEqual({ "acme/api": { updated_at: "2026-03-04T10:00:00Z" } });
    // a reset (`ingest --reset-state`) appends a null state: the stream has none
    await loader.commit({ namespace: "github", name: "workflow_runs" }, null);
    expect(await loader.readState("github")).toEqual(new Map());
    await loader.close();
  });

  it("surfaces a failed load job with BigQuery's message, and commits no state after it", async () => {
    const fake = await fakeBigQuery({ failLoadsInto: "github_raw__stream_workflow_runs" });
    stubs.push(fake.stub);
    const loader = await BigQueryLoader.create({ projectId: "p", dataset: "airbyte_internal", bigquery: fake.bigquery });
    await loader.prepare("github", ["workflow_runs"]);
    await loader.add(record("workflow_runs", { id: 1 }));
    const failure = await loader.commit({ namespace: "github", name: "workflow_runs" }, { cursor: 1 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as Error).message).toBe(
      "bigquery: load job into airbyte_internal.github_raw__stream_workflow_runs failed: JSON parsing error in row starting at position 0",
    );
    expect(fake.loads.some((load) => (load.configuration.load.destinationTable as { tableId: string }).tableId === "_doraform_state")).toBe(false);
  });
});

describe("the BigQuery loader's tables, state and clean-up", () => {
  const paths = (fake: { stub: { requests: StubRequest[] } }, method: string) =>
    fake.stub.requests.filter((r) => r.method === method).map((r) => new URL(r.url, "http://stub").pathname);

  it("creates the dataset in its location and the state table unpartitioned; a table already there is left alone", async () => {
    const fake = await fakeBigQuery();
    stubs.push(fake.stub);
    const loader = await BigQueryLoader.create({ projectId: "p", dataset: "airbyte_internal", location: "EU", bigquery: fake.bigquery });
    const dataset = JSON.parse(fake.stub.requests.find((r) => r.method === "POST")!.body);
    expect(dataset).toMatchObject({ datasetReference: { datasetId: "airbyte_internal" }, location: "EU" });
    expect(fake.tables.get("airbyte_internal._doraform_state")).toEqual({
      tableReference: { projectId: "p", datasetId: "airbyte_internal", tableId: "_doraform_state" },
      schema: {
        fields: [
          { name: "namespace", type: "STRING", mode: "REQUIRED" },
          { name: "stream", type: "STRING", mode: "REQUIRED" },
          { name: "state", type: "STRING", mode: "NULLABLE" },
          { name: "updated_at", type: "TIMESTAMP", mode: "REQUIRED" },
        ],
      },
    });
    await loader.prepare("github", ["commits"]);
    expect(fake.tables.get("airbyte_internal.github_raw__stream_commits")).toMatchObject({ clustering: { fields: ["_airbyte_extracted_at"] } });
    // a table is looked up once per loader
    await loader.prepare("github", ["commits"]);
    expect(paths(fake, "GET").filter((p) => p.endsWith("/tables/github_raw__stream_commits"))).toHaveLength(1);
    await loader.close();

    // the next sync finds dataset and tables: it creates nothing
    const posts = paths(fake, "POST").length;
    const again = await BigQueryLoader.create({ projectId: "p", dataset: "airbyte_internal", bigquery: fake.bigquery });
    await again.prepare("github", ["commits"]);
    expect(paths(fake, "POST")).toHaveLength(posts);
    await again.close();
  });

  it("appends the state as a row naming namespace, stream and time, loads into existing tables only, and asks for the newest state per stream", async () => {
    const fake = await fakeBigQuery();
    stubs.push(fake.stub);
    const loader = await BigQueryLoader.create({ projectId: "p", dataset: "airbyte_internal", location: "EU", bigquery: fake.bigquery });
    const before = Date.now();
    await loader.add(record("commits", { sha: "a1" }));
    await loader.add(record("workflow_runs", { id: 9 }));
    await loader.commit({ namespace: "github", name: "commits" }, { cursor: "2026-03-04" });
    // one load per table with records, then the state
    expect(fake.loads.map((l) => (l.configuration.load.destinationTable as { tableId: string }).tableId)).toEqual([
      "github_raw__stream_commits",
      "github_raw__stream_workflow_runs",
      "_doraform_state",
    ]);
    for (const load of fake.loads) expect(load.configuration.load).toMatchObject({ createDisposition: "CREATE_NEVER", writeDisposition: "WRITE_APPEND" });
    const [row] = fake.loads[2]!.rows;
    expect(row).toMatchObject({ namespace: "github", stream: "commits", state: '{"cursor":"2026-03-04"}' });
    expect(Date.parse(row!.updated_at as string)).toBeGreaterThanOrEqual(before);
    const landed = fake.loads[0]!.rows[0]!;
    expect(landed._airbyte_meta).toBe('{"changes":[]}');
    expect(Date.parse(landed._airbyte_loaded_at as string)).toBeGreaterThanOrEqual(before);

    await loader.readState("github");
    const query = JSON.parse(fake.stub.requests.at(-1)!.body);
    expect(query.query).toBe(
      "SELECT stream, state FROM `p.airbyte_internal._doraform_state` WHERE namespace = @namespace QUALIFY ROW_NUMBER() OVER (PARTITION BY stream ORDER BY updated_at DESC) = 1",
    );
    expect(query.queryParameters).toEqual([{ name: "namespace", parameterType: { type: "STRING" }, parameterValue: { value: "github" } }]);
    expect(query.location).toBe("EU");

    // a commit with nothing new loads only its state; close loads what came after the last state
    await loader.commit({ namespace: "github", name: "workflow_runs" }, { cursor: 1 });
    expect(fake.loads).toHaveLength(4);
    await loader.add(record("commits", { sha: "b2" }));
    await loader.close();
    expect(fake.loads).toHaveLength(5);
    expect(fake.loads[4]!.rows.map((r) => JSON.parse(r._airbyte_data as string))).toEqual([{ sha: "b2" }]);
  });

  it("names what failed, on one line, when BigQuery refuses the dataset, a table or the state query", async () => {
    // the dataset and the state table exist; the raw table and the query are refused
    const stub = await startStub((request, response) => {
      const path = new URL(request.url, "http://stub").pathname;
      if (path.endsWith("/datasets/airbyte_internal") || path.endsWith("/tables/_doraform_state")) return json(response, 200, {});
      if (path.endsWith("/queries")) return json(response, 400, { error: { code: 400, message: "Unrecognized name: updated_at\nat [1:9]", errors: [] } });
      json(response, 403, { error: { code: 403, message: "Access Denied: Table p:airbyte_internal.github_raw__stream_commits: Permission denied", errors: [] } });
    });
    stubs.push(stub);
    const bigquery = new BigQuery({ apiEndpoint: stub.url, projectId: "p", authClient: { getRequestHeaders: async () => new Headers() } as never });
    const loader = await BigQueryLoader.create({ projectId: "p", dataset: "airbyte_internal", bigquery });
    const message = (promise: Promise<unknown>) => promise.then(() => "", (error: Error) => (error instanceof UserError ? error.message : `not a UserError: ${error}`));
    expect(await message(loader.prepare("github", ["commits"]))).toBe(
      "bigquery: table airbyte_internal.github_raw__stream_commits failed: Access Denied: Table p:airbyte_internal.github_raw__stream_commits: Permission denied",
    );
    expect(await message(loader.readState("github"))).toBe("bigquery: query of airbyte_internal._doraform_state failed: Unrecognized name: updated_at");
    const refusing = await startStub((_request, response) => json(response, 403, { error: { code: 403, message: "Access Denied: Dataset p:airbyte_internal", errors: [] } }));
    stubs.push(refusing);
    const denied = new BigQuery({ apiEndpoint: refusing.url, projectId: "p", authClient: { getRequestHeaders: async () => new Headers() } as never });
    expect(await message(BigQueryLoader.create({ projectId: "p", dataset: "airbyte_internal", bigquery: denied }))).toBe(
      "bigquery: dataset airbyte_internal failed: Access Denied: Dataset p:airbyte_internal",
    );
  });

  it("removes its NDJSON files when it closes", async () => {
    const fake = await fakeBigQuery();
    stubs.push(fake.stub);
    const tmp = mkdtempSync(join(tmpdir(), "doraform-loader-tmp-"));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const loader = await BigQueryLoader.create({ projectId: "p", dataset: "airbyte_internal", bigquery: fake.bigquery });
      await loader.add(record("commits", { sha: "a1" }));
      await loader.commit({ namespace: "github", name: "commits" }, { cursor: 1 });
      expect(readdirSync(tmp)).toHaveLength(1);
      await loader.close();
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      process.env.TMPDIR = previous;
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
