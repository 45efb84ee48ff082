import { DuckDBTimestampTZValue } from "@duckdb/node-api";
import { openWarehouse, quoteIdentifier, type Warehouse } from "../../core/duckdb.ts";
import { markReal } from "../../core/provenance.ts";
import { RawTables } from "../load/duckdb.ts";
import { rawTableName } from "../load/raw-table.ts";
import type { Delivery, DeliveryWriter } from "./delivery.ts";

/** Keys of every delivery ever landed, beside the raw tables: the deduplication is part of the commit. */
export const DELIVERIES_TABLE = "_doraform_webhook_deliveries";

/** Rows per INSERT statement. */
const ROWS_PER_INSERT = 500;

const chunks = <T>(items: T[]): T[][] => Array.from({ length: Math.ceil(items.length / ROWS_PER_INSERT) }, (_, i) => items.slice(i * ROWS_PER_INSERT, (i + 1) * ROWS_PER_INSERT));
const timestamp = (date: Date) => new DuckDBTimestampTZValue(BigInt(date.getTime()) * 1000n);

interface Pending {
  delivery: Delivery;
  resolve: (outcome: "landed" | "duplicate") => void;
  reject: (error: unknown) => void;
}

/**
 * Lands deliveries in the embedded warehouse. A DuckDB file has one writer, so writes queue up and
 * whatever arrived while a commit was running goes into the next one (group commit): each delivery
 * is acknowledged after the COMMIT that holds it.
 */
export class DuckDbDeliveryWriter implements DeliveryWriter {
  #queue: Pending[] = [];
  #draining: Promise<void> | undefined;

  readonly #tables: RawTables;

  private constructor(readonly warehouse: Warehouse, readonly dataset: string) {
    this.#tables = new RawTables(warehouse, dataset);
  }

  /** `waitMs` and `log`: how long to wait for the file while another process holds it, and where to say so (openWarehouse). */
  static async open(options: { file: string; catalog: string; dataset: string; waitMs?: number; log?: (line: string) => void }): Promise<DuckDbDeliveryWriter> {
    const warehouse = await openWarehouse({ file: options.file, catalog: options.catalog, waitMs: options.waitMs, log: options.log });
    const writer = new DuckDbDeliveryWriter(warehouse, options.dataset);
    await warehouse.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.dataset)}`);
    await warehouse.run(
      `CREATE TABLE IF NOT EXISTS ${writer.#tables.name(DELIVERIES_TABLE)} (delivery_key VARCHAR PRIMARY KEY, namespace VARCHAR NOT NULL, stream VARCHAR NOT NULL, received_at TIMESTAMPTZ NOT NULL)`,
    );
    return writer;
  }

  write(delivery: Delivery): Promise<"landed" | "duplicate"> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ delivery, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Lands a batch in one transaction (the receiver's spool drains through this): each delivery's outcome, in order. */
  land(deliveries: Delivery[]): Promise<Array<"landed" | "duplicate">> {
    return this.#commit(deliveries);
  }

  async close(): Promise<void> {
    await this.#draining;
    this.warehouse.close();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        const outcomes = await this.#commit(batch.map((p) => p.delivery));
        batch.forEach((p, i) => p.resolve(outcomes[i]));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.#draining = undefined;
  }

  /** One transaction: claim the keys (a key already claimed is a duplicate), then insert the claimed rows per table. */
  async #commit(deliveries: Delivery[]): Promise<Array<"landed" | "duplicate">> {
    const connection = this.warehouse.connection;
    for (const d of deliveries) await this.#tables.ensure(rawTableName(d.namespace, d.stream));
    // a key repeated inside the batch: the first one may land, the others are duplicates
    const first = new Map<string, Delivery>();
    for (const d of deliveries) if (!first.has(d.key)) first.set(d.key, d);
    const claimed = new Set<string>();
    await connection.run("BEGIN TRANSACTION");
    try {
      await markReal(this.warehouse); // a delivery or a runbook record makes the file real for good (no demo run replaces it)
      for (const chunk of chunks([...first.values()])) {
        const placeholders = chunk.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`);
        const values = chunk.flatMap((d) => [d.key, d.namespace, d.stream, timestamp(d.receivedAt)]);
        const reader = await connection.runAndReadAll(
          `INSERT INTO ${this.#tables.name(DELIVERIES_TABLE)} VALUES ${placeholders.join(", ")} ON CONFLICT DO NOTHING RETURNING delivery_key`,
          values,
        );
        for (const [key] of reader.getRows()) claimed.add(String(key));
      }
      const byTable = new Map<string, Delivery[]>();
      for (const d of first.values()) {
        if (!claimed.has(d.key)) continue;
        const table = rawTableName(d.namespace, d.stream);
        byTable.set(table, [...(byTable.get(table) ?? []), d]);
      }
      for (const [table, rows] of byTable) {
        for (const chunk of chunks(rows)) {
          const placeholders = chunk.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, now(), $${i * 4 + 3}, $${i * 4 + 4}, 0)`);
          const values = chunk.flatMap((d) => [d.key, timestamp(d.receivedAt), JSON.stringify(d.data), JSON.stringify({ changes: [] })]);
          await connection.run(`INSERT INTO ${this.#tables.name(table)} VALUES ${placeholders.join(", ")}`, values);
        }
      }
      await connection.run("COMMIT");
    } catch (error) {
      await connection.run("ROLLBACK");
      throw error;
    }
    return deliveries.map((d) => (claimed.has(d.key) && first.get(d.key) === d ? "landed" : "duplicate"));
  }

}
