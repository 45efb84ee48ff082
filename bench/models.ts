/**
 * The DORA models on a large generated organisation, its raw tables written directly (DESIGN.md):
 * a full build, then an incremental rebuild after one new day of data, and the floor: the time
 * DuckDB needs just to read the raw tables once (every record's text, and parsing each as JSON).
 * Prints a markdown table.
 *
 *   npx tsx bench/models.ts [--services N] [--weeks N] [--seed N]   (default: the generator's large size)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { generateOrganisation, SIZES } from "../demo/generate/index.ts";
import type { Organisation } from "../demo/model/organisation.ts";
import { snapshotAt } from "../demo/server/snapshot.ts";
import { openWarehouse, quoteIdentifier } from "../warehouse/duckdb.ts";
import { transform } from "../warehouse/transform.ts";
import { landRawStreams, newRecords, RAW_DATASET, rawStreams } from "../tests/models/raw-from-organisation.ts";
import { organisationVars } from "../demo/model/dataform-vars.ts";
import { CATALOG, failures } from "../tests/models/run-models.ts";

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const services = flag("services", SIZES.large.services);
const weeks = flag("weeks", SIZES.large.weeks);
const seed = flag("seed", 1);

async function timed<T>(label: string, work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  console.error(`${label}: ${seconds.toFixed(1)} s`);
  return { value, seconds };
}

async function run(database: string, org: Organisation): Promise<void> {
  const result = await transform({ database, vars: organisationVars(org) });
  const failed = failures(result);
  if (failed.length > 0) throw new Error(`transform failed:\n${failed.join("\n")}`);
}

const today = generateOrganisation({ seed, services, weeks });
const asOf = today.as_of.includes("T") ? today.as_of : `${today.as_of}T23:59:59Z`;
const yesterdayAt = new Date(Date.parse(asOf) - 86_400_000).toISOString().slice(0, 19) + "Z";
const yesterday = { ...snapshotAt(today, yesterdayAt), as_of: yesterdayAt };
const rawYesterday = rawStreams(yesterday);
const rawToday = rawStreams(today);
const newDay = newRecords(rawYesterday, rawToday);
const count = (streams: Map<string, unknown[]>) => [...streams.values()].reduce((n, list) => n + list.length, 0);

const database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doraform-bench-models-")), "bench.duckdb");
const warehouse = await openWarehouse({ file: database, catalog: CATALOG });
await landRawStreams(warehouse, rawYesterday, yesterdayAt);
const tables = [...rawYesterday.keys()].map((t) => `${quoteIdentifier(CATALOG)}.${RAW_DATASET}.${quoteIdentifier(t)}`);
const readText = await timed("read raw text", () =>
  warehouse.all(tables.map((t) => `select sum(length(_airbyte_data)) as n from ${t}`).join(" union all ")),
);
const readJson = await timed("read and parse raw JSON", () =>
  warehouse.all(tables.map((t) => `select count(json_extract(_airbyte_data, '$.id')) as n from ${t}`).join(" union all ")),
);
warehouse.close();

const full = await timed("full build", () => run(database, yesterday));
const landing = await openWarehouse({ file: database, catalog: CATALOG });
await landRawStreams(landing, newDay, asOf);
landing.close();
const incremental = await timed("incremental rebuild", () => run(database, today));

const ratio = (seconds: number) => (seconds / readJson.seconds).toFixed(1);
console.log(`Organisation: seed ${seed}, ${services} services, ${weeks} weeks: ${count(rawYesterday).toLocaleString("en")} raw records, then ${count(newDay).toLocaleString("en")} new ones for the last day.\n`);
console.log("| step | seconds | × the floor (read + parse raw JSON once) |");
console.log("|---|---:|---:|");
console.log(`| read every raw record's text once | ${readText.seconds.toFixed(1)} | ${ratio(readText.seconds)} |`);
console.log(`| read and parse every raw record once (the floor) | ${readJson.seconds.toFixed(1)} | 1.0 |`);
console.log(`| full build (compile, unit tests, every model and assertion) | ${full.seconds.toFixed(1)} | ${ratio(full.seconds)} |`);
console.log(`| incremental rebuild after one new day | ${incremental.seconds.toFixed(1)} | ${ratio(incremental.seconds)} |`);
