import { describe, expect, it } from "vitest";
import { Kysely, type CompiledQuery, type DatabaseConnection, type Driver } from "kysely";
import sqlParser from "node-sql-parser";
import { BigQueryDialect } from "../../report/reader/bigquery-dialect.ts";
import type { DoraDataset } from "../../report/marts.ts";
import type { MartDatabase } from "../../report/reader/open.ts";
import * as q from "../../report/reader/queries.ts";

/** The real BigQuery dialect and compiler, with a driver that records the SQL instead of calling BigQuery (offline). */
class RecordingBigQueryDialect extends BigQueryDialect {
  constructor(readonly sent: CompiledQuery[]) {
    super({ projectId: "doraform-demo" });
  }
  override createDriver(): Driver {
    const sent = this.sent;
    const connection: DatabaseConnection = {
      async executeQuery(query) {
        sent.push(query);
        return { rows: [] };
      },
      streamQuery: () => {
        throw new Error("not used");
      },
    };
    return {
      async init() {},
      async acquireConnection() {
        return connection;
      },
      async beginTransaction() {},
      async commitTransaction() {},
      async rollbackTransaction() {},
      async releaseConnection() {},
      async destroy() {},
    };
  }
}

describe("the mart reader on BigQuery (compiled offline)", () => {
  const sent: CompiledQuery[] = [];
  const db = new Kysely<DoraDataset>({ dialect: new RecordingBigQueryDialect(sent) }).withSchema("dora");
  const marts: MartDatabase = {
    kind: "bigquery",
    db,
    settings: { project: "doraform-demo", dataset: "dora", asOf: "2026-11-25", minSample: 5, reportYear: 2024, minLinkCoverage: 0.8 },
    close: () => db.destroy(),
  };

  it("writes GoogleSQL with backtick-quoted dataset.table names and positional parameters", async () => {
    await q.latestCompleteWeek(marts);
    await q.weekOf(marts, "service", "2026-11-16");
    await q.deploymentsFinished(marts, "2026-11-16", "2026-11-23");
    expect(sent[0].sql).toBe("select max(`week_start`) as `week_start` from `dora`.`org_weekly` where `is_complete` = ?");
    expect(sent[0].parameters).toEqual([true]);
    // BigQuery compares typed parameters only with their own type: dates and timestamps are cast
    expect(sent[1].sql).toBe("select * from `dora`.`service_weekly` where `week_start` = cast(? as date)");
    expect(sent[2].sql).toContain("where `finished_at` >= cast(? as timestamp) and `finished_at` < cast(? as timestamp)");
    expect(sent[2].parameters).toEqual(["2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z"]);
  });

  it("asks only questions that a BigQuery SQL parser accepts", async () => {
    sent.length = 0;
    await q.weekly(marts, "team");
    await q.quarterly(marts, "organisation");
    await q.summary(marts);
    await q.reviewWindows(marts);
    await q.benchmarks(marts);
    await q.dataQuality(marts);
    await q.incidentsStarted(marts, "2026-11-16", "2026-11-23");
    await q.changesDeployed(marts, "2026-10-19", "2026-11-16");
    const parser = new sqlParser.Parser();
    const rejected = sent.filter((s) => {
      try {
        parser.astify(s.sql.replaceAll("?", "NULL"), { database: "BigQuery" });
        return false;
      } catch {
        return true;
      }
    });
    expect(sent).toHaveLength(8);
    expect(rejected.map((s) => s.sql)).toEqual([]);
  });
});
