/**
 * The DORA models on a large generated organisation, its raw tables written directly (in the Airbyte raw layout):
 * a full build, then an incremental rebuild after one new day of data, and the floor: the time
 * DuckDB needs just to read the raw tables once (every record's text, and parsing each as JSON).
 * Prints a markdown table.
 *
 *   npx tsx bench/models.ts [--services N] [--weeks N] [--seed N] [--slowest N]   (default: the generator's large size)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { generateOrganisationSlices, SIZES } from "../demo/generate/index.ts";
import type { Organisation } from "../demo/model/organisation.ts";
import { dayBefore, serverNow, snapshotAt } from "../demo/model/snapshot.ts";
import { openWarehouse, quoteIdentifier } from "../core/duckdb.ts";
import { actionLine } from "../warehouse/transform-progress.ts";
import { transform, type TransformResult } from "../warehouse/transform.ts";
import { landRawStreams, newRecords, RAW_DATASET, rawStreams, type RawStreams } from "../demo/warehouse/organisation-records.ts";
import { organisationVars } from "../demo/model/dataform-vars.ts";
import { CATALOG, failures } from "../demo/warehouse/run-models.ts";

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const services = flag("services", SIZES.large.services);
const weeks = flag("weeks", SIZES.large.weeks);
const seed = flag("seed", 1);
const slowest = flag("slowest", 8);

async function timed<T>(label: string, work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  console.error(`${label}: ${seconds.toFixed(1)} s`);
  return { value, seconds };
}

/** Each action's line goes to stderr as it finishes, so a long run's log shows where the time goes. */
async function run(database: string, org: Organisation): Promise<TransformResult> {
  const result = await transform({
    database,
    vars: organisationVars(org),
    onEvent: (event) => {
      if (event.type === "action-finished") process.stderr.write(actionLine(event.result));
    },
  });
  const failed = failures(result);
  if (failed.length > 0) throw new Error(`transform failed:\n${failed.join("\n")}`);
  return result;
}

/** Where a run's time goes besides the models' SQL: compiling, the unit tests, and the actions. */
function fixedCosts(title: string, result: TransformResult): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const tests = result.tests.reduce((sum, t) => sum + t.durationMs, 0);
  const actions = result.actions.reduce((sum, a) => sum + a.durationMs, 0);
  const byKind = new Map<string, { count: number; ms: number }>();
  for (const a of result.actions) {
    const kind = byKind.get(a.kind) ?? { count: 0, ms: 0 };
    byKind.set(a.kind, { count: kind.count + 1, ms: kind.ms + a.durationMs });
  }
  const kinds = [...byKind].map(([kind, k]) => `${k.count} ${kind}s ${seconds(k.ms)} s`).join(", ");
  return `\n${title}: compile ${seconds(result.compileMs)} s, ${result.tests.length} unit tests ${seconds(tests)} s, ${result.actions.length} actions ${seconds(actions)} s (${kinds}), the rest ${seconds(result.durationMs - result.compileMs - tests - actions)} s.`;
}

function slowestActions(title: string, actions: TransformResult["actions"]): string {
  const rows = [...actions]
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, slowest)
    .map((a) => `| ${a.name.split(".").pop()} | ${a.kind}${a.message ? ` (${a.message})` : ""} | ${(a.durationMs / 1000).toFixed(1)} |`);
  return [`\n${title}, the ${slowest} slowest actions:\n`, "| action | kind | seconds |", "|---|---|---:|", ...rows].join("\n");
}

const count = (streams: RawStreams) => [...streams.values()].reduce((n, list) => n + list.length, 0);
const database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doraform-bench-models-")), "bench.duckdb");
const warehouse = await openWarehouse({ file: database, catalog: CATALOG });

/**
 * The organisation is generated one repository at a time and landed as it comes (the large size,
 * 1.8 GiB of JSON, does not fit in Node's heap at once): each slice's records as of yesterday are
 * landed, a few milliseconds apart as a sync lands repository after repository, and only the
 * records that changed during the last day are kept for the incremental rebuild.
 */
async function landYesterday(): Promise<{ catalog: Organisation; yesterdayAt: string; newDay: RawStreams; landed: number }> {
  const newDay: RawStreams = new Map();
  let catalog: Organisation | undefined;
  let yesterdayAt = "";
  let landed = 0;
  let index = 0;
  for (const slice of generateOrganisationSlices({ seed, services, weeks })) {
    if (!catalog) {
      yesterdayAt = dayBefore(slice);
      catalog = { ...slice, services: [], repositories: [], pagerduty: { services: [], incidents: [], change_events: [] } };
    }
    catalog.services.push(...slice.services);
    const rawYesterday = rawStreams({ ...snapshotAt(slice, yesterdayAt), as_of: yesterdayAt });
    const extractedAt = new Date(Date.parse(yesterdayAt) + 100 * index++).toISOString();
    await landRawStreams(warehouse, rawYesterday, extractedAt);
    landed += count(rawYesterday);
    for (const [table, records] of newRecords(rawYesterday, rawStreams(slice))) {
      newDay.set(table, (newDay.get(table) ?? []).concat(records));
    }
  }
  if (!catalog) throw new Error("the generator gave no repository");
  return { catalog, yesterdayAt, newDay, landed };
}

const { value: landing } = await timed("generate and land the organisation", landYesterday);
const { catalog: today, yesterdayAt, newDay } = landing;
const asOf = serverNow(today);
const yesterday = { ...today, as_of: yesterdayAt };
const tables = [...newDay.keys()].map((t) => `${quoteIdentifier(CATALOG)}.${RAW_DATASET}.${quoteIdentifier(t)}`);
const readText = await timed("read raw text", () =>
  warehouse.all(tables.map((t) => `select sum(length(_airbyte_data)) as n from ${t}`).join(" union all ")),
);
const readJson = await timed("read and parse raw JSON", () =>
  warehouse.all(tables.map((t) => `select count(json_extract(_airbyte_data, '$.id')) as n from ${t}`).join(" union all ")),
);
warehouse.close();

const full = await timed("full build", () => run(database, yesterday));
const lastDay = await openWarehouse({ file: database, catalog: CATALOG });
await landRawStreams(lastDay, newDay, asOf);
lastDay.close();
const incremental = await timed("incremental rebuild", () => run(database, today));

const ratio = (seconds: number) => (seconds / readJson.seconds).toFixed(1);
console.log(`Organisation: seed ${seed}, ${services} services, ${weeks} weeks: ${landing.landed.toLocaleString("en")} raw records, then ${count(newDay).toLocaleString("en")} new ones for the last day.\n`);
console.log("| step | seconds | × the floor (read + parse raw JSON once) |");
console.log("|---|---:|---:|");
console.log(`| read every raw record's text once | ${readText.seconds.toFixed(1)} | ${ratio(readText.seconds)} |`);
console.log(`| read and parse every raw record once (the floor) | ${readJson.seconds.toFixed(1)} | 1.0 |`);
console.log(`| full build (compile, unit tests, every model and assertion) | ${full.seconds.toFixed(1)} | ${ratio(full.seconds)} |`);
console.log(`| incremental rebuild after one new day | ${incremental.seconds.toFixed(1)} | ${ratio(incremental.seconds)} |`);
console.log(fixedCosts("Full build", full.value));
console.log(fixedCosts("Incremental rebuild", incremental.value));
console.log(slowestActions("Full build", full.value.actions));
console.log(slowestActions("Incremental rebuild", incremental.value.actions));
const peak = process.resourceUsage().maxRSS / 1024;
console.log(`\nPeak resident memory of the process (generation, landing and DuckDB): ${peak.toFixed(0)} MiB.`);
