/**
 * Catalog and overrides values are rendered into the models' SQL as literals of the engine that
 * runs them (includes/dialect.js stringLiteral): DuckDB strings have no backslash escapes,
 * BigQuery's do. A service name and a pull request label holding a backslash and a quote run on
 * DuckDB to the oracle's marts, and compile for BigQuery to literals that read back as the value.
 */
import { describe, expect, it } from "vitest";
import type { Organisation } from "../../demo/model/organisation.ts";
import { organisationVars } from "../../demo/model/dataform-vars.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { compileProject, REPOSITORY_ROOT } from "../../warehouse/compile.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { assertBigQuerySyntax } from "../bigquery/bigquery-syntax.ts";
import { martDifferences } from "./compare-marts.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";
import { CATALOG, failures, runModels } from "../../demo/warehouse/run-models.ts";

// a backslash just before the closing quote is what a reader with BigQuery's escapes misreads on DuckDB
const SERVICE = "api\\ o'k\\";
const LABEL = "y\\";

/** The small organisation with its service renamed, and pull request #1 labelled LABEL, which the overrides exclude. */
function oddlyNamed(): Organisation {
  const org: Organisation = structuredClone(smallOrganisation);
  org.services[0].name = SERVICE;
  org.repositories[0].pull_requests[0].labels = [LABEL];
  org.overrides = { exclude_pull_request_labels: [LABEL, "it's"] };
  return org;
}

describe("catalog and overrides values with a backslash and a quote", () => {
  it("run on DuckDB to the oracle's marts: the service keeps its name, the labelled pull request is left out", async () => {
    const org = oddlyNamed();
    const { database, result } = await runModels(org);
    expect(failures(result)).toEqual([]);
    const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
    try {
      expect(await warehouse.all("select distinct service from dora.deployments")).toEqual([{ service: SERVICE }]);
      // pull request #1 is excluded by its label; #2 stays
      const changes = await warehouse.all("select change_id from dora.changes");
      expect(changes).not.toContainEqual({ change_id: "gh-pr:acme/api#1" });
      expect(changes).toContainEqual({ change_id: "gh-pr:acme/api#2" });
      expect(await martDifferences(warehouse, expectedMarts(org))).toEqual([]);
    } finally {
      warehouse.close();
    }
  }, 300_000);

  it("compile for BigQuery to backslash-escaped literals that are GoogleSQL", async () => {
    const graph = await compileProject(REPOSITORY_ROOT, { vars: { ...organisationVars(oddlyNamed()), warehouse: "bigquery" } });
    const query = (name: string) => (graph.tables ?? []).find((t) => t.target?.name === name)?.query ?? "";
    const services = query("int_services");
    expect(services).toContain(String.raw`'api\\ o\'k\\'`);
    expect(() => assertBigQuerySyntax(services)).not.toThrow();
    const pullRequests = query("int_changes__pull_requests");
    expect(pullRequests).toContain(String.raw`in ('y\\', 'it\'s')`);
    expect(() => assertBigQuerySyntax(pullRequests)).not.toThrow();
  }, 120_000);
});
