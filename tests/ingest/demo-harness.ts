import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Organisation } from "../../demo/model/organisation.ts";
import { afterEach, expect } from "vitest";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { githubSource } from "../../ingest/github/source.ts";
import { DuckDbLoader } from "../../ingest/load/duckdb.ts";
import { pagerdutySource } from "../../ingest/pagerduty/source.ts";
import { syncSource } from "../../ingest/sync.ts";
import { openWarehouse } from "../../core/duckdb.ts";

export const CATALOG = "doraform-demo";
export const DATASET = "airbyte_internal";

/** The ingest config for a demo organisation: its start date and its catalog's deploy workflows. */
export function ingestConfig(org: Organisation) {
  return {
    github: {
      start_date: org.start_date,
      deploy_workflows: org.services.flatMap((s) => s.deploy_workflows.map((path) => ({ repository: s.repository, path, ...(s.deploy_job ? { job: s.deploy_job } : {}) }))),
      ...(org.settings?.deploy_workflow_pattern ? { deploy_workflow_pattern: org.settings.deploy_workflow_pattern } : {}),
      ...(org.settings?.release_branch_pattern ? { release_branch_pattern: org.settings.release_branch_pattern } : {}),
      ...(org.settings?.production_environment_pattern ? { production_environment_pattern: org.settings.production_environment_pattern } : {}),
    },
    pagerduty: { start_date: org.start_date },
  };
}

export function temporaryDatabase(): string {
  return join(mkdtempSync(join(tmpdir(), "doraform-ingest-")), "warehouse.duckdb");
}

/** Both sources, in process, into a DuckDB file, with `concurrency` requests in flight at once. */
export async function syncDemo(server: DemoServer, org: Organisation, file: string, concurrency = 1): Promise<void> {
  const config = ingestConfig(org);
  const loader = await DuckDbLoader.open({ file, catalog: CATALOG, dataset: DATASET });
  try {
    await syncSource(githubSource, githubSource.parseConfig({ ...config.github, concurrency }, server.env), loader, () => undefined);
    await syncSource(pagerdutySource, pagerdutySource.parseConfig({ ...config.pagerduty, concurrency }, server.env), loader, () => undefined);
  } finally {
    await loader.close();
  }
}

/** How each stream's primary key reads out of `_airbyte_data`. */
export const KEY_SQL: Record<string, string> = {
  "github.repositories": "$.id",
  "github.workflow_runs": "$.id",
  "github.workflow_jobs": "$.id",
  "github.deployments": "$.id",
  "github.deployment_statuses": "$.node_id",
  "github.pull_requests": "repository || '#' || number",
  "github.deployment_commits": "repository || ' ' || base_sha || ' ' || head_sha",
  "github.commits": "repository || ' ' || sha",
  "pagerduty.services": "$.id",
  "pagerduty.incidents": "$.id",
  "pagerduty.incident_log_entries": "$.id",
  "pagerduty.incident_notes": "$.id",
  "pagerduty.incident_custom_fields": "$.incident_id",
  "pagerduty.incident_related_change_events": "incident_id || ' ' || id",
};

function keyExpression(spec: string): string {
  if (spec.startsWith("$.")) return `json_extract_string(_airbyte_data, '${spec}')`;
  return spec.replace(/[a-z_]+/g, (field) => `json_extract_string(_airbyte_data, '$.${field}')`);
}

/** Every stream's latest record per primary key (staging's rule), as key → JSON text. */
export async function latestRecords(file: string): Promise<Record<string, Map<string, string>>> {
  const warehouse = await openWarehouse({ file, catalog: CATALOG, readOnly: true });
  try {
    const result: Record<string, Map<string, string>> = {};
    for (const [qualified, spec] of Object.entries(KEY_SQL)) {
      const [namespace, stream] = qualified.split(".");
      const rows = await warehouse.all<{ key: string; data: string }>(
        `SELECT ${keyExpression(spec)} AS key, _airbyte_data AS data FROM ${DATASET}."${namespace}_raw__stream_${stream}"
         QUALIFY row_number() OVER (PARTITION BY key ORDER BY _airbyte_extracted_at DESC, _airbyte_raw_id DESC) = 1`,
      );
      result[stream!] = new Map(rows.map((row) => [row.key, row.data]));
    }
    return result;
  } finally {
    warehouse.close();
  }
}

/** Asserts every stream of `file` holds, per primary key, the same latest record as `reference` (`what` names the run). */
export async function expectSameRecords(file: string, reference: string, what = ""): Promise<void> {
  const expected = await latestRecords(reference);
  const landed = await latestRecords(file);
  const parsed = (records: Map<string, string>) => new Map([...records].map(([key, data]) => [key, JSON.parse(data)]));
  for (const stream of Object.keys(expected)) expect(parsed(landed[stream]!), `${stream}${what}`).toEqual(parsed(expected[stream]!));
}

export async function allRawText(file: string): Promise<string> {
  const warehouse = await openWarehouse({ file, catalog: CATALOG, readOnly: true });
  try {
    const tables = await warehouse.all<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = '${DATASET}'`);
    const texts: string[] = [];
    for (const { name } of tables) {
      const rows = await warehouse.all<Record<string, unknown>>(`SELECT * FROM ${DATASET}."${name}"`);
      texts.push(JSON.stringify(rows));
    }
    return texts.join("\n");
  } finally {
    warehouse.close();
  }
}

/** Starts demo servers for a test file's tests and closes each one after its test. */
export function demoServers(): (org: Organisation, options?: Parameters<typeof startDemoServer>[1]) => Promise<DemoServer> {
  const servers: DemoServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (org, options) => {
    const server = await startDemoServer(org, options);
    servers.push(server);
    return server;
  };
}
