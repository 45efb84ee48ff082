import * as fs from "node:fs";
import * as path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

/** Where the embedded warehouse lives when no --database is given: the working directory. */
export const DEFAULT_DATABASE_FILE = "doraform.duckdb";

export interface WarehouseOptions {
  /** The DuckDB file; created when missing (unless readOnly). */
  file: string;
  /** The catalog name the file is attached under: the Dataform project's defaultProject, so refs resolve. */
  catalog: string;
  readOnly?: boolean;
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
 * so Dataform's three-part names `project.dataset.table` address it, in UTC like BigQuery.
 */
export async function openWarehouse(options: WarehouseOptions): Promise<Warehouse> {
  const file = path.resolve(options.file);
  if (!options.readOnly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const catalog = options.catalog;
  await connection.run("SET TimeZone = 'UTC'");
  await connection.run(
    `ATTACH ${quoteLiteral(file)} AS ${quoteIdentifier(catalog)}${options.readOnly ? " (READ_ONLY)" : ""}`,
  );
  await connection.run(`USE ${quoteIdentifier(catalog)}`);
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
