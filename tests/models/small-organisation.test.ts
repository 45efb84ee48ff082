/**
 * The models on a hand-made organisation (fixtures/small-organisation.ts), every expected value
 * worked out by hand from the fixture's comments.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWarehouse, type Warehouse } from "../../core/duckdb.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";
import { CATALOG, failures, runModels } from "../../demo/warehouse/run-models.ts";

let warehouse: Warehouse;

beforeAll(async () => {
  const { database, result } = await runModels(smallOrganisation);
  expect(failures(result)).toEqual([]);
  warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
}, 300_000);

afterAll(() => warehouse?.close());

const one = async (sql: string) => (await warehouse.all<Record<string, unknown>>(sql))[0];
const iso = (value: unknown) => new Date(String(value).replace(" ", "T").replace(/\+00$/, "Z")).toISOString().slice(0, 19) + "Z";

describe("deployments", () => {
  it("a re-run that succeeds counts once, finished at its first successful attempt's deploy job", async () => {
    const row = await one("select * from dora.deployments where deployment_id = 'gh-run:101'");
    expect(row.result).toBe("success");
    expect(iso(row.finished_at)).toBe("2026-02-24T12:10:00Z");
    expect(iso(row.started_at)).toBe("2026-02-24T11:00:00Z");
  });

  it("a failed run is kept with its result, and a pull request run is no deployment", async () => {
    const rows = await warehouse.all<{ deployment_id: string; result: string }>(
      "select deployment_id, result from dora.deployments order by deployment_id",
    );
    expect(rows).toEqual([
      { deployment_id: "gh-run:100", result: "success" },
      { deployment_id: "gh-run:101", result: "success" },
      { deployment_id: "gh-run:102", result: "success" },
      { deployment_id: "gh-run:103", result: "failure" },
      { deployment_id: "gh-run:104", result: "success" },
    ]);
  });

  it("the first deployment is first observed and ships nothing", async () => {
    const row = await one("select is_first_observed, changes from dora.deployments where deployment_id = 'gh-run:100'");
    expect(row).toEqual({ is_first_observed: true, changes: "0" });
  });

  it("a deployment both linked by an incident and reverted takes the stronger method, recovered by the fix", async () => {
    const row = await one("select * from dora.deployments where deployment_id = 'gh-run:102'");
    expect(row.failure_link_method).toBe("note");
    // the fix gh-run:104 finished 03-04 11:20; 102 finished 03-02 10:15: 2 days 1 hour 5 minutes
    expect(Number(row.recovery_seconds)).toBe(2 * 86400 + 3600 + 5 * 60);
  });
});

describe("changes", () => {
  it("a direct push that a deployment contains is a change of its own", async () => {
    const row = await one("select * from dora.changes where change_id = 'gh-commit:acme/api@c3'");
    expect(row.deployment_id).toBe("gh-run:104");
    expect(row.pull_number).toBeNull();
    // deployed 03-04 11:20, authored 03-03 07:00: 28 hours 20 minutes
    expect(Number(row.lead_time_seconds)).toBe(28 * 3600 + 20 * 60);
  });

  it("lead time runs from the first commit (here the opened time) to the deployment's finish", async () => {
    const row = await one("select * from dora.changes where change_id = 'gh-pr:acme/api#1'");
    // opened 02-23 09:00, deployed 02-24 12:10: 27 hours 10 minutes
    expect(Number(row.lead_time_seconds)).toBe(27 * 3600 + 10 * 60);
    expect(Number(row.review_seconds)).toBe(25 * 3600);
    expect(Number(row.deploy_wait_seconds)).toBe(2 * 3600 + 10 * 60);
  });
});

describe("incidents", () => {
  it("the custom field wins over a note naming another deployment", async () => {
    const row = await one("select caused_by_deployment_id, link_method from dora.incidents where incident_id = 'PINC1'");
    expect(row).toEqual({ caused_by_deployment_id: "gh-run:101", link_method: "custom_field" });
  });

  it("a run URL links when the note's deployment id names no deployment, and the hotfix is its resolution", async () => {
    const row = await one("select * from dora.incidents where incident_id = 'PINC2'");
    expect(row.caused_by_deployment_id).toBe("gh-run:102");
    expect(row.link_method).toBe("note");
    expect(row.resolved_by_deployment_id).toBe("gh-run:104");
    // started 03-02 10:30, fix finished 03-04 11:20
    expect(Number(row.recovery_seconds)).toBe(2 * 86400 + 50 * 60);
  });

  it("the dangling reference is counted in data quality", async () => {
    const row = await one("select value from dora.data_quality where check_name = 'dangling_references'");
    expect(row.value).toBe(1);
  });
});

describe("weekly", () => {
  it("the week containing as_of is on the spine, incomplete and empty", async () => {
    const row = await one("select * from dora.service_weekly where week_start = date '2026-03-09'");
    expect(row.is_complete).toBe(false);
    expect(row.deployments).toBe("0");
    expect(row.lead_time_p50_seconds).toBeNull();
  });

  it("percentiles interpolate between the deployed changes of the week", async () => {
    const row = await one("select * from dora.service_weekly where week_start = date '2026-03-02'");
    // lead times 6000, 80100, 102000: p50 80100; p90 at rank 1.8: 80100 + 0.8 × 21900
    expect(row.lead_time_p50_seconds).toBe(80100);
    expect(row.lead_time_p90_seconds).toBeCloseTo(97620, 9);
    expect(row.change_failure_rate).toBe(0.5);
    expect(row.rework_rate).toBe(0.5);
  });
});
