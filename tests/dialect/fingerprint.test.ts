// rowHash and xorAgg, the fingerprint of a set of rows (int_period_fingerprints): run in DuckDB,
// and their BigQuery spelling checked with node-sql-parser's BigQuery grammar.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import nodeSqlParser from "node-sql-parser";
import { bigquery as bq, duckdb as d, openDuckDB, rows } from "./dialect.ts";

let db: Awaited<ReturnType<typeof openDuckDB>>;
beforeAll(async () => {
  db = await openDuckDB();
});
afterAll(() => db.close());

/** The fingerprint of the rows (a, b) given as SQL VALUES tuples. */
async function fingerprint(...values: string[]): Promise<unknown> {
  const source = values.length === 0 ? "(select 1 as a, 'x' as b) as t where false" : `(values ${values.join(", ")}) as t(a, b)`;
  const [row] = await rows(db.connection, `select ${d.xorAgg(d.rowHash("a", "b"))} as f from ${source}`);
  return row.f;
}

describe("the fingerprint of a set of rows", () => {
  it("is the same whatever the rows' order, and '0' over no rows", async () => {
    expect(await fingerprint("(1, 'x')", "(2, 'y')", "(3, null)")).toBe(await fingerprint("(3, null)", "(1, 'x')", "(2, 'y')"));
    expect(await fingerprint()).toBe("0");
  });

  it("changes when a value changes, a row is added or left out, or a NULL moves to another column", async () => {
    const base = await fingerprint("(1, 'x')", "(2, 'y')");
    for (const other of [["(1, 'x')", "(2, 'z')"], ["(1, 'x')", "(2, 'y')", "(3, 'y')"], ["(1, 'x')"], ["(1, 'x')", "(2, null)"]]) {
      expect(await fingerprint(...other), other.join(", ")).not.toBe(base);
    }
    expect(await fingerprint("(null, 'x')")).not.toBe(await fingerprint("(1, null)"));
  });

  it("is spelled FARM_FINGERPRINT of the values as JSON and BIT_XOR on BigQuery", () => {
    expect(bq.rowHash("a", "b")).toBe("FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(a, b)))");
    expect(bq.xorAgg("h")).toBe("CAST(COALESCE(BIT_XOR(h), 0) AS STRING)");
    expect(() => new nodeSqlParser.Parser().astify(`SELECT ${bq.xorAgg("h")} AS f FROM t GROUP BY g`, { database: "BigQuery" })).not.toThrow();
  });
});
