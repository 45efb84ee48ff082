/**
 * Requests made and records landed per second by `doraform ingest` (both sources, in process; serial
 * requests as shipped for real APIs, or `--concurrency n` as `doraform run` uses against the demo)
 * against the demo organisation served on loopback, for a first sync (backfill from the organisation's
 * start date), a second sync of the unchanged organisation, and a nightly sync (of the organisation
 * as it stood a day earlier, then of today's), each with what it cost of GitHub's budget (REST
 * requests that counted, GraphQL points) and, for the first and nightly syncs, the requests by route.
 *
 *   npx tsx bench/ingest.ts                           # the default demo organisation, serial
 *   npx tsx bench/ingest.ts default --concurrency 8   # as `doraform run` ingests the demo
 *   npx tsx bench/ingest.ts large                     # SIZES.large (1000 services, 156 weeks: hours)
 *   npx tsx bench/ingest.ts large --services 100 --weeks 52
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateOrganisation, SIZES, type GenerateOptions } from "../demo/generate/index.ts";
import { startDemoServer, type DemoServer } from "../demo/server/index.ts";
import type { Organisation } from "../demo/model/organisation.ts";
import { dayBefore } from "../demo/model/snapshot.ts";
import { githubSource } from "../ingest/github/source.ts";
import { DuckDbLoader } from "../ingest/load/duckdb.ts";
import { projectSettings } from "../ingest/load/raw-table.ts";
import { pagerdutySource } from "../ingest/pagerduty/source.ts";
import { syncSource } from "../ingest/sync.ts";

type Size = keyof typeof SIZES;

const total = (server: DemoServer) => Object.values(server.requestCounts()).reduce((sum, n) => sum + n, 0);

async function sync(server: DemoServer, org: Organisation, file: string, concurrency: number) {
  const settings = projectSettings();
  const loader = await DuckDbLoader.open({ file, catalog: settings.project, dataset: settings.rawDataset });
  const deployWorkflows = org.services.flatMap((s) => s.deploy_workflows.map((path) => ({ repository: s.repository, path, ...(s.deploy_job ? { job: s.deploy_job } : {}) })));
  server.resetCounts();
  const started = process.hrtime.bigint();
  let records = 0;
  let githubRequests = 0;
  try {
    records += (await syncSource(githubSource, githubSource.parseConfig({ start_date: org.start_date, deploy_workflows: deployWorkflows, concurrency }, server.env), loader, () => undefined)).records;
    githubRequests = total(server);
    records += (await syncSource(pagerdutySource, pagerdutySource.parseConfig({ start_date: org.start_date, concurrency }, server.env), loader, () => undefined)).records;
  } finally {
    await loader.close();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // GitHub's budget: REST requests that counted (a 304 does not) and GraphQL points
  const { github_counted_requests, github_graphql_points } = server.githubUsage();
  // where the requests went, most first: what to cut next
  const requests_by_route = Object.fromEntries(Object.entries(server.requestCounts()).sort((a, b) => b[1] - a[1]));
  return { requests: total(server), pagerduty_requests: total(server) - githubRequests, github_counted_requests, github_graphql_points, requests_by_route, records, seconds: Math.round(seconds * 10) / 10, records_per_second: Math.round(records / seconds), requests_per_second: Math.round(total(server) / seconds) };
}

async function measure(size: Size, overrides: GenerateOptions, concurrency: number): Promise<void> {
  const org = generateOrganisation({ ...SIZES[size], ...overrides });
  // GitHub's 5,000 an hour, spent for real, on a clock where the hour lasts a second: a backfill
  // larger than the budget waits for each reset as it would for real, and the bench is not slowed
  const budget = { githubBudget: { limit: 5000, clockSpeed: 3600 } };
  const server = await startDemoServer(org, budget);
  // the organisation as it stood a day earlier: a sync of it, then of today's, is one night's sync
  const yesterday = await startDemoServer({ ...org, as_of: dayBefore(org) }, budget);
  const directory = mkdtempSync(join(tmpdir(), "doraform-bench-ingest-"));
  try {
    const file = join(directory, "warehouse.duckdb");
    const first = await sync(server, org, file, concurrency);
    const second = await sync(server, org, file, concurrency);
    const nightlyFile = join(directory, "nightly.duckdb");
    await sync(yesterday, org, nightlyFile, concurrency);
    const nightly = await sync(server, org, nightlyFile, concurrency);
    console.log(
      JSON.stringify({
        size,
        ...overrides,
        concurrency,
        repositories: org.repositories.length,
        workflow_runs: org.repositories.reduce((sum, repo) => sum + repo.workflow_runs.length, 0),
        incidents: org.pagerduty.incidents.length,
        first_sync: first,
        second_sync: {
          requests: second.requests,
          pagerduty_requests: second.pagerduty_requests,
          github_counted_requests: second.github_counted_requests,
          github_graphql_points: second.github_graphql_points,
          requests_per_repository: Math.round((second.requests / org.repositories.length) * 10) / 10,
          seconds: second.seconds,
        },
        nightly_sync: {
          requests: nightly.requests,
          pagerduty_requests: nightly.pagerduty_requests,
          github_counted_requests: nightly.github_counted_requests,
          github_graphql_points: nightly.github_graphql_points,
          requests_by_route: nightly.requests_by_route,
          seconds: nightly.seconds,
        },
      }),
    );
  } finally {
    await server.close();
    await yesterday.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

const [size = "default", ...rest] = process.argv.slice(2);
if (!(size in SIZES)) throw new Error(`bench/ingest.ts: unknown size "${size}" (${Object.keys(SIZES).join(", ")})`);
const overrides: GenerateOptions = {};
let concurrency = 1;
for (let i = 0; i < rest.length; i += 2) {
  const flag = rest[i]!.replace(/^--/, "");
  if (flag === "concurrency") concurrency = Number(rest[i + 1]);
  else if (flag === "services" || flag === "weeks") overrides[flag] = Number(rest[i + 1]);
  else throw new Error(`bench/ingest.ts: unknown flag ${rest[i]} (--services, --weeks, --concurrency)`);
}
await measure(size as Size, overrides, concurrency);
