import { quoteIdentifier, quoteLiteral, type Warehouse } from "./duckdb.ts";

/**
 * Who has written to a warehouse file, kept in the file itself so every process (and every copy of
 * the file) agrees: a demo run may replace a file that only demo runs wrote, never one that an
 * ingest, a webhook delivery or a runbook record reached. One row per origin, `real` for good.
 */
const TABLE = "_doraform_provenance";

/**
 * `empty`: no table at all; `demo`: only demo runs wrote to it; `real`: an ingest, a delivery or a
 * runbook record did; `unknown`: tables but no provenance (an older doraform, or another tool), so
 * it is treated as real.
 */
export type Provenance = "empty" | "demo" | "real" | "unknown";

const table = (warehouse: Warehouse) => `${quoteIdentifier(warehouse.catalog)}.main.${TABLE}`;
const createTable = (warehouse: Warehouse) => warehouse.run(`create table if not exists ${table(warehouse)} (origin varchar primary key, since timestamptz not null)`);

export async function readProvenance(warehouse: Warehouse): Promise<Provenance> {
  const tables = await warehouse.all<{ table_schema: string; table_name: string }>(
    `select table_schema, table_name from information_schema.tables where table_catalog = ${quoteLiteral(warehouse.catalog)}`,
  );
  if (tables.length === 0) return "empty";
  if (!tables.some((t) => t.table_schema === "main" && t.table_name === TABLE)) return "unknown";
  const origins = new Set((await warehouse.all<{ origin: string }>(`select origin from ${table(warehouse)}`)).map((row) => row.origin));
  return origins.has("real") ? "real" : origins.has("demo") ? "demo" : "unknown";
}

/** Open warehouses whose file was seen marked real by an earlier, committed transaction: nothing removes that mark. */
const seenReal = new WeakSet<Warehouse>();

/**
 * Marks the file as holding real data. Idempotent and cheap: it runs inside every delivery batch's
 * transaction, so the mark commits with the data; once a committed mark is seen, an open warehouse
 * skips it (a write to the mark on every batch cost about 3 ms, a look about 1 ms).
 */
export async function markReal(warehouse: Warehouse): Promise<void> {
  if (seenReal.has(warehouse)) return;
  await createTable(warehouse);
  const marked = await warehouse.all(`select 1 from ${table(warehouse)} where origin = 'real'`);
  // a mark found here was committed before: this transaction inserts one only when there is none
  if (marked.length > 0) seenReal.add(warehouse);
  else await warehouse.run(`insert into ${table(warehouse)} values ('real', now())`);
}

/**
 * A demo run's start: empties a file that only demo runs wrote (or that holds nothing) and marks it
 * as the demo's, in one transaction. Returns the provenance it found; a `real` or `unknown` file is
 * left untouched.
 */
export async function startDemo(warehouse: Warehouse): Promise<Provenance> {
  return inTransaction(warehouse, async () => {
    const found = await readProvenance(warehouse);
    if (found === "empty" || found === "demo") {
      await dropEverything(warehouse);
      await createTable(warehouse);
      await warehouse.run(`insert into ${table(warehouse)} values ('demo', now())`);
    }
    return found;
  });
}

/**
 * Before the first real write by an ingest: a file that only demo runs wrote loses everything they
 * wrote (raw rows, saved source state, models), so no demo state or row mixes with real data; then
 * the file is marked real. Returns whether demo data was removed.
 */
export async function claimForRealData(warehouse: Warehouse): Promise<boolean> {
  return inTransaction(warehouse, async () => {
    const demo = (await readProvenance(warehouse)) === "demo";
    if (demo) await dropEverything(warehouse);
    await markReal(warehouse);
    return demo;
  });
}

/** Every schema, table and view of the file, so it is as new (what models or syncs created is theirs to create again). */
async function dropEverything(warehouse: Warehouse): Promise<void> {
  const catalog = quoteLiteral(warehouse.catalog);
  const schemas = await warehouse.all<{ schema_name: string }>(`select schema_name from duckdb_schemas() where database_name = ${catalog} and not internal`);
  for (const { schema_name } of schemas) await warehouse.run(`drop schema ${quoteIdentifier(warehouse.catalog)}.${quoteIdentifier(schema_name)} cascade`);
  const inMain = await warehouse.all<{ name: string; kind: string }>(
    `select view_name as name, 'view' as kind from duckdb_views() where database_name = ${catalog} and schema_name = 'main' and not internal
     union all select table_name, 'table' from duckdb_tables() where database_name = ${catalog} and schema_name = 'main'
     order by kind desc`,
  );
  for (const { name, kind } of inMain) await warehouse.run(`drop ${kind} ${quoteIdentifier(warehouse.catalog)}.main.${quoteIdentifier(name)}`);
}

async function inTransaction<T>(warehouse: Warehouse, work: () => Promise<T>): Promise<T> {
  await warehouse.run("begin transaction");
  try {
    const result = await work();
    await warehouse.run("commit");
    return result;
  } catch (error) {
    await warehouse.run("rollback");
    throw error;
  }
}
