import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DuckDbLoader } from "../../ingest/load/duckdb.ts";
import { projectSettings, rawRow, rawTableName } from "../../ingest/load/raw-table.ts";
import type { AirbyteRecord } from "../../ingest/protocol/messages.ts";

const dir = mkdtempSync(join(tmpdir(), "doraform-loaders-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const open = () => DuckDbLoader.open({ file: join(dir, `raw-${++files}.duckdb`), catalog: "doraform", dataset: "airbyte_internal" });
const record = (stream: string, id: number, emitted_at = Date.UTC(2026, 2, 1, 12)): AirbyteRecord => ({ namespace: "github", stream, data: { id }, emitted_at });

/** The rows of a raw table, as the models read them. */
async function landed(loader: DuckDbLoader, table: string) {
  return loader.warehouse.all<{ id: number; extracted_at: string; loaded: boolean; meta: string; generation: string }>(
    `SELECT CAST(json_extract(_airbyte_data, '$.id') AS INTEGER) AS id, strftime(_airbyte_extracted_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S') AS extracted_at,
            _airbyte_loaded_at IS NOT NULL AS loaded, _airbyte_meta AS meta, _airbyte_generation_id AS generation
     FROM airbyte_internal."${table}" ORDER BY id`,
  );
}

describe("raw table names and rows (Airbyte Destinations V2 layout)", () => {
  it("names a stream's table <namespace>_raw__stream_<stream>, with one more underscore than the longest run in the names", () => {
    expect(rawTableName("github", "commits")).toBe("github_raw__stream_commits");
    expect(rawTableName("github", "workflow_runs")).toBe("github_raw__stream_workflow_runs");
    // a double underscore in the stream: three between, so "a__b" + "c" never meets "a" + "_b__c"
    expect(rawTableName("jira", "issue__links")).toBe("jira_raw___stream_issue__links");
    expect(rawTableName("my_src", "a___b")).toBe("my_src_raw____stream_a___b");
    // characters a table name cannot hold become underscores
    expect(rawTableName("page-duty", "log entries")).toBe("page_duty_raw__stream_log_entries");
  });

  it("lands a record as its JSON, extracted at its emission time, with no changes and generation 0", () => {
    const row = rawRow({ namespace: "github", stream: "commits", data: { sha: "a1", n: 2 }, emitted_at: Date.UTC(2026, 0, 2, 3, 4, 5) });
    expect(row._airbyte_raw_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row._airbyte_extracted_at.toISOString()).toBe("2026-01-02T03:04:05.000Z");
    expect(row._airbyte_data).toBe('{"sha":"a1","n":2}');
    expect(row._airbyte_meta).toBe('{"changes":[]}');
    expect(row._airbyte_generation_id).toBe(0);
    expect(rawRow(record("commits", 1))._airbyte_raw_id).not.toBe(rawRow(record("commits", 1))._airbyte_raw_id);
  });

  it("reads the project, its location and the raw dataset from the Dataform settings, with defaults", () => {
    const full = join(dir, "full.yaml");
    writeFileSync(full, "defaultProject: acme-dora\ndefaultLocation: EU\nvars:\n  raw_dataset: raw_in\n  staging_dataset: staged\n");
    expect(projectSettings(full)).toEqual({ project: "acme-dora", location: "EU", rawDataset: "raw_in", stagingDataset: "staged" });
    const empty = join(dir, "empty.yaml");
    writeFileSync(empty, "defaultDataset: dora\n");
    expect(projectSettings(empty)).toEqual({ project: "doraform", location: undefined, rawDataset: "airbyte_internal", stagingDataset: "dora_staging" });
    // by default the repository's own workflow_settings.yaml
    expect(projectSettings()).toEqual({ project: "doraform-demo", location: "US", rawDataset: "airbyte_internal", stagingDataset: "dora_staging" });
  });
});

describe("the DuckDB loader", () => {
  it("creates the raw tables of prepared streams even with no records, and a state table", async () => {
    const loader = await open();
    try {
      await loader.prepare("github", ["commits", "workflow_runs"]);
      const tables = await loader.warehouse.all<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'airbyte_internal' ORDER BY table_name",
      );
      expect(tables.map((t) => t.table_name)).toEqual(["_doraform_state", "github_raw__stream_commits", "github_raw__stream_workflow_runs"]);
      const columns = await loader.warehouse.all<{ column_name: string; data_type: string; is_nullable: string }>(
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'github_raw__stream_commits' ORDER BY ordinal_position",
      );
      expect(columns).toEqual([
        { column_name: "_airbyte_raw_id", data_type: "VARCHAR", is_nullable: "NO" },
        { column_name: "_airbyte_extracted_at", data_type: "TIMESTAMP WITH TIME ZONE", is_nullable: "NO" },
        { column_name: "_airbyte_loaded_at", data_type: "TIMESTAMP WITH TIME ZONE", is_nullable: "YES" },
        { column_name: "_airbyte_data", data_type: "VARCHAR", is_nullable: "NO" },
        { column_name: "_airbyte_meta", data_type: "VARCHAR", is_nullable: "YES" },
        { column_name: "_airbyte_generation_id", data_type: "BIGINT", is_nullable: "YES" },
      ]);
      expect(await landed(loader, "github_raw__stream_commits")).toEqual([]);
    } finally {
      await loader.close();
    }
  });

  it("lands records with the state that follows them, across inserts of 500 rows, and reads the state back after reopening", async () => {
    const file = join(dir, "resume.duckdb");
    const loader = await DuckDbLoader.open({ file, catalog: "doraform", dataset: "airbyte_internal" });
    // 1,001 records: two full inserts of 500 and one of 1
    for (let id = 1; id <= 1001; id++) await loader.add(record("commits", id, Date.UTC(2026, 2, 1, 12, 0, id % 60)));
    // exactly 500: one insert, no empty one after it
    for (let id = 1; id <= 500; id++) await loader.add(record("workflow_runs", id));
    // nothing is written before a state
    expect(await landed(loader, "github_raw__stream_commits").catch(() => [])).toEqual([]);
    await loader.commit({ namespace: "github", name: "commits" }, { cursor: "2026-03-01", "it's": true });
    const commits = await landed(loader, "github_raw__stream_commits");
    expect(commits).toHaveLength(1001);
    expect(commits.map((r) => r.id)).toEqual(Array.from({ length: 1001 }, (_, i) => i + 1));
    expect(commits[0]).toEqual({ id: 1, extracted_at: "2026-03-01T12:00:01", loaded: true, meta: '{"changes":[]}', generation: "0" });
    expect(commits[1000]!.extracted_at).toBe("2026-03-01T12:00:41");
    // the other stream's buffered record lands in the same transaction
    expect(await landed(loader, "github_raw__stream_workflow_runs")).toHaveLength(500);
    // a second state of the same stream replaces the first
    await loader.commit({ namespace: "github", name: "commits" }, { cursor: "2026-03-02" });
    await loader.commit({ namespace: "pagerduty", name: "incidents" }, { offset: 3 });
    // a namespace with a quote is a value, not SQL
    await loader.commit({ namespace: "it's", name: "x" }, { quoted: true });
    await loader.close();

    const again = await DuckDbLoader.open({ file, catalog: "doraform", dataset: "airbyte_internal" });
    try {
      expect(await again.readState("github")).toEqual(new Map([["commits", { cursor: "2026-03-02" }]]));
      expect(await again.readState("pagerduty")).toEqual(new Map([["incidents", { offset: 3 }]]));
      expect(await again.readState("it's")).toEqual(new Map([["x", { quoted: true }]]));
      expect(await again.readState("its")).toEqual(new Map());
      expect(await landed(again, "github_raw__stream_commits")).toHaveLength(1001);
    } finally {
      await again.close();
    }
  });

  it("lands the records after the last state when it closes, and each record once", async () => {
    const file = join(dir, "tail.duckdb");
    const loader = await DuckDbLoader.open({ file, catalog: "doraform", dataset: "airbyte_internal" });
    await loader.add(record("commits", 1));
    await loader.commit({ namespace: "github", name: "commits" }, { cursor: "a" });
    await loader.add(record("commits", 2));
    await loader.close();
    const again = await DuckDbLoader.open({ file, catalog: "doraform", dataset: "airbyte_internal" });
    try {
      expect((await landed(again, "github_raw__stream_commits")).map((r) => r.id)).toEqual([1, 2]);
      expect(await again.readState("github")).toEqual(new Map([["commits", { cursor: "a" }]]));
    } finally {
      await again.close();
    }
  });

  it("writes nothing of a transaction whose state cannot be written, and lands it all with the next state", async () => {
    const loader = await open();
    try {
      // as the runner does before a sync: the stream's table exists outside any transaction
      await loader.prepare("github", ["commits"]);
      await loader.add(record("commits", 1));
      // a state JSON cannot hold: the commit fails after the records were inserted, inside the transaction
      await expect(loader.commit({ namespace: "github", name: "commits" }, { big: 1n })).rejects.toThrow(/BigInt/);
      expect(await landed(loader, "github_raw__stream_commits")).toEqual([]);
      expect(await loader.readState("github")).toEqual(new Map());
      await loader.commit({ namespace: "github", name: "commits" }, { cursor: "b" });
      expect((await landed(loader, "github_raw__stream_commits")).map((r) => r.id)).toEqual([1]);
      expect(await loader.readState("github")).toEqual(new Map([["commits", { cursor: "b" }]]));
      // a reset (`ingest --reset-state`): the stream has no state, and its records stay
      await loader.commit({ namespace: "github", name: "commits" }, null);
      expect(await loader.readState("github")).toEqual(new Map());
      expect((await landed(loader, "github_raw__stream_commits")).map((r) => r.id)).toEqual([1]);
    } finally {
      await loader.close();
    }
  });
});
