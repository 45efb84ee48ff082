import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { openMarts } from "../reader/open.ts";
import { readPeriods } from "../reading.ts";
import { UserError } from "../../core/errors.ts";
import { DEFAULT_LINKS, weeklyReview, weeklyReviewData } from "./weekly.ts";
import { quarterlyReview } from "./quarterly.ts";
import { loadTargets } from "../targets/option.ts";

interface ReviewOptions {
  quarterly?: boolean;
  format: string;
  reportUrl: string;
  lookerUrl?: string;
  out?: string;
  targets?: string;
  database: string;
  bigqueryProject?: string;
}

export function register(program: Command): void {
  program
    .command("review")
    .description("write the weekly review (Markdown, or JSON for tools) for the leadership sync, or with --quarterly the quarterly page")
    .option("--quarterly", "each metric quarter over quarter, per team, with its level")
    .option("--format <format>", "markdown for people, or json for tools (the weekly review only)", "markdown")
    .option("--report-url <url>", "where readers find the HTML report", DEFAULT_LINKS.report)
    .option("--looker-url <url>", "the address of the Looker dashboard dora_weekly_trends")
    .option("--out <file>", "write the review here instead of standard output")
    .option("--targets <file>", "quarterly targets file (default: doraform.yaml targets:, else ./targets.yaml when present; see docs/configuration.md)")
    .option("--database <file>", "the embedded warehouse file", "doraform.duckdb")
    .option("--bigquery-project <id>", "read the marts from BigQuery in this project instead")
    .action(async (options: ReviewOptions) => {
      if (options.format !== "markdown" && options.format !== "json") throw new UserError(`--format ${options.format}: expected markdown or json`);
      if (options.format === "json" && options.quarterly) throw new UserError("--format json: the quarterly page is Markdown only");
      const targets = loadTargets(options.targets);
      const marts = await openMarts({ database: options.database, bigqueryProject: options.bigqueryProject });
      try {
        const reading = await readPeriods(marts);
        const links = { report: options.reportUrl, looker: options.lookerUrl ?? null };
        const text = options.quarterly
          ? quarterlyReview(reading, targets)
          : options.format === "json"
            ? `${JSON.stringify(weeklyReviewData(reading, targets, links), null, 2)}\n`
            : weeklyReview(reading, targets, links);
        if (options.out) {
          fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
          fs.writeFileSync(options.out, text);
          process.stdout.write(`${options.out}\n`);
        } else {
          process.stdout.write(text);
        }
      } finally {
        await marts.close();
      }
    });
}
