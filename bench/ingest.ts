/**
 * Requests made and records landed per second by `doraform ingest` (both sources, in process; serial
 * requests as shipped for real APIs, or `--concurrency n` as `doraform run` uses against the demo)
 * against the demo organisation served on loopback, for a first sync (backfill from the organisation's
 * start date), a second sync of the unchanged organisation, and a nightly sync (of the organisation
 * as it stood a day earlier, then of today's), each with what it cost of GitHub's budget (REST
 * requests that counted, GraphQL points), the GitHub state it left (bytes) and, for the first and
 * nightly syncs, the requests by route. From these, the nightly cost model: a fixed cost per
 * repository (the unchanged sync's), a marginal cost per item the night brought (counted from the
 * generated organisation, not from what the extractor landed), and the large organisation's night.
 *
 *   npx tsx bench/ingest.ts                           # the default demo organisation, serial
 *   npx tsx bench/ingest.ts default --concurrency 8   # as `doraform run` ingests the demo
 *   npx tsx bench/ingest.ts large                     # SIZES.large (1000 services, 156 weeks: hours)
 *   npx tsx bench/ingest.ts large --services 100 --weeks 52
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planOrganisation, type PlannedService } from "../demo/generate/catalog.ts";
import { dormantSlices } from "../demo/generate/dormant.ts";
import { generateOrganisation, SIZES, type GenerateOptions } from "../demo/generate/index.ts";
import { resolveOptions } from "../demo/generate/options.ts";
import { startDemoServer, type DemoServer } from "../demo/server/index.ts";
import type { Organisation } from "../demo/model/organisation.ts";
import { dayBefore, serverNow, snapshotAt } from "../demo/model/snapshot.ts";
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
  let state = { state_bytes: 0, commit_graph_bytes: 0 };
  try {
    records += (await syncSource(githubSource, githubSource.parseConfig({ start_date: org.start_date, deploy_workflows: deployWorkflows, concurrency }, server.env), loader, () => undefined)).records;
    githubRequests = total(server);
    state = stateBytes(await loader.readState(githubSource.namespace));
    records += (await syncSource(pagerdutySource, pagerdutySource.parseConfig({ start_date: org.start_date, concurrency }, server.env), loader, () => undefined)).records;
  } finally {
    await loader.close();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // GitHub's budget: REST requests that counted (a 304 does not) and GraphQL points
  const { github_counted_requests, github_graphql_points } = server.githubUsage();
  // where the requests went, most first: what to cut next
  const requests_by_route = Object.fromEntries(Object.entries(server.requestCounts()).sort((a, b) => b[1] - a[1]));
  return { requests: total(server), pagerduty_requests: total(server) - githubRequests, github_counted_requests, github_graphql_points, requests_by_route, records, seconds: Math.round(seconds * 10) / 10, records_per_second: Math.round(records / seconds), requests_per_second: Math.round(total(server) / seconds), ...state };
}

/** The GitHub state a sync saved, as stored (JSON per stream), and the kept commit graphs' share of it. */
function stateBytes(state: Map<string, unknown>): { state_bytes: number; commit_graph_bytes: number } {
  let [stateBytes, graphBytes] = [0, 0];
  for (const perRepository of state.values()) {
    stateBytes += Buffer.byteLength(JSON.stringify(perRepository));
    // each repository's state wraps the stream's own cursor in the landed range's
    for (const repoState of Object.values((perRepository ?? {}) as Record<string, { cursor?: { graph?: unknown } }>)) {
      if (repoState?.cursor?.graph !== undefined) graphBytes += Buffer.byteLength(JSON.stringify(repoState.cursor.graph));
    }
  }
  return { state_bytes: stateBytes, commit_graph_bytes: graphBytes };
}

/**
 * What the last day brought, from the generated organisation (the extractor plays no part): runs of
 * deploy workflows, GitHub deployments (any environment) and merged pull requests that are new
 * since the day before or changed (a run finished, a deployment got a status), as the night's
 * listings find them.
 */
function newItems(org: Organisation): { deploy_runs: number; deployments: number; pull_requests: number } {
  const counts = { deploy_runs: 0, deployments: 0, pull_requests: 0 };
  const [yesterday, today] = [dayBefore(org), serverNow(org)];
  const changed = <T extends { id: number | string }>(before: T[], after: T[]) => {
    const known = new Map(before.map((item) => [item.id, JSON.stringify(item)]));
    return after.filter((item) => known.get(item.id) !== JSON.stringify(item));
  };
  for (const repo of org.repositories) {
    // one repository at a time: a snapshot copies what it is given
    const one: Organisation = { ...org, repositories: [repo], pagerduty: { services: [], incidents: [], change_events: [] } };
    const [before, after] = [snapshotAt(one, yesterday).repositories[0]!, snapshotAt(one, today).repositories[0]!];
    const deployPaths = new Set(org.services.filter((service) => service.repository === repo.full_name).flatMap((service) => service.deploy_workflows));
    const deployIds = new Set(repo.workflows.filter((workflow) => deployPaths.has(workflow.path)).map((workflow) => workflow.id));
    const deployRuns = (runs: typeof repo.workflow_runs) => runs.filter((run) => deployIds.has(run.workflow_id));
    counts.deploy_runs += changed(deployRuns(before.workflow_runs), deployRuns(after.workflow_runs)).length;
    counts.deployments += changed(before.deployments, after.deployments).length;
    counts.pull_requests += changed(before.pull_requests, after.pull_requests).filter((pull) => pull.merged_at !== null).length;
  }
  return counts;
}

/**
 * The large organisation's repositories and its expected day's items relative to `options`', from
 * the generator's plan (cheap: a few numbers per service): per working day a service starts about
 * its deploy rate of deploy runs and merges 1.5 times it of pull requests (at least 0.1;
 * demo/generate/repository.ts), so the measured night's items scale by those sums.
 */
function largeOrganisation(options: GenerateOptions): { repositories: number; deploysScale: number; mergesScale: number } {
  const sums = (generate: GenerateOptions) => {
    const resolved = resolveOptions(generate);
    const plan = planOrganisation(resolved);
    const services: PlannedService[] = plan.repositories.flatMap((repository) => repository.services);
    const repositories = plan.repositories.length + [...dormantSlices(resolved, plan)].length;
    return { repositories, deploys: services.reduce((sum, s) => sum + s.deployRate, 0), merges: services.reduce((sum, s) => sum + Math.max(0.1, s.deployRate * 1.5), 0) };
  };
  const [measured, large] = [sums(options), sums(SIZES.large)];
  return { repositories: large.repositories, deploysScale: large.deploys / measured.deploys, mergesScale: large.merges / measured.merges };
}

const round = (n: number, places = 3) => Math.round(n * 10 ** places) / 10 ** places;

async function measure(size: Size, overrides: GenerateOptions, concurrency: number): Promise<void> {
  const org = generateOrganisation({ ...SIZES[size], ...overrides });
  const night = newItems(org);
  const large = largeOrganisation({ ...SIZES[size], ...overrides });
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
    // GitHub's budget spent: counted REST requests and GraphQL points alike
    const cost = (one: { github_counted_requests: number; github_graphql_points: number }) => one.github_counted_requests + one.github_graphql_points;
    const fixedPerRepository = cost(second) / org.repositories.length;
    const items = night.deploy_runs + night.deployments + night.pull_requests;
    const marginal = items > 0 ? (cost(nightly) - cost(second)) / items : 0;
    const largeItems = (night.deploy_runs + night.deployments) * large.deploysScale + night.pull_requests * large.mergesScale;
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
          state_bytes: second.state_bytes,
          commit_graph_bytes: second.commit_graph_bytes,
        },
        nightly_sync: {
          requests: nightly.requests,
          pagerduty_requests: nightly.pagerduty_requests,
          github_counted_requests: nightly.github_counted_requests,
          github_graphql_points: nightly.github_graphql_points,
          requests_by_route: nightly.requests_by_route,
          seconds: nightly.seconds,
          state_bytes: nightly.state_bytes,
          commit_graph_bytes: nightly.commit_graph_bytes,
          new_deploy_runs: night.deploy_runs,
          new_deployments: night.deployments,
          new_pull_requests: night.pull_requests,
          new_items: items,
          marginal_cost_per_new_item: round(marginal),
        },
        // the nightly cost model: fixed per repository (the unchanged sync's) plus marginal per new item
        fixed_cost_per_repository: round(fixedPerRepository),
        large_organisation_nightly: {
          repositories: large.repositories,
          new_items_per_day: Math.round(largeItems),
          fixed_cost: Math.round(fixedPerRepository * large.repositories),
          marginal_cost: Math.round(marginal * largeItems),
          estimate: Math.round(fixedPerRepository * large.repositories + marginal * largeItems),
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
