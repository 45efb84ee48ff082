import { DuckDBTimestampTZValue } from "@duckdb/node-api";
import type { AirbyteRecord, StreamDescriptor } from "../protocol/messages.ts";
import type { StateMap } from "../protocol/source.ts";
import { openWarehouse, quoteIdentifier, type Warehouse } from "../../core/duckdb.ts";
import { rawRow, rawTableName, savedState, STATE_TABLE, type Loader, type RawRow } from "./raw-table.ts";

/** The raw layout's columns in DuckDB types; the webhook receiver creates its raw tables with them too. */
const RAW_COLUMNS = "(_airbyte_raw_id VARCHAR NOT NULL, _airbyte_extracted_at TIMESTAMPTZ NOT NULL, _airbyte_loaded_at TIMESTAMPTZ, _airbyte_data VARCHAR NOT NULL, _airbyte_meta VARCHAR, _airbyte_generation_id BIGINT)";

/** Rows per INSERT statement (6 parameters each). */
const ROWS_PER_INSERT = 500;
/** Past this many buffered records they are written without a state, to bound memory. */
const FLUSH_AT = 20_000;

/** Lands records in the embedded warehouse: raw tables and state change in one transaction per STATE. */
export class DuckDbLoader implements Loader {
  readonly #buffer = new Map<string, RawRow[]>();
  #buffered = 0;

  readonly #tables: RawTables;

  private constructor(readonly warehouse: Warehouse, readonly dataset: string) {
    this.#tables = new RawTables(warehouse, dataset);
  }

  static async open(options: { file: string; catalog: string; dataset: string }): Promise<DuckDbLoader> {
    const warehouse = await openWarehouse({ file: options.file, catalog: options.catalog });
    const loader = new DuckDbLoader(warehouse, options.dataset);
    await warehouse.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.dataset)}`);
    await warehouse.run(
      `CREATE TABLE IF NOT EXISTS ${loader.#tables.name(STATE_TABLE)} (namespace VARCHAR NOT NULL, stream VARCHAR NOT NULL, state VARCHAR, updated_at TIMESTAMPTZ, PRIMARY KEY (namespace, stream))`,
    );
    return loader;
  }

  async prepare(namespace: string, streams: string[]): Promise<void> {
    for (const stream of streams) await this.#tables.ensure(rawTableName(namespace, stream));
  }

  async readState(namespace: string): Promise<StateMap> {
    const rows = await this.warehouse.all<{ stream: string; state: string }>(
      `SELECT stream, state FROM ${this.#tables.name(STATE_TABLE)} WHERE namespace = '${namespace.replaceAll("'", "''")}'`,
    );
    return savedState(rows);
  }

  async add(record: AirbyteRecord): Promise<void> {
    const table = rawTableName(record.namespace, record.stream);
    let rows = this.#buffer.get(table);
    if (!rows) this.#buffer.set(table, (rows = []));
    rows.push(rawRow(record));
    if (++this.#buffered >= FLUSH_AT) await this.#transaction(async () => undefined);
  }

  async commit(stream: StreamDescriptor & { namespace: string }, state: unknown): Promise<void> {
    await this.#transaction(() =>
      this.warehouse.connection.run(`INSERT OR REPLACE INTO ${this.#tables.name(STATE_TABLE)} VALUES ($1, $2, $3, now())`, [
        stream.namespace,
        stream.name,
        JSON.stringify(state),
      ]),
    );
  }

  async close(): Promise<void> {
    // records after the last STATE are landed too: staging deduplicates, and a rerun reads them again anyway
    if (this.#buffered > 0) await this.#transaction(async () => undefined);
    this.warehouse.close();
  }

  /** Writes every buffered record, then `after`, atomically. */
  async #transaction(after: () => Promise<unknown>): Promise<void> {
    const connection = this.warehouse.connection;
    await connection.run("BEGIN TRANSACTION");
    try {
      for (const [table, rows] of this.#buffer) {
        await this.#tables.ensure(table);
        for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
          const chunk = rows.slice(start, start + ROWS_PER_INSERT);
          const placeholders = chunk.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, now(), $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`);
          const values = chunk.flatMap((row) => [
            row._airbyte_raw_id,
            new DuckDBTimestampTZValue(BigInt(row._airbyte_extracted_at.getTime()) * 1000n),
            row._airbyte_data,
            row._airbyte_meta,
            row._airbyte_generation_id,
          ]);
          await connection.run(`INSERT INTO ${this.#tables.name(table)} VALUES ${placeholders.join(", ")}`, values);
        }
      }
      await after();
      await connection.run("COMMIT");
    } catch (error) {
      await connection.run("ROLLBACK");
      throw error;
    }
    this.#buffer.clear();
    this.#buffered = 0;
  }

}

/** The raw dataset's tables in the embedded warehouse: quoted names, created on first use with the raw layout. */
export class RawTables {
  readonly #created = new Set<string>();

  constructor(private readonly warehouse: Warehouse, private readonly dataset: string) {}

  name(table: string): string {
    return `${quoteIdentifier(this.dataset)}.${quoteIdentifier(table)}`;
  }

  async ensure(table: string): Promise<void> {
    if (this.#created.has(table)) return;
    await this.warehouse.run(`CREATE TABLE IF NOT EXISTS ${this.name(table)} ${RAW_COLUMNS}`);
    this.#created.add(table);
  }
}
