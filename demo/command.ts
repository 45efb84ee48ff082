import { once } from "node:events";
import { InvalidArgumentError, Option, type Command } from "commander";
import { UserError } from "../core/errors.ts";
import { generateOrganisation } from "./generate/index.ts";
import { expectedRows } from "./oracle/index.ts";
import { demoOrganisation, saveScenario } from "./scenario/index.ts";
import { startDemoServer } from "./server/index.ts";

interface ServeOptions {
  port: number;
  seed: number;
  scenario?: string;
  faults?: boolean;
  malformed?: boolean;
  githubBudget?: number;
  clockSpeed: number;
}

/** `doraform demo serve | expected | generate`: the simulated organisation, its oracle, its scenario files. */
export function register(program: Command): void {
  const demo = program
    .command("demo")
    .description("the simulated organisation: serve its GitHub and PagerDuty APIs, print its expected metrics, write it as a scenario");

  demo
    .command("serve")
    .description("serve the demo organisation's GitHub and PagerDuty APIs on 127.0.0.1 until interrupted")
    .option("--port <n>", "port to listen on (0 picks a free one)", wholeNumber(0), 0)
    .option("--seed <n>", "seed of the generated organisation", wholeNumber(0), 1)
    .option("--scenario <file>", "serve this scenario file (JSON or YAML) instead of the generated organisation")
    .option("--faults", "inject the standard fault mix: 5xx, rate limits with retry-after, dropped connections")
    .option("--malformed", "send malformed bodies, so a sync fails with a clear error")
    .option("--github-budget <n>", "GitHub requests (and GraphQL points) an hour; once spent, answered 403 until the reset", wholeNumber(1))
    .option("--clock-speed <x>", "with --github-budget: how much faster than real time the hour runs (3600: an hour a second)", positiveNumber, 1)
    .action(async (options: ServeOptions) => {
      if (options.clockSpeed <= 0) throw new UserError("demo serve: --clock-speed must be above 0");
      if (options.githubBudget === undefined && options.clockSpeed !== 1) throw new UserError("demo serve: --clock-speed runs the clock of a --github-budget: give both");
      const org = await demoOrganisation(options);
      const githubBudget = options.githubBudget === undefined ? undefined : { limit: options.githubBudget, clockSpeed: options.clockSpeed };
      const server = await startDemoServer(org, { port: options.port, faults: options.faults, malformed: options.malformed, seed: options.seed, githubBudget });
      // stdout holds only KEY=value lines, so `export $(…)` or a test can read them
      for (const [key, value] of Object.entries(server.env)) process.stdout.write(`${key}=${value}\n`);
      process.stderr.write(`doraform: serving the demo organisation at ${server.url} (Ctrl-C stops)\n`);
      await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
      await server.close();
    });

  demo
    .command("expected")
    .description("print the oracle's rows for every mart as JSON lines, each with a `table` field")
    .option("--seed <n>", "seed of the generated organisation", wholeNumber(0), 1)
    .option("--scenario <file>", "compute them for this scenario file (JSON or YAML) instead")
    .action(async (options: { seed: number; scenario?: string }) => {
      const rows = expectedRows(await demoOrganisation(options));
      await writeLines(rows.map((row) => JSON.stringify(row)));
    });

  demo
    .command("generate")
    .description("write a generated organisation in the scenario format (to edit and replay with --scenario)")
    .option("--seed <n>", "seed", wholeNumber(0), 1)
    .option("--services <n>", "number of services", wholeNumber(1), 12)
    .option("--weeks <n>", "weeks of history", wholeNumber(1), 52)
    .option("--deploys-per-day <x>", "mean deploys per working day of a service", positiveNumber)
    .option("--incidents-per-week <x>", "mean incidents per week of a service", positiveNumber)
    .option("--as-of <date>", "the organisation's as_of date (YYYY-MM-DD)", isoDate)
    .addOption(new Option("--jira <mode>", "some (the built-in demo's): a team tracks incidents in Jira only, others mirror some there; none: PagerDuty only").choices(["none", "some"]).default("some"))
    .option("--out <file>", "write to this .json, .yaml or .yml file instead of printing JSON")
    .action(
      async (options: { seed: number; services: number; weeks: number; deploysPerDay?: number; incidentsPerWeek?: number; asOf?: string; jira?: "none" | "some"; out?: string }) => {
        const { out, ...knobs } = options;
        const org = generateOrganisation(knobs);
        if (out !== undefined) await saveScenario(org, out);
        else await writeLines([JSON.stringify(org, null, 2)]);
      },
    );
}

function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}.`);
    return n;
  };
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number of at least 0.");
  return n;
}

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError("expected a date like 2026-11-25.");
  return value;
}

/** Writes lines to stdout, waiting when the pipe is full (the default demo prints thousands of rows). */
async function writeLines(lines: string[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 500) {
    if (!process.stdout.write(`${lines.slice(i, i + 500).join("\n")}\n`)) await once(process.stdout, "drain");
  }
}
