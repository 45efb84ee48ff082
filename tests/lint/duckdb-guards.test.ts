import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertNoUnnestStructs } from "../helpers/duckdb-guards.ts";
import { duckdb as d, openDuckDB } from "../dialect/dialect.ts";

describe("the UNNEST alias guard for DuckDB builds", () => {
  let db: Awaited<ReturnType<typeof openDuckDB>>;
  beforeEach(async () => {
    db = await openDuckDB();
  });
  afterEach(() => db.close());

  it("fails on a table built with BigQuery's bare UNNEST(x) AS a, naming the column", async () => {
    await db.connection.run("CREATE TABLE labels AS SELECT label FROM (SELECT ['bug', 'p1'] AS names) AS issue, UNNEST(issue.names) AS label");
    await expect(assertNoUnnestStructs(db.connection)).rejects.toThrow(/UNNEST alias trap: memory\.main\.labels\.label is STRUCT\(/);
  });
  it("fails on a view too", async () => {
    await db.connection.run("CREATE VIEW numbers AS SELECT n FROM UNNEST([1, 2]) AS n");
    await expect(assertNoUnnestStructs(db.connection)).rejects.toThrow("memory.main.numbers.n");
  });
  it("passes tables built with the dialect helper, and looks only at the catalog asked for", async () => {
    await db.connection.run(`CREATE TABLE labels AS SELECT label FROM (SELECT ['bug', 'p1'] AS names) AS issue ${d.unnest("issue.names", "label")}`);
    await expect(assertNoUnnestStructs(db.connection)).resolves.toBeUndefined();
    await db.connection.run("ATTACH ':memory:' AS other");
    await db.connection.run("CREATE TABLE other.main.trap AS SELECT n FROM UNNEST([1]) AS n");
    await expect(assertNoUnnestStructs(db.connection, "memory")).resolves.toBeUndefined();
    await expect(assertNoUnnestStructs(db.connection, "other")).rejects.toThrow("other.main.trap.n");
  });
});
