import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { openMarts } from "../reader/open.ts";
import { readPeriods } from "../reading.ts";
import { weeklyReview } from "./weekly.ts";
import { quarterlyReview } from "./quarterly.ts";
import { loadTargets } from "../targets/option.ts";

export function register(program: Command): void {
  program
    .command("review")
    .description("write the weekly review (Markdown) for the leadership sync, or with --quarterly the quarterly page")
    .option("--quarterly", "each metric quarter over quarter, per team, with its level")
    .option("--out <file>", "write the Markdown here instead of standard output")
    .option("--targets <file>", "quarterly targets (default ./targets.yaml when present; see report/targets.example.yaml)")
    .option("--database <file>", "the embedded warehouse file", "doraform.duckdb")
    .option("--bigquery-project <id>", "read the marts from BigQuery in this project instead")
    .action(async (options: { quarterly?: boolean; out?: string; targets?: string; database: string; bigqueryProject?: string }) => {
      const targets = loadTargets(options.targets);
      const marts = await openMarts({ database: options.database, bigqueryProject: options.bigqueryProject });
      try {
        const reading = await readPeriods(marts);
        const markdown = options.quarterly ? quarterlyReview(reading, targets) : weeklyReview(reading, targets);
        if (options.out) {
          fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
          fs.writeFileSync(options.out, markdown);
          process.stdout.write(`${options.out}\n`);
        } else {
          process.stdout.write(markdown);
        }
      } finally {
        await marts.close();
      }
    });
}
