/**
 * The models on demo/scenarios/same-commit-chains.yaml plus deployments Argo CD reports
 * (doraform.deployments) of chain A's commit c1, whose GitHub records are runs 101 (deploy job
 * finished 01-06 10:00) and 102 (10:07); GitHub deployments 9101 and 9102 are those runs' twins.
 * A report is GitHub's twin when it names the same service and commit (its sha may be abbreviated)
 * and finished at most 10 minutes apart, taken nearest first (docs/metrics.md decision 50, 51).
 */
import * as path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadScenario } from "../../demo/scenario/load.ts";
import { openWarehouse, type Warehouse } from "../../core/duckdb.ts";
import type { RawStreams } from "../../demo/warehouse/organisation-records.ts";
import { CATALOG, failures, runModels } from "../../demo/warehouse/run-models.ts";

const C1 = "c1".padStart(40, "0");
const report = (id: string, sha: string, finished: string) =>
  ({ deployment_id: id, service: "app", environment: "production", commit_sha: sha, finished_at: finished, result: "success", source: "argocd" });

const REPORTS: RawStreams = new Map([
  ["doraform_raw__stream_deployments", [
    // abbreviated sha, 10:05: run 102 is 2 minutes away, run 101 5 minutes
    report("argocd:app:1", C1.slice(0, 7), "2026-01-06T10:05:00Z"),
    // 10:06: run 102 is 1 minute away, run 101 6 minutes
    report("argocd:app:2", C1, "2026-01-06T10:06:00Z"),
    // 10:20: 13 minutes after run 102, 20 after run 101
    report("argocd:app:3", C1, "2026-01-06T10:20:00Z"),
  ]],
]);

let warehouse: Warehouse;

beforeAll(async () => {
  const org = await loadScenario(path.join(import.meta.dirname, "..", "..", "demo", "scenarios", "same-commit-chains.yaml"));
  const { database, result } = await runModels(org, REPORTS);
  expect(failures(result)).toEqual([]);
  warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
}, 300_000);

afterAll(() => warehouse?.close());

it("reports of what GitHub deployed are taken nearest first, each GitHub record once, and count as GitHub's", async () => {
  const rows = await warehouse.all<Record<string, unknown>>(
    "select deployment_id, source from dora.deployments where finished_at >= timestamptz '2026-01-06 00:00:00+00' and finished_at < timestamptz '2026-01-07 00:00:00+00' order by deployment_id",
  );
  // 102–app:2 (1 minute) first; app:1 then takes 101 (5 minutes), 102 being taken; app:3 is too far from both
  expect(rows).toEqual([
    { deployment_id: "argocd:app:3", source: "argocd" },
    { deployment_id: "gh-run:101", source: "github_actions" },
    { deployment_id: "gh-run:102", source: "github_actions" },
  ]);
  // week of 01-05: runs 100, 101, 102 and argocd:app:3
  const [week] = await warehouse.all<Record<string, unknown>>("select deployments from dora.service_weekly where week_start = date '2026-01-05'");
  expect(week.deployments).toBe("4");
});

it("data quality counts both reports merged into GitHub's records", async () => {
  const [row] = await warehouse.all<Record<string, unknown>>("select value from dora.data_quality where check_name = 'deployments_reported_twins'");
  expect(row.value).toBe(2);
});
