import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { openMarts } from "../reader/open.ts";
import { readPeriods } from "../reading.ts";
import { UserError } from "../../core/errors.ts";
import { quarterLabel, quarterStart } from "../dates.ts";
import { DEFAULT_LINKS, weeklyReview, weeklyReviewData } from "./weekly.ts";
import { quarterlyReview, quarterlyReviewData } from "./quarterly.ts";
import { postReview } from "./post.ts";
import { reviewMessage } from "./slack.ts";
import { loadCheckedTargets } from "../targets/option.ts";

interface ReviewOptions {
  quarterly?: boolean;
  format: string;
  reportUrl: string;
  lookerUrl?: string;
  out?: string;
  targets?: string;
  post?: boolean;
  dryRun?: boolean;
  webhookUrl?: string;
  database: string;
  bigqueryProject?: string;
}

export function register(program: Command): void {
  program
    .command("review")
    .description("write the weekly review (Markdown, or JSON for tools) for the leadership sync, or with --quarterly the quarterly business review")
    .option("--quarterly", "each metric for the last four quarters, per team, with its level and each quarter's target met or missed")
    .option("--format <format>", "markdown for people, or json for tools", "markdown")
    .option("--report-url <url>", "where readers find the HTML report", DEFAULT_LINKS.report)
    .option("--looker-url <url>", "the address of the Looker dashboard dora_weekly_trends")
    .option("--out <file>", "write the review here instead of standard output")
    .option("--targets <file>", "quarterly targets file (default: doraform.yaml targets:, else ./targets.yaml when present; see docs/configuration.md)")
    .option("--post", "post the review (once per week, or per quarter with --quarterly) to the webhook and the job summary")
    .option("--dry-run", "with --post: print the message and say whether it would be posted; post and record nothing")
    .option("--webhook-url <url>", "with --post: a Slack-compatible incoming webhook (env DORAFORM_SLACK_WEBHOOK_URL)")
    .option("--database <file>", "the embedded warehouse file", "doraform.duckdb")
    .option("--bigquery-project <id>", "read the marts from BigQuery in this project instead")
    .action(async (options: ReviewOptions) => {
      if (options.format !== "markdown" && options.format !== "json") throw new UserError(`--format ${options.format}: expected markdown or json`);
      if (options.dryRun && !options.post) throw new UserError("--dry-run goes with --post");
      if (options.post && (options.format !== "markdown" || options.out)) throw new UserError("--post posts the Markdown review: leave out --format and --out");
      const marts = await openMarts({ database: options.database, bigqueryProject: options.bigqueryProject, write: Boolean(options.post) });
      try {
        const targets = await loadCheckedTargets(options.targets, marts);
        const reading = await readPeriods(marts);
        const links = { report: options.reportUrl, looker: options.lookerUrl ?? null };
        const text =
          options.format === "json"
            ? `${JSON.stringify(options.quarterly ? quarterlyReviewData(reading, targets) : weeklyReviewData(reading, targets, links), null, 2)}\n`
            : options.quarterly
              ? quarterlyReview(reading, targets)
              : weeklyReview(reading, targets, links);
        if (options.post) {
          const post = options.quarterly
            ? { review: "quarterly" as const, periodStart: quarterStart(reading.asOf), period: quarterLabel(reading.asOf), markdown: text, link: links.report }
            : { review: "weekly" as const, periodStart: reading.latestWeek, period: `the week of ${reading.latestWeek}`, markdown: text, link: links.report };
          if (options.dryRun) process.stdout.write(`${JSON.stringify(reviewMessage(text, links.report), null, 2)}\n`);
          const webhookUrl = options.webhookUrl ?? (process.env.DORAFORM_SLACK_WEBHOOK_URL || undefined);
          const summaryFile = process.env.GITHUB_STEP_SUMMARY || undefined;
          process.stdout.write(`${await postReview(marts, post, { webhookUrl, summaryFile, dryRun: options.dryRun })}\n`);
        } else if (options.out) {
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
