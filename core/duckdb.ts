import * as fs from "node:fs";
import * as path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { announceWait, describeHolder, LOCK_TIMEOUT_VARIABLE, lockHolder, lockTimeoutMs, WarehouseBusy } from "./waiting.ts";

/** Where the embedded warehouse lives when no --database is given: the working directory. */
export const DEFAULT_DATABASE_FILE = "doraform.duckdb";

export interface WarehouseOptions {
  /** The DuckDB file; created when missing (unless readOnly). */
  file: string;
  /** The catalog name the file is attached under: the Dataform project's defaultProject, so refs resolve. */
  catalog: string;
  readOnly?: boolean;
  /**
   * How long to wait while another process holds the file, in ms (default DORAFORM_LOCK_TIMEOUT
   * seconds, else 10 minutes). 0: throw WarehouseBusy at once, silently (the webhook receiver,
   * which backs off on its own).
   */
  waitMs?: number;
  /** Where the one line saying that it waits goes (default stderr). */
  log?: (line: string) => void;
}

export interface Warehouse {
  readonly catalog: string;
  readonly connection: DuckDBConnection;
  /** Runs one statement (or several separated by semicolons). */
  run(sql: string): Promise<void>;
  /**
   * Runs a query and returns its rows as JSON-safe objects, in DuckDB's JSON form: INTEGER and
   * DOUBLE as numbers, BIGINT, HUGEINT and DECIMAL as strings, dates and timestamps as text.
   */
  all<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): void;
}

/**
 * Opens the embedded warehouse: an in-memory DuckDB with the file attached under the project's name,
 * so Dataform's three-part names `project.dataset.table` address it, in UTC like BigQuery. While
 * another process holds the file it says so once, waits and tries again (see waiting.ts).
 */
export async function openWarehouse(options: WarehouseOptions): Promise<Warehouse> {
  const file = path.resolve(options.file);
  if (!options.readOnly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const waitMs = options.waitMs ?? lockTimeoutMs(process.env);
  const deadline = Date.now() + waitMs;
  let withdraw: (() => void) | undefined;
  try {
    for (let pause = 50; ; pause = Math.min(pause * 2, 500)) {
      try {
        return await attach(file, options);
      } catch (error) {
        const holder = lockHolder(error);
        // our own process cannot wait for itself
        if (!holder || holder.pid === process.pid) throw error;
        if (Date.now() >= deadline) {
          const reason = `in use by ${describeHolder(holder)}`;
          throw new WarehouseBusy(file, holder, waitMs === 0 ? `${file} is ${reason}` : `gave up waiting for ${file} after ${seconds(waitMs)}: ${reason} (${LOCK_TIMEOUT_VARIABLE} sets the wait in seconds)`);
        }
        if (!withdraw) {
          withdraw = announceWait(file);
          (options.log ?? ((line) => process.stderr.write(`${line}\n`)))(`waiting for ${file}: in use by ${describeHolder(holder)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(pause, deadline - Date.now())));
      }
    }
  } finally {
    withdraw?.();
  }
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

async function attach(file: string, options: WarehouseOptions): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const catalog = options.catalog;
  try {
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run(`ATTACH ${quoteLiteral(file)} AS ${quoteIdentifier(catalog)}${options.readOnly ? " (READ_ONLY)" : ""}`);
    await connection.run(`USE ${quoteIdentifier(catalog)}`);
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  return {
    catalog,
    connection,
    async run(sql) {
      await connection.run(sql);
    },
    async all<T>(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as T[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
