import * as fs from "node:fs";
import * as path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { organisationVars } from "../demo/model/dataform-vars.ts";
import type { Organisation } from "../demo/model/organisation.ts";
import { demoOrganisation } from "../demo/scenario/index.ts";
import { startDemoServer, type DemoServer } from "../demo/server/index.ts";
import { ingest, sourcesWithCredentials } from "../ingest/command.ts";
import { buildReport } from "../report/html/build.ts";
import { openMarts } from "../report/reader/open.ts";
import { loadCheckedTargets } from "../report/targets/option.ts";
import { summaryTable, weekSoFarTable } from "../report/summary-table.ts";
import { dataQuality, latestCompleteWeek, latestWeek, weekOf } from "../report/reader/queries.ts";
import { catalogGaps, changeFailureRateWarning, gapWarnings, linkCoverage, warningLine } from "../report/quality.ts";
import { DEFAULT_DATABASE_FILE, openWarehouse } from "../core/duckdb.ts";
import { startDemo } from "../core/provenance.ts";
import { createProgress, summaryLine } from "../warehouse/transform-progress.ts";
import { transform } from "../warehouse/transform.ts";
import { projectSettings } from "../ingest/load/raw-table.ts";
import { UserError } from "../core/errors.ts";
import { noConfig } from "../core/config/load.ts";

interface RunOptions {
  demo?: boolean;
  database: string;
  seed: number;
  scenario?: string;
  out: string;
  config?: string;
  startDate?: string;
  targets?: string;
}

/** Requests in flight at once against the demo server (measured with bench/ingest.ts --concurrency). */
const DEMO_CONCURRENCY = 8;

/** What a demo run must not see: the sources' credentials and addresses (the demo server sets its own). */
const SOURCE_ENV = ["GITHUB_TOKEN", "GITHUB_API_URL", "GITHUB_GRAPHQL_URL", "PAGERDUTY_TOKEN", "PAGERDUTY_API_URL", "JIRA_BASE_URL", "JIRA_EMAIL", "JIRA_API_TOKEN"];

/** `doraform run`: ingest → transform → report; the demo organisation with --demo or when no credentials are set. */
export function register(program: Command): void {
  program
    .command("run")
    .description("the whole job: ingest, transform, report (on the built-in demo organisation with --demo or when no credentials are set)")
    .option("--demo", "run the demo organisation, whatever credentials the environment holds (what `npm start` runs)")
    .option("--database <file>", "the embedded DuckDB warehouse", DEFAULT_DATABASE_FILE)
    .option("--seed <n>", "demo: seed of the generated organisation", wholeNumber, 1)
    .option("--scenario <file>", "demo: run this scenario file (JSON or YAML) instead of the generated organisation")
    .option("--out <dir>", "folder for report.html", "out")
    .option("--config <file>", "source settings (YAML or JSON with github:, pagerduty: and jira: sections; older form of doraform.yaml sources:)")
    .option("--start-date <date>", "the first sync backfills from this date (YYYY-MM-DD)")
    .option("--targets <file>", "quarterly targets file (default: doraform.yaml targets:; see docs/configuration.md)")
    .action(run);
}

async function run(options: RunOptions): Promise<void> {
  if (options.demo && options.config) throw new UserError("run: --demo runs the demo organisation, which reads no --config file: pass one or the other");
  const live = options.demo ? [] : sourcesWithCredentials(options.config);
  // a --config file without credentials is still a live run: ingest then says what is missing
  const demo = options.demo === true || (live.length === 0 && !options.config);
  if (!demo && live.length > 0) process.stderr.write(`run: live: syncing ${live.join(", ")} with the credentials set (--demo runs the demo organisation instead)\n`);
  let vars: Record<string, string> = {};
  let server: DemoServer | undefined;
  let org: Organisation | undefined;
  if (demo) {
    org = await demoOrganisation({ seed: options.seed, scenario: options.scenario });
    await startDemoWarehouse(options.database);
    server = await startDemoServer(org, {});
    for (const name of SOURCE_ENV) delete process.env[name];
    Object.assign(process.env, server.env);
    vars = organisationVars(org);
    const why = options.demo ? "--demo" : "no GITHUB_TOKEN, PAGERDUTY_TOKEN or JIRA_BASE_URL set";
    process.stderr.write(`run: demo (${why}): the demo organisation (${org.services.length} services, as of ${org.as_of}) served at ${server.url}\n`);
  }
  try {
    await ingest(undefined, {
      database: options.database,
      config: options.config,
      startDate: options.startDate ?? org?.start_date,
      // the extractor picks successful deployments with the catalog the models use
      vars,
      // an ingest under `run` lands in the embedded warehouse the models then run on
      warehouse: "duckdb",
      // the demo server has no rate limits: real APIs keep the sources' serial default
      ...(demo ? { concurrency: DEMO_CONCURRENCY, demo: true } : {}),
      // the demo's Jira site holds one incident project (its env is set only when the organisation has Jira)
      ...(org?.jira ? { sourceDefaults: { jira: { project_key: org.jira.project_key, issue_type: org.jira.incident_issue_type ?? "Incident" } } } : {}),
    });
  } finally {
    await server?.close();
  }

  // a whole run shows progress and what failed; `doraform transform` lists every action
  const report = createProgress({ out: process.stderr, err: process.stderr });
  const result = await transform({
    database: options.database,
    vars,
    onEvent: (event) => {
      if (event.type === "action-finished" ? event.result.status !== "successful" : event.type !== "test-finished" || !event.result.successful) report(event);
    },
  });
  process.stderr.write(summaryLine(result));
  if (!result.successful) {
    const failed = [...result.tests.filter((t) => !t.successful).map((t) => t.name), ...result.actions.filter((a) => a.status === "failed").map((a) => a.name)];
    throw new UserError(`transform failed: ${failed.join(", ")}`);
  }

  // the report applies the minimum sample and report year the models recorded in report_settings
  const marts = await openMarts({ database: options.database });
  try {
    const checks = await dataQuality(marts);
    process.stdout.write(await summaryText(marts, changeFailureRateWarning(linkCoverage(checks, marts.settings.minLinkCoverage), "short")));
    process.stdout.write(qualityText(checks, marts.settings.minLinkCoverage));
    // the demo organisation is not the one doraform.yaml's targets name
    const html = await buildReport(marts, await loadCheckedTargets(options.targets, marts, demo ? noConfig() : undefined));
    fs.mkdirSync(options.out, { recursive: true });
    const file = path.join(options.out, "report.html");
    fs.writeFileSync(file, html);
    process.stderr.write(`run: report written to ${file}\n`);
  } finally {
    await marts.close();
  }
}

/** The 13-week summary; before any week is complete (a first sync early in a week), the week so far. */
async function summaryText(marts: Awaited<ReturnType<typeof openMarts>>, changeFailureRateWarning: string | null): Promise<string> {
  if (!(await latestCompleteWeek(marts))) {
    const week = await latestWeek(marts);
    if (!week) return "the marts hold no week yet: nothing to summarise\n";
    const [services, [organisation]] = await Promise.all([weekOf(marts, "service", week), weekOf(marts, "organisation", week)]);
    return weekSoFarTable(week, marts.settings.asOf, services, organisation);
  }
  const [summary, services] = await Promise.all([
    marts.db.selectFrom("summary").selectAll().execute(),
    marts.db.selectFrom("service_weekly").select(["service", "team"]).distinct().execute(),
  ]);
  return summaryTable(summary, new Map(services.map((row) => [row.service ?? "", row.team ?? ""])), changeFailureRateWarning);
}

/** Under the summary, what the catalog misses (with the line of doraform.yaml to add), low link coverage and stale sources. */
function qualityText(checks: Awaited<ReturnType<typeof dataQuality>>, minLinkCoverage: number): string {
  const warnings = gapWarnings(catalogGaps(checks, minLinkCoverage));
  if (warnings.length === 0) return "";
  return `\ngaps (doraform review lists every data-quality warning):\n${warnings.map((w) => `- ${warningLine(w)}\n`).join("")}`;
}

/** A demo run starts from an empty warehouse, and replaces only a file that nothing but demo runs wrote to. */
async function startDemoWarehouse(file: string): Promise<void> {
  const warehouse = await openWarehouse({ file, catalog: projectSettings().project });
  try {
    const found = await startDemo(warehouse);
    if (found === "real" || found === "unknown") {
      const what = found === "real" ? "holds real data (an ingest, a webhook delivery or a runbook record wrote to it)" : "was not made by a demo run";
      throw new UserError(`run: ${file} ${what}, so the demo leaves it alone: pass --database with another file for the demo (or set credentials to sync it)`);
    }
  } finally {
    warehouse.close();
  }
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number.");
  return Number(value);
}
