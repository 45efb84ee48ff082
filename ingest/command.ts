import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { parse } from "yaml";
import { UserError } from "../core/errors.ts";
import { DEFAULT_DATABASE_FILE, openWarehouse } from "../core/duckdb.ts";
import { claimForRealData } from "../core/provenance.ts";
import { loadConfig, type LoadedConfig } from "../core/config/load.ts";
import { catalogSourceDefaults } from "./catalog-defaults.ts";
import { checkNamedSecrets, yamlSourceSettings } from "./doraform-sources.ts";
import { isIsoDate } from "./config-values.ts";
import { githubSource } from "./github/source.ts";
import { BigQueryLoader } from "./load/bigquery.ts";
import { jiraSource } from "./jira/source.ts";
import { didYouMean } from "../core/nearest-name.ts";
import { DuckDbLoader } from "./load/duckdb.ts";
import { projectSettings, type Loader } from "./load/raw-table.ts";
import { pagerdutySource } from "./pagerduty/source.ts";
import { SourceError } from "./protocol/errors.ts";
import { asAirbyteCommand, runCheck, runDiscover, runRead, runSpec, stdoutIo } from "./protocol/runner.ts";
import type { Source } from "./protocol/source.ts";
import { syncSource } from "./sync.ts";

const sources: Record<string, Source<unknown>> = {
  github: githubSource as Source<unknown>,
  pagerduty: pagerdutySource as Source<unknown>,
  jira: jiraSource as Source<unknown>,
};

/** `doraform source <name> spec|check|discover|read` (the Airbyte contract) and `doraform ingest`. */
export function register(program: Command): void {
  const source = program.command("source").description("run a source on the Airbyte protocol: one JSON message a line on stdout, logs on stderr");
  for (const [name, impl] of Object.entries(sources)) {
    const command = source.command(name).description(`the ${name} source`);
    const exit = (code: number) => {
      process.exitCode = code;
    };
    command.command("spec").description("print the connector specification").action(async () => exit(await asAirbyteCommand(stdoutIo, () => runSpec(impl, stdoutIo))));
    command
      .command("check")
      .description("check the credentials and the configured names")
      .requiredOption("--config <file>", "config JSON")
      .action(async (options: { config: string }) => exit(await asAirbyteCommand(stdoutIo, () => runCheck(impl, options.config, stdoutIo))));
    command
      .command("discover")
      .description("print the catalog of streams")
      .requiredOption("--config <file>", "config JSON")
      .action(async (options: { config: string }) => exit(await asAirbyteCommand(stdoutIo, () => runDiscover(impl, options.config, stdoutIo))));
    command
      .command("read")
      .description("read the configured streams as RECORD and per-stream STATE messages")
      .requiredOption("--config <file>", "config JSON")
      .requiredOption("--catalog <file>", "configured catalog JSON")
      .option("--state <file>", "state JSON: an array of per-stream state messages")
      .action(async (options: { config: string; catalog: string; state?: string }) =>
        exit(await asAirbyteCommand(stdoutIo, () => runRead(impl, options, stdoutIo))),
      );
  }

  program
    .command("ingest")
    .description("sync GitHub, PagerDuty and Jira into the raw tables (every source with credentials, or the one named)")
    .argument("[source]", "github, pagerduty or jira")
    .option("--database <file>", "the embedded DuckDB warehouse", DEFAULT_DATABASE_FILE)
    .option("--start-date <date>", "the first sync backfills from this date (YYYY-MM-DD)")
    .option("--config <file>", "YAML or JSON with `github:`, `pagerduty:` and/or `jira:` sections of source settings (older form of doraform.yaml `sources:`, whose keys it overrides)")
    .option("--reset-state <source>", "forget this source's saved state first, so it reads from the start date again (landed rows stay)")
    .addOption(new Option("--warehouse <kind>", "where to land: duckdb, or bigquery (default when GOOGLE_CLOUD_PROJECT is set)").choices(["duckdb", "bigquery"]))
    .action(async (name: string | undefined, options: IngestOptions) => {
      await ingest(name, options);
    });
}

export interface IngestOptions {
  database: string;
  startDate?: string;
  config?: string;
  /** The source whose saved state is forgotten before it syncs. */
  resetState?: string;
  warehouse?: "duckdb" | "bigquery";
  /** Requests in flight at once for every source whose config sets none (the demo has no rate limits to respect). */
  concurrency?: number;
  /** Dataform vars the service catalog is read with (includes/catalog_data.js, resolved by includes/catalog.js): `doraform run` hands the demo's catalog this way. */
  vars?: Record<string, string>;
  /** Settings per source under the config file's (e.g. the demo's Jira project), as `source: {key: value}`. */
  sourceDefaults?: Record<string, Record<string, unknown>>;
  /** `doraform run`'s own ingest of the demo organisation, into a file it has prepared: the file stays the demo's. */
  demo?: boolean;
}

/** Runs the named source, or every source with credentials, into the raw tables. */
export async function ingest(name: string | undefined, options: IngestOptions): Promise<void> {
  if (name !== undefined && !Object.hasOwn(sources, name)) throw new UserError(`ingest: unknown source "${name}" (github, pagerduty or jira)`);
  if (options.startDate !== undefined && !isIsoDate(options.startDate)) throw new UserError(`--start-date: expected a date like 2026-02-28, got ${JSON.stringify(options.startDate)}`);
  const file = options.config ? readConfigFile(options.config) : {};
  if (options.config) process.stderr.write(`ingest: --config ${options.config}: source settings now belong in doraform.yaml under sources: (docs/configuration.md; \`doraform init\` moves them)\n`);
  // the demo serves its own organisation: the file's sources are the real ones
  const yaml = options.demo ? undefined : loadConfig();
  const chosen = name ? [name] : sourcesWithCredentials(options.config, yaml);
  if (chosen.length === 0) throw new UserError("ingest: no credentials: set GITHUB_TOKEN, PAGERDUTY_TOKEN and/or JIRA_API_TOKEN (or a --config file with them)");
  if (options.resetState !== undefined && !chosen.includes(options.resetState)) {
    throw new UserError(`--reset-state: "${options.resetState}" is not a source this ingest syncs (${chosen.join(", ")})`);
  }
  const defaults = catalogSourceDefaults(options.vars ?? {}, yaml);
  const configs = chosen.map((source) => {
    if (yaml && !file[source]) checkNamedSecrets(yaml, source, process.env);
    const raw = {
      ...(defaults[source] ?? {}),
      ...(options.sourceDefaults?.[source] ?? {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(yaml ? yamlSourceSettings(yaml, source, process.env) : {}),
      ...(file[source] ?? {}),
      ...(options.startDate ? { start_date: options.startDate } : {}),
    };
    try {
      return { source: sources[source]!, config: sources[source]!.parseConfig(raw, process.env) };
    } catch (error) {
      throw error instanceof SourceError ? new UserError(error.message) : error;
    }
  });
  const loader = await openLoader(options);
  try {
    for (const { source, config } of configs) {
      const started = Date.now();
      const result = await syncSource(source, config, loader, (message) => process.stderr.write(`${message}\n`), { resetState: source.namespace === options.resetState });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const detail = Object.entries(result.streams).map(([stream, count]) => `${stream} ${count}`).join(", ");
      const ended = result.stopped ? ", then stopped for the rate budget; run ingest again after the reset" : "";
      process.stderr.write(`${source.namespace}: ${result.records} records in ${seconds} s${detail ? ` (${detail})` : ""}${ended}\n`);
    }
  } finally {
    await loader.close();
  }
}

async function openLoader(options: IngestOptions): Promise<Loader> {
  const settings = projectSettings();
  const useBigQuery = options.warehouse === "bigquery" || (options.warehouse === undefined && Boolean(process.env.GOOGLE_CLOUD_PROJECT));
  if (useBigQuery) {
    const projectId = process.env.GOOGLE_CLOUD_PROJECT;
    if (!projectId) throw new UserError("--warehouse bigquery: set GOOGLE_CLOUD_PROJECT to the BigQuery project");
    return BigQueryLoader.create({ projectId, dataset: settings.rawDataset, location: settings.location });
  }
  if (!options.demo) await makeFileReal(options.database, settings.project);
  return DuckDbLoader.open({ file: options.database, catalog: settings.project, dataset: settings.rawDataset });
}

/** Any ingest makes the file real for good; one into a file only demo runs wrote first removes the demo's data. */
async function makeFileReal(file: string, catalog: string): Promise<void> {
  const warehouse = await openWarehouse({ file, catalog });
  try {
    if (await claimForRealData(warehouse)) process.stderr.write(`ingest: ${file} held only demo runs' data: removed it (raw rows, saved source state, models) before this first real sync\n`);
  } finally {
    warehouse.close();
  }
}

function readConfigFile(file: string): Record<string, Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UserError(`--config: ${file} cannot be read`);
  }
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch {
    throw new UserError(`--config: ${file} is neither YAML nor JSON`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw new UserError(`--config: ${file} must hold a mapping with github:, pagerduty: and/or jira:`);
  for (const [key, section] of Object.entries(parsed)) {
    if (!Object.hasOwn(sources, key)) throw new UserError(`--config: ${file}: unknown section "${key}"${didYouMean(key, Object.keys(sources))}; the sections are github, pagerduty and jira`);
    if (section !== null && (typeof section !== "object" || Array.isArray(section))) throw new UserError(`--config: ${file}: "${key}" must be a mapping of settings`);
  }
  return parsed as Record<string, Record<string, unknown> | undefined>;
}

/** The sources an ingest of every source syncs: those with credentials in the environment, doraform.yaml (the variables it names) or the --config file. */
export function sourcesWithCredentials(configFile: string | undefined, yaml: LoadedConfig | undefined = loadConfig()): string[] {
  const file = configFile ? readConfigFile(configFile) : {};
  return Object.keys(sources).filter((candidate) => hasCredentials(candidate, { ...(yaml ? yamlSourceSettings(yaml, candidate, process.env) : {}), ...file[candidate] }));
}

function hasCredentials(source: string, section: Record<string, unknown> | undefined): boolean {
  if (source === "github") return Boolean(section?.token || section?.app_id || process.env.GITHUB_TOKEN);
  // a site without credentials is named too, so its missing token gets its own clear error
  if (source === "jira") return Boolean(section?.base_url || section?.api_token || process.env.JIRA_BASE_URL || process.env.JIRA_API_TOKEN);
  return Boolean(section?.token || process.env.PAGERDUTY_TOKEN);
}
