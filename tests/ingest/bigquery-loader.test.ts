import { afterEach, describe, expect, it } from "vitest";
import { UserError } from "../../cli/errors.ts";
import { BigQueryLoader } from "../../ingest/load/bigquery.ts";
import { fakeBigQuery } from "./bigquery-stub.ts";

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
