import { Option, type Command } from "commander";
import { loadConfig } from "../core/config/load.ts";
import { UserError } from "../core/errors.ts";
import { DEFAULT_DATABASE_FILE } from "../core/duckdb.ts";
import { linkIncident } from "./link-incident.ts";
import { markResolution } from "./mark-resolution.ts";
import { PagerDuty, pagerDutyTarget } from "./pagerduty.ts";

interface RunbookOptions {
  incident: string;
  deployment: string;
  database: string;
  warehouse?: "duckdb" | "bigquery";
  from?: string;
  field: string;
  force?: boolean;
}

/** `doraform mark-resolution` and `doraform link-incident`: what an SRE runs after an incident. */
export function register(program: Command): void {
  const common = (command: Command) =>
    command
      .requiredOption("--incident <id>", "PagerDuty incident id, e.g. Q1A2B3C")
      .requiredOption("--deployment <id>", "deployment id, e.g. gh-run:123456 or gh-deploy:789")
      .option("--from <email>", "your PagerDuty login email, sent as the From header on writes (env PAGERDUTY_FROM)")
      .option("--database <file>", "the embedded DuckDB warehouse", DEFAULT_DATABASE_FILE)
      .option("--force", "record it even when the warehouse cannot confirm that the deployment exists (not yet transformed, or no marts)")
      .addOption(new Option("--warehouse <kind>", "where to record it: duckdb, or bigquery (default when GOOGLE_CLOUD_PROJECT is set)").choices(["duckdb", "bigquery"]));

  common(program.command("mark-resolution").description("record that a deployment fixed an incident: a `resolved-by:` note in PagerDuty and a row in the warehouse (safe to run twice)")).action(
    async (options: RunbookOptions) => {
      const pagerduty = new PagerDuty(pagerDutyTarget(process.env, options.from, loadConfig()));
      print(await markResolution(pagerduty, options, checkedId("--incident", options.incident), checkedId("--deployment", options.deployment)));
    },
  );

  common(program.command("link-incident").description("record that a deployment caused an incident: its deployment id custom field in PagerDuty and a row in the warehouse (safe to run twice)"))
    .option("--field <name>", "the incident custom field naming the causing deployment", "deployment_id")
    .action(async (options: RunbookOptions) => {
      const pagerduty = new PagerDuty(pagerDutyTarget(process.env, options.from, loadConfig()));
      print(await linkIncident(pagerduty, options, checkedId("--incident", options.incident), checkedId("--deployment", options.deployment), options.field));
    });
}

function checkedId(flag: string, value: string): string {
  const id = value.trim();
  if (id === "" || /\s/.test(id)) throw new UserError(`${flag}: "${value}" is not an id (no spaces)`);
  return id;
}

function print(lines: string[]): void {
  for (const line of lines) process.stdout.write(`${line}\n`);
}
