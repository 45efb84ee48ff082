import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../core/errors.ts";
import { openMarts } from "../../report/reader/open.ts";
import * as q from "../../report/reader/queries.ts";
import { readPeriods } from "../../report/reading.ts";
import { weeklyReview } from "../../report/review/weekly.ts";
import { quarterlyReview } from "../../report/review/quarterly.ts";
import { fakeBigQuery, PAGE_ROWS } from "./support/bigquery-stub.ts";
import { writeMartFile } from "../../demo/warehouse/mart-file.ts";
import { plantedOrganisation } from "./support/planted-org.ts";

/**
 * The mart reader on BigQuery through the real @google-cloud/bigquery client, against a local stub
 * of BigQuery's REST API (jobs.query, getQueryResults): what the client sends, and the rows it hands
 * back typed as report/marts.ts says, compared with the same marts read from the embedded warehouse.
 */
describe("the mart reader on BigQuery (the real client against a REST stub)", { timeout: 300_000 }, () => {
  const marts = plantedOrganisation();
  const stubs: Array<{ close(): Promise<void> }> = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-bq-reader-"));
  const database = path.join(dir, "warehouse.duckdb");

  beforeAll(async () => {
    await writeMartFile(database, marts);
  }, 300_000);
  afterEach(async () => {
    await Promise.all(stubs.splice(0).map((stub) => stub.close()));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("opens the marts with one jobs.query for the settings the models recorded, in GoogleSQL, with the caller's credentials", async () => {
    const fake = await fakeBigQuery(marts);
    stubs.push(fake.stub);
    const m = await openMarts({ bigquery: fake.bigquery });
    try {
      expect(m.kind).toBe("bigquery");
      // the planted report_settings predates min_link_coverage, as a warehouse built by an older version: the default applies
      expect(m.settings).toEqual({ project: "doraform-demo", dataset: "dora", asOf: "2026-11-25", minSample: 5, reportYear: 2024, minLinkCoverage: 0.25 });
      expect(fake.stub.requests).toHaveLength(1);
      const [request] = fake.stub.requests;
      expect(`${request!.method} ${new URL(request!.url, "http://stub").pathname}`).toBe("POST /bigquery/v2/projects/p/queries");
      expect(request!.headers.authorization).toBe("Bearer stub");
      expect(JSON.parse(request!.body)).toMatchObject({ query: "select * from `dora`.`report_settings`", useLegacySql: false });
    } finally {
      await m.close();
    }
  });

  it("sends dates and timestamps as positional parameters cast in the SQL, and hands back rows typed as the contract says", async () => {
    const fake = await fakeBigQuery(marts);
    stubs.push(fake.stub);
    const m = await openMarts({ bigquery: fake.bigquery });
    try {
      const deployments = await q.deploymentsFinished(m, "2026-11-16", "2026-11-23");
      const body = JSON.parse(fake.stub.requests.at(-1)!.body);
      expect(body.query).toBe(
        "select * from `dora`.`deployments` where `finished_at` >= cast(? as timestamp) and `finished_at` < cast(? as timestamp) order by `finished_at` desc",
      );
      expect(body.parameterMode).toBe("positional");
      expect(body.queryParameters.map((p: { parameterValue: { value: string } }) => p.parameterValue.value)).toEqual(["2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z"]);
      // the planted week: api Monday to Friday, web Monday, Wednesday and Friday, billing Tuesday
      expect(deployments).toHaveLength(9);
      // newest first: web's Friday deployment at 14:00, a plain success
      expect(deployments[0]).toMatchObject({
        deployment_id: "gh-run:web-13-4",
        finished_at: "2026-11-20T14:00:00.000Z",
        changes: 2,
        caused_failure: false,
        is_first_observed: false,
        recovery_seconds: null,
      });
      // api's Monday deployment failed; its incident started an hour later and was restored 3 days after
      expect(deployments.find((d) => d.deployment_id === "gh-run:api-13-0")).toMatchObject({ caused_failure: true, recovery_seconds: 3600 + 3 * 86400 });
    } finally {
      await m.close();
    }
  });

  it("writes the same weekly and quarterly reviews as from the embedded warehouse, every result polled and paged through getQueryResults", async () => {
    const fake = await fakeBigQuery(marts, { polled: true });
    stubs.push(fake.stub);
    const fromBigQuery = await openMarts({ bigquery: fake.bigquery });
    const fromDuckDb = await openMarts({ database });
    try {
      const bq = await readPeriods(fromBigQuery);
      const duck = await readPeriods(fromDuckDb);
      expect(weeklyReview(bq, [])).toBe(weeklyReview(duck, []));
      expect(quarterlyReview(bq, [])).toBe(quarterlyReview(duck, []));
      expect(bq.weekly.service.length).toBeGreaterThan(PAGE_ROWS);
      const polls = fake.stub.requests.filter((r) => r.method === "GET").map((r) => new URL(r.url, "http://stub"));
      expect(polls.length).toBeGreaterThan(0);
      expect(polls.every((u) => u.pathname.startsWith("/bigquery/v2/projects/p/queries/job_"))).toBe(true);
      // service_weekly's 45 rows come in two pages
      expect(polls.some((u) => u.searchParams.get("pageToken") === String(PAGE_ROWS))).toBe(true);
    } finally {
      await fromBigQuery.close();
      await fromDuckDb.close();
    }
  });

  it("reports a BigQuery error in one line naming the table, as a UserError", async () => {
    const fake = await fakeBigQuery(marts);
    stubs.push(fake.stub);
    // a dataset the marts were never built in: BigQuery answers 404 notFound
    const error = await openMarts({ bigquery: fake.bigquery }, { project: "p", dataset: "dora_old" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe("BigQuery (project p): Not found: Table p:dora_old.report_settings was not found in location EU");
  });
});
