/**
 * The bytes BigQuery bills a nightly run for reading the raw tables, from their sizes: a generated
 * organisation is landed as of yesterday, then its last day, in the Airbyte raw layout; each raw
 * table's columns the models read are sized as BigQuery sizes them (STRING: 2 bytes + its UTF-8
 * bytes; TIMESTAMP: 8; the raw id an Airbyte UUID, 36 characters), whole and for the new day, then
 * scaled linearly to the `large` organisation's services. Which models read each table, and whether
 * incrementally, comes from the compiled project: an incremental model reads the new partitions
 * (at most the new day's and the day before's: yesterday's watermark is in it), another model the
 * whole table, and `data_quality`'s freshness check one column of it. Prints a markdown table.
 *
 *   npx tsx bench/bigquery-bytes.ts [--services N] [--weeks N] [--seed N]   (default: 50 services, the large size's weeks)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { openWarehouse, quoteIdentifier } from "../core/duckdb.ts";
import { generateOrganisationSlices, SIZES } from "../demo/generate/index.ts";
import { dayBefore, serverNow, snapshotAt } from "../demo/model/snapshot.ts";
import { landRawStreams, newRecords, RAW_DATASET, rawStreams, type RawStreams } from "../demo/warehouse/organisation-records.ts";
import { CATALOG } from "../demo/warehouse/run-models.ts";
import { compileProject, REPOSITORY_ROOT } from "../warehouse/compile.ts";

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const services = flag("services", 50);
const weeks = flag("weeks", SIZES.large.weeks);
const seed = flag("seed", 1);
const scale = SIZES.large.services / services;

const database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doraform-bench-bytes-")), "bench.duckdb");
const warehouse = await openWarehouse({ file: database, catalog: CATALOG });

// as bench/models.ts lands it: each repository as of yesterday, then the records of the last day
const newDay: RawStreams = new Map();
let asOf = "";
for (const slice of generateOrganisationSlices({ seed, services, weeks })) {
  const yesterdayAt = dayBefore(slice);
  asOf = serverNow(slice);
  const rawYesterday = rawStreams({ ...snapshotAt(slice, yesterdayAt), as_of: yesterdayAt });
  await landRawStreams(warehouse, rawYesterday, yesterdayAt);
  for (const [table, records] of newRecords(rawYesterday, rawStreams(slice))) newDay.set(table, (newDay.get(table) ?? []).concat(records));
}
await landRawStreams(warehouse, newDay, asOf);

// the models read _airbyte_raw_id, _airbyte_extracted_at and _airbyte_data of a raw table
const tables = (await warehouse.all(`select table_name from information_schema.tables where table_schema = '${RAW_DATASET}' order by 1`)).map((r) => String(r.table_name));
const sizes = new Map<string, { rows: number; bytes: number; newRows: number; newBytes: number }>();
for (const table of tables) {
  const [row] = await warehouse.all(
    `select count(*) as rows, sum(38 + 8 + 2 + strlen(_airbyte_data)) as bytes,
       count(*) filter (where _airbyte_extracted_at >= TIMESTAMPTZ '${asOf}') as new_rows,
       coalesce(sum(38 + 8 + 2 + strlen(_airbyte_data)) filter (where _airbyte_extracted_at >= TIMESTAMPTZ '${asOf}'), 0) as new_bytes
     from ${quoteIdentifier(CATALOG)}.${RAW_DATASET}.${quoteIdentifier(table)}`,
  );
  sizes.set(table, { rows: Number(row.rows) * scale, bytes: Number(row.bytes) * scale, newRows: Number(row.new_rows) * scale, newBytes: Number(row.new_bytes) * scale });
}
warehouse.close();

// each raw table's readers: a view is read by every table, incremental table and assertion that
// reads it (through other views too), each time; `readers` lists those, with repetitions
const graph = await compileProject(REPOSITORY_ROOT);
const actions = [
  ...(graph.tables ?? []).map((t) => ({ target: t.target, kind: t.enumType ?? "TABLE", dependencies: t.dependencyTargets ?? [] })),
  ...(graph.assertions ?? []).map((a) => ({ target: a.target, kind: "ASSERTION", dependencies: a.dependencyTargets ?? [] })),
];
// `direct`: reads the raw table itself, not through a view (only then does a watermark filter it)
const readersOf = (name: string, direct: boolean): Array<{ name: string; incremental: boolean; direct: boolean }> =>
  actions
    .filter((a) => a.dependencies.some((d) => d.name === name))
    .flatMap((a) => (a.kind === "VIEW" ? readersOf(a.target?.name ?? "", false) : [{ name: a.target?.name ?? "", incremental: a.kind === "INCREMENTAL", direct }]));
const readers = new Map(tables.map((table) => [table, readersOf(table, true)]));

const mb = (bytes: number) => (bytes / 1e6).toLocaleString("en", { maximumFractionDigits: bytes < 1e7 ? 1 : 0 });
const totals = { history: 0, before: 0, newDay: 0, newPartitions: 0, whole: 0, freshness: 0 };
console.log(`Seed ${seed}, ${services} services, ${weeks} weeks, scaled ×${scale} to ${SIZES.large.services} services.\n`);
console.log("| raw table | records | MB (3 columns) | new day: records | new day: MB | read whole, times | read each night by (a view: each reader of it; whole unless said) |");
console.log("|---|---:|---:|---:|---:|---:|---|");
for (const [table, size] of [...sizes].sort((a, b) => b[1].bytes - a[1].bytes)) {
  const by = readers.get(table) ?? [];
  totals.history += size.bytes;
  const reads = by.map((reader) => {
    // the freshness check reads max(_airbyte_extracted_at): a TIMESTAMP of every record
    if (reader.name === "data_quality" && reader.direct) {
      totals.freshness += 8 * size.rows;
      totals.before += 8 * size.rows;
      return `${reader.name} (one column: ${mb(8 * size.rows)} MB)`;
    }
    totals.before += size.bytes;
    if (!reader.incremental || !reader.direct) {
      totals.whole += size.bytes;
      return `${reader.name}`;
    }
    totals.newDay += size.newBytes;
    totals.newPartitions += 2 * size.newBytes;
    return `${reader.name} (new partitions)`;
  });
  const whole = by.filter((r) => !(r.incremental && r.direct) && !(r.name === "data_quality" && r.direct)).length;
  const named = [...new Set(reads)].map((read) => `${read}${reads.filter((r) => r === read).length > 1 ? ` ×${reads.filter((r) => r === read).length}` : ""}`);
  console.log(
    `| ${table} | ${Math.round(size.rows).toLocaleString("en")} | ${mb(size.bytes)} | ${Math.round(size.newRows).toLocaleString("en")} | ${mb(size.newBytes)} | ${whole} | ${named.join(", ")} |`,
  );
}
const night = totals.whole + totals.freshness;
console.log(
  `\nRaw tables: ${mb(totals.history)} MB. Read each night: ${mb(night + totals.newDay)}–${mb(night + totals.newPartitions)} MB (incremental models ${mb(totals.newDay)}–${mb(totals.newPartitions)}, other readers ${mb(totals.whole)}, freshness ${mb(totals.freshness)}); with the incremental models reading whole tables, as a subquery for a filter made them: ${mb(totals.before)} MB.`,
);
