import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BigQuery, type TableSchema } from "@google-cloud/bigquery";
import { UserError } from "../../core/errors.ts";
import type { AirbyteRecord, StreamDescriptor } from "../protocol/messages.ts";
import type { StateMap } from "../protocol/source.ts";
import { rawRow, rawTableName, savedState, STATE_TABLE, type Loader } from "./raw-table.ts";

/** Airbyte's BigQuery raw schema (SCHEMA_V2): the record is JSON text, not the JSON type. */
export const RAW_SCHEMA: TableSchema = {
  fields: [
    { name: "_airbyte_raw_id", type: "STRING", mode: "REQUIRED" },
    { name: "_airbyte_extracted_at", type: "TIMESTAMP", mode: "REQUIRED" },
    { name: "_airbyte_loaded_at", type: "TIMESTAMP", mode: "NULLABLE" },
    { name: "_airbyte_data", type: "STRING", mode: "REQUIRED" },
    { name: "_airbyte_meta", type: "STRING", mode: "NULLABLE" },
    { name: "_airbyte_generation_id", type: "INTEGER", mode: "NULLABLE" },
  ],
};

const STATE_SCHEMA: TableSchema = {
  fields: [
    { name: "namespace", type: "STRING", mode: "REQUIRED" },
    { name: "stream", type: "STRING", mode: "REQUIRED" },
    { name: "state", type: "STRING", mode: "NULLABLE" },
    { name: "updated_at", type: "TIMESTAMP", mode: "REQUIRED" },
  ],
};

/**
 * Lands records in BigQuery with load jobs (never streaming inserts): at each STATE, one NDJSON load
 * job per table with new records, awaited, and only then a row of state appended to the state table.
 * Raw tables are partitioned by day on `_airbyte_extracted_at`, so a model reading recent data scans
 * recent partitions.
 */
export class BigQueryLoader implements Loader {
  readonly #buffer = new Map<string, string[]>();
  readonly #ready = new Set<string>();
  readonly #directory = mkdtempSync(join(tmpdir(), "doraform-load-"));

  private constructor(readonly bigquery: BigQuery, readonly dataset: string, readonly location: string | undefined) {}

  /** `bigquery` is for tests (a client pointed at a local stub); otherwise Application Default Credentials. */
  static async create(options: { projectId: string; dataset: string; location?: string; bigquery?: BigQuery }): Promise<BigQueryLoader> {
    const bigquery = options.bigquery ?? new BigQuery({ projectId: options.projectId, location: options.location });
    const loader = new BigQueryLoader(bigquery, options.dataset, options.location);
    await loader.#call(`dataset ${options.dataset}`, async () => {
      const [exists] = await bigquery.dataset(options.dataset).exists();
      if (!exists) await bigquery.createDataset(options.dataset, { location: options.location });
    });
    await loader.#ensureTable(STATE_TABLE, STATE_SCHEMA);
    return loader;
  }

  async prepare(namespace: string, streams: string[]): Promise<void> {
    for (const stream of streams) await this.#ensureTable(rawTableName(namespace, stream), RAW_SCHEMA);
  }

  async readState(namespace: string): Promise<StateMap> {
    const table = `\`${this.bigquery.projectId}.${this.dataset}.${STATE_TABLE}\``;
    const [rows] = await this.#call(`query of ${this.dataset}.${STATE_TABLE}`, () =>
      this.bigquery.query({
        query: `SELECT stream, state FROM ${table} WHERE namespace = @namespace QUALIFY ROW_NUMBER() OVER (PARTITION BY stream ORDER BY updated_at DESC) = 1`,
        params: { namespace },
        location: this.location,
      }),
    );
    return savedState(rows as Array<{ stream: string; state: string }>);
  }

  async add(record: AirbyteRecord): Promise<void> {
    const table = rawTableName(record.namespace, record.stream);
    let lines = this.#buffer.get(table);
    if (!lines) this.#buffer.set(table, (lines = []));
    const row = rawRow(record);
    lines.push(JSON.stringify({ ...row, _airbyte_extracted_at: row._airbyte_extracted_at.toISOString(), _airbyte_loaded_at: new Date().toISOString() }));
  }

  async commit(stream: StreamDescriptor & { namespace: string }, state: unknown): Promise<void> {
    await this.#flush();
    await this.#load(STATE_TABLE, [
      JSON.stringify({ namespace: stream.namespace, stream: stream.name, state: JSON.stringify(state), updated_at: new Date().toISOString() }),
    ]);
  }

  async close(): Promise<void> {
    await this.#flush();
    rmSync(this.#directory, { recursive: true, force: true });
  }

  async #flush(): Promise<void> {
    for (const [table, lines] of this.#buffer) {
      if (lines.length > 0) await this.#load(table, lines);
      this.#buffer.delete(table);
    }
  }

  async #load(table: string, lines: string[]): Promise<void> {
    const file = join(this.#directory, `${table}.jsonl`);
    writeFileSync(file, `${lines.join("\n")}\n`);
    await this.#call(`load job into ${this.dataset}.${table}`, () =>
      this.bigquery.dataset(this.dataset).table(table).load(file, {
        sourceFormat: "NEWLINE_DELIMITED_JSON",
        writeDisposition: "WRITE_APPEND",
        createDisposition: "CREATE_NEVER",
      }),
    );
  }

  async #ensureTable(table: string, schema: TableSchema): Promise<void> {
    if (this.#ready.has(table)) return;
    const raw = schema === RAW_SCHEMA;
    await this.#call(`table ${this.dataset}.${table}`, async () => {
      const dataset = this.bigquery.dataset(this.dataset);
      const [exists] = await dataset.table(table).exists();
      if (exists) return;
      await dataset.createTable(table, {
        schema,
        ...(raw ? { timePartitioning: { type: "DAY", field: "_airbyte_extracted_at" }, clustering: { fields: ["_airbyte_extracted_at"] } } : {}),
      });
    });
    this.#ready.add(table);
  }

  /** BigQuery's own message (a job's errorResult, an API error), on one line naming what failed. */
  async #call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const message = (error as { message?: string }).message?.split("\n")[0] ?? String(error);
      throw new UserError(`bigquery: ${what} failed: ${message}`);
    }
  }
}
