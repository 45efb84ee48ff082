/** The fixture Dataform project, copied per test so a test can break it, and its raw data. */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { onTestFinished } from "vitest";
import { openWarehouse } from "../../core/duckdb.ts";
import { CLI } from "../helpers/cli.ts";

export const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/dataform-project");
export const CATALOG = "fixture-project";
const REPOSITORY = path.resolve(import.meta.dirname, "../..");

/**
 * A scratch folder holding a copy of the fixture project (`project`) and a database path
 * (`database`), removed when the test ends.
 */
export function scratch(): { dir: string; project: string; database: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-warehouse-"));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  const project = path.join(dir, "project");
  fs.cpSync(FIXTURE, project, { recursive: true });
  return { dir, project, database: path.join(dir, "warehouse.duckdb") };
}

export interface RawOrder {
  order_id: number;
  customer_id: number;
  amount_cents: number;
  status: string;
  updated_at: string;
}

/** Replaces the raw tables the fixture declares (raw.orders, raw.events) with these rows; `events: null` leaves raw.events out. */
export async function seedRaw(database: string, orders: RawOrder[], events: Array<[number, string, string]> | null = []): Promise<void> {
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG });
  try {
    await warehouse.run(`CREATE SCHEMA IF NOT EXISTS raw`);
    await warehouse.run(
      `CREATE OR REPLACE TABLE raw.orders (order_id BIGINT, customer_id BIGINT, amount_cents BIGINT, status VARCHAR, updated_at TIMESTAMPTZ)`,
    );
    for (const o of orders) {
      await warehouse.run(
        `INSERT INTO raw.orders VALUES (${o.order_id}, ${o.customer_id}, ${o.amount_cents}, '${o.status}', TIMESTAMPTZ '${o.updated_at}')`,
      );
    }
    if (events === null) return;
    await warehouse.run(`CREATE OR REPLACE TABLE raw.events (order_id BIGINT, event VARCHAR, occurred_at TIMESTAMPTZ)`);
    for (const [orderId, event, at] of events) {
      await warehouse.run(`INSERT INTO raw.events VALUES (${orderId}, '${event}', TIMESTAMPTZ '${at}')`);
    }
  } finally {
    warehouse.close();
  }
}

/** Rows of a query against the database, read-only. */
export async function query<T = Record<string, unknown>>(database: string, sql: string): Promise<T[]> {
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    return await warehouse.all<T>(sql);
  } finally {
    warehouse.close();
  }
}

/** The names of the tables and views in a schema of the database, sorted. */
export async function relations(database: string, schema: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    database,
    `SELECT table_name FROM information_schema.tables WHERE table_catalog = '${CATALOG}' AND table_schema = '${schema}' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

/** Runs `doraform <args>` as a child process from the repository. */
export function doraform(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: REPOSITORY }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}
