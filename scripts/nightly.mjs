#!/usr/bin/env node
// The nightly pipeline on BigQuery: ingest -> `dataform run` (the official CLI) -> alerts -> review
// (the weekly review posted once a week, the quarterly one once a quarter: `doraform review --post`).
// The workflow .github/workflows/dora-metrics.yml runs it step by step (each step under its own
// service account); a person runs it whole: `node scripts/nightly.mjs` with Application Default
// Credentials and GOOGLE_CLOUD_PROJECT set. `--dry-run` prints the commands instead of running them.
// What it syncs and how the models slice it come from doraform.yaml, which every command reads; the
// transform step first checks that includes/generated/doraform.json (what `dataform run` reads) is in
// sync with it, so the official CLI never runs an older catalog than the file says.
import { $, argv, fs, os, path } from "zx";

const STEPS = ["ingest", "transform", "alerts", "review"];
const usage = `usage: node scripts/nightly.mjs [${STEPS.join("|")} ...] [--dry-run] [--full-refresh]
  no step: all four, in order. Environment: GOOGLE_CLOUD_PROJECT (required), GITHUB_TOKEN and
  PAGERDUTY_TOKEN (ingest; or the variables doraform.yaml names), DORAFORM_LOCATION (default: workflow_settings.yaml defaultLocation),
  DORAFORM_ALERTS_WEBHOOK_URL (alerts post to it), DORAFORM_SLACK_WEBHOOK_URL and GITHUB_STEP_SUMMARY
  (the reviews post to them), DORAFORM_REPORT_URL (the reviews link to it), DORAFORM_FULL_REFRESH=true
  (like --full-refresh).`;

function fail(message) {
  process.stderr.write(`nightly: ${message}\n`);
  process.exit(1);
}

if (argv.help || argv.h) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const steps = argv._.length > 0 ? argv._.map(String) : STEPS;
const unknown = steps.filter((step) => !STEPS.includes(step));
if (unknown.length > 0) fail(`unknown step ${unknown.join(", ")} (steps: ${STEPS.join(", ")})`);
const project = process.env.GOOGLE_CLOUD_PROJECT;
if (!project) fail("GOOGLE_CLOUD_PROJECT is not set (the BigQuery project to load and run in)");

const repository = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const settings = await fs.readFile(path.join(repository, "workflow_settings.yaml"), "utf8");
const location = process.env.DORAFORM_LOCATION || /^defaultLocation:\s*(\S+)/m.exec(settings)?.[1] || "US";
const fullRefresh = Boolean(argv["full-refresh"]) || process.env.DORAFORM_FULL_REFRESH === "true";
const dryRun = Boolean(argv["dry-run"]);

/** Runs a command with output shown; a non-zero exit throws, which fails the script and the job. */
async function step(name, pieces) {
  process.stdout.write(`::group::${name}\n`);
  if (dryRun) process.stdout.write(`${pieces.join(" ")}\n`);
  else await $({ cwd: repository, stdio: "inherit" })`${pieces}`;
  process.stdout.write("::endgroup::\n");
}

const doraform = ["node", "bin/doraform.js"];
for (const name of STEPS.filter((s) => steps.includes(s))) {
  if (name === "ingest") await step("ingest", [...doraform, "ingest", "--warehouse", "bigquery"]);
  if (name === "transform") {
    await step("config check", [...doraform, "config", "check"]);
    // the official CLI with Application Default Credentials: a credentials file without a key
    const credentials = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "dataform-")), ".df-credentials.json");
    await fs.writeFile(credentials, JSON.stringify({ projectId: project, location }));
    await step("dataform run", [
      "npx", "dataform", "run", ".", "--credentials", credentials, "--default-database", project, "--default-location", location,
      "--action-retry-limit", "2", ...(fullRefresh ? ["--full-refresh"] : []),
    ]);
  }
  if (name === "alerts") await step("alerts", [...doraform, "alerts", "--bigquery-project", project]);
  if (name === "review") {
    if (!dryRun && !process.env.DORAFORM_SLACK_WEBHOOK_URL && !process.env.GITHUB_STEP_SUMMARY) {
      process.stderr.write("nightly: review: nowhere to post (set DORAFORM_SLACK_WEBHOOK_URL, or run in GitHub Actions): skipped\n");
      continue;
    }
    // every night: the reviews' log in the warehouse posts each week's and each quarter's once
    const link = process.env.DORAFORM_REPORT_URL ? ["--report-url", process.env.DORAFORM_REPORT_URL] : [];
    await step("weekly review", [...doraform, "review", "--post", "--bigquery-project", project, ...link]);
    await step("quarterly review", [...doraform, "review", "--quarterly", "--post", "--bigquery-project", project, ...link]);
  }
}
