import { Command, Option } from "commander";
import { loadConfig } from "../../core/config/load.ts";
import { UserError } from "../../core/errors.ts";
import { DEFAULT_DATABASE_FILE } from "../../core/duckdb.ts";
import { projectSettings } from "../load/raw-table.ts";
import { BigQueryDeliveryWriter } from "./bigquery-writer.ts";
import type { DeliveryWriter } from "./delivery.ts";
import { SpooledDeliveryWriter } from "./spooled-writer.ts";
import { createWebhookHandler, DEFAULT_MAX_BODY_BYTES, webhookSecretsFromEnv } from "./handler.ts";
import { serveWebhooks } from "./http-server.ts";
import { registerWebhooks, type RegisterOptions } from "./register.ts";
import { bundleLambda, LAMBDA_FILE } from "./bundle.ts";
import { webhookSecretVariables } from "./secrets.ts";

interface ServeOptions {
  port: string;
  host: string;
  database: string;
  warehouse?: "duckdb" | "bigquery";
  maxBody: string;
}

/** `doraform webhooks serve | register | bundle`: the webhook receiver, its registration with GitHub and PagerDuty, its Lambda bundle. */
export function register(program: Command): void {
  const webhooks = program.command("webhooks").description("receive signed GitHub and PagerDuty webhooks and generic deployment/incident reports");
  webhooks
    .command("register")
    .description("create or update the GitHub organisation webhook (BASE/github) and the PagerDuty v3 subscription (BASE/pagerduty)")
    .requiredOption("--url <base>", "the receiver's base URL, ending in /webhooks")
    .option("--dry-run", "say what would be created or updated, and change nothing")
    .option("--update-secret", "send the signing secret (GITHUB_WEBHOOK_SECRET, or the variable sources.github.webhook_secret_env names) to an existing hook (GitHub never shows a hook's secret, so a change is not noticed)")
    .option("--pagerduty-secret-file <file>", "where the signing secret of a new PagerDuty subscription is written (mode 0600)", "pagerduty-webhook-secret")
    .action((options: RegisterOptions) => registerWebhooks(options, process.env, (line) => process.stdout.write(`${line}\n`), loadConfig()));
  webhooks
    .command("bundle")
    .description(`build the AWS Lambda handler into one file, DIR/${LAMBDA_FILE} (handler index.handler), with esbuild`)
    .option("--out <dir>", "the directory to write it in", "dist/lambda")
    .action(async (options: { out: string }) => {
      const { file, bytes } = await bundleLambda(options.out);
      process.stdout.write(`${file}: ${(bytes / 1024 / 1024).toFixed(1)} MiB; Lambda handler index.handler (Node.js 20 or later)\n`);
    });
  webhooks
    .command("serve")
    .description("serve POST /webhooks/{github,pagerduty,deployments,incidents} until interrupted")
    .option("--port <n>", "port to listen on", "8787")
    .option("--host <address>", "address to bind", "127.0.0.1")
    .option("--database <file>", "the embedded DuckDB warehouse", DEFAULT_DATABASE_FILE)
    .addOption(new Option("--warehouse <kind>", "where to land: duckdb, or bigquery (default when GOOGLE_CLOUD_PROJECT is set)").choices(["duckdb", "bigquery"]))
    .option("--max-body <bytes>", "larger bodies are refused with 413", String(DEFAULT_MAX_BODY_BYTES))
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      const maxBodyBytes = Number(options.maxBody);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port: ${options.port} is not a port number`);
      if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) throw new UserError(`--max-body: ${options.maxBody} is not a positive number of bytes`);
      const variables = webhookSecretVariables(loadConfig());
      const secrets = webhookSecretsFromEnv(process.env, variables);
      if (!secrets.github && !secrets.pagerduty && !secrets.token) {
        throw new UserError(`webhooks serve: set ${variables.github}, ${variables.pagerduty} and/or ${variables.token}`);
      }
      const writer = await openWriter(options);
      const running = await serveWebhooks(createWebhookHandler({ secrets, variables, writer, maxBodyBytes }), {
        port,
        host: options.host,
        maxBodyBytes,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      // stop taking deliveries, then land every acknowledged one (on DuckDB: drain the spool, waiting for the file if another command holds it)
      let stopping: Promise<void> | undefined;
      const stop = () => {
        stopping ??= running
          .close()
          .then(() => writer.close())
          .catch((error: unknown) => {
            process.stderr.write(`doraform: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}\n`);
            process.exitCode = 1;
          });
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      // said only once a signal would stop it cleanly
      const enabled = [secrets.github && "github", secrets.pagerduty && "pagerduty", secrets.token && "deployments, incidents"].filter(Boolean).join(", ");
      process.stderr.write(`webhooks: listening on ${running.url}/webhooks/ (${enabled})\n`);
    });
}

async function openWriter(options: ServeOptions): Promise<DeliveryWriter> {
  const settings = projectSettings();
  const kind = options.warehouse ?? (process.env.GOOGLE_CLOUD_PROJECT ? "bigquery" : "duckdb");
  if (kind === "bigquery") {
    return new BigQueryDeliveryWriter({ projectId: process.env.GOOGLE_CLOUD_PROJECT ?? settings.project, dataset: settings.rawDataset });
  }
  return SpooledDeliveryWriter.open({ file: options.database, catalog: settings.project, dataset: settings.rawDataset });
}
