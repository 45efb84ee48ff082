import type { Command } from "commander";
import { UserError } from "../../core/errors.ts";
import { openMarts } from "../reader/open.ts";
import { evaluateAlerts } from "./evaluate.ts";
import { readThresholds } from "./thresholds-file.ts";
import { slackMessage } from "./slack.ts";
import { postWebhook } from "../webhook.ts";
import { ensureSentLog, recordSent, unsent } from "./sent-log.ts";

export function register(program: Command): void {
  program
    .command("alerts")
    .description("evaluate the regression rules for the latest complete week, per service, team and organisation")
    .option("--webhook-url <url>", "post what fired to this Slack-compatible webhook (env DORAFORM_ALERTS_WEBHOOK_URL)")
    .option("--fail-on-alert", "exit with status 2 when any rule fired, so a scheduled job fails visibly")
    .option("--rules <file>", "YAML overriding the rules' thresholds (see docs/reading.md)")
    .option("--database <file>", "the embedded warehouse file", "doraform.duckdb")
    .option("--bigquery-project <id>", "read the marts from BigQuery in this project instead")
    .action(async (options: { webhookUrl?: string; failOnAlert?: boolean; rules?: string; database: string; bigqueryProject?: string }) => {
      const thresholds = readThresholds(options.rules);
      const webhook = options.webhookUrl ?? process.env.DORAFORM_ALERTS_WEBHOOK_URL;
      const marts = await openMarts({ database: options.database, bigqueryProject: options.bigqueryProject, write: Boolean(webhook) });
      try {
        const { weekStart, firings } = await evaluateAlerts(marts, thresholds);
        if (!weekStart) {
          process.stdout.write("alerts: no complete week in the marts yet\n");
          return;
        }
        process.stdout.write(`alerts for the week of ${weekStart}: ${firings.length} fired\n`);
        for (const f of firings) process.stdout.write(`  ${f.rule}  ${f.text}\n`);
        if (webhook && firings.length > 0) {
          await ensureSentLog(marts);
          const fresh = await unsent(marts, weekStart, firings);
          if (fresh.length > 0) {
            await postWebhook(webhook, slackMessage(weekStart, fresh), { what: "alerts" });
            await recordSent(marts, fresh);
          }
          process.stdout.write(`posted ${fresh.length}, already posted ${firings.length - fresh.length}\n`);
        }
        if (options.failOnAlert && firings.length > 0) {
          throw new UserError(`${firings.length} alert${firings.length === 1 ? "" : "s"} fired for the week of ${weekStart}`, 2);
        }
      } finally {
        await marts.close();
      }
    });
}
