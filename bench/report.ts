/**
 * Time to read the marts and write the report, the weekly review and the alerts, on the demo
 * organisation's expected marts (the oracle's rows written into a DuckDB file, as the models
 * would leave them).
 *
 *   npx tsx bench/report.ts                 # the default demo organisation (12 services, 52 weeks)
 *   npx tsx bench/report.ts --services 100  # a bigger one
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { generateOrganisation } from "../demo/generate/index.ts";
import { expectedMarts } from "../demo/oracle/index.ts";
import { writeMartFile, type MartRows } from "../demo/warehouse/mart-file.ts";
import { openMarts } from "../report/reader/open.ts";
import { buildReport } from "../report/html/build.ts";
import { readPeriods } from "../report/reading.ts";
import { weeklyReview } from "../report/review/weekly.ts";
import { quarterlyReview } from "../report/review/quarterly.ts";
import { evaluateAlerts } from "../report/alerts/evaluate.ts";
import { DEFAULT_THRESHOLDS } from "../report/alerts/rules.ts";

const { values } = parseArgs({ options: { services: { type: "string", default: "12" }, weeks: { type: "string", default: "52" } } });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-bench-report-"));
const database = path.join(dir, "warehouse.duckdb");

async function timed<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  const start = process.hrtime.bigint();
  const result = await work();
  process.stdout.write(`${label.padEnd(34)} ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(2)} s\n`);
  return result;
}

const marts = expectedMarts(generateOrganisation({ services: Number(values.services), weeks: Number(values.weeks) }));
process.stdout.write(`${values.services} services, ${values.weeks} weeks: ${marts.deployments.length} deployments, ${marts.changes.length} changes, ${marts.incidents.length} incidents\n`);
await writeMartFile(database, marts as unknown as MartRows);
const m = await openMarts({ database });
try {
  const html = await timed("report (HTML, charts as SVG)", () => buildReport(m, []));
  process.stdout.write(`${"  report size".padEnd(34)} ${(html.length / 1024).toFixed(0)} KiB\n`);
  const reading = await timed("read the period marts", () => readPeriods(m));
  await timed("weekly review", () => weeklyReview(reading, []));
  await timed("quarterly review", () => quarterlyReview(reading, []));
  await timed("alerts", () => evaluateAlerts(m, DEFAULT_THRESHOLDS));
} finally {
  await m.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
