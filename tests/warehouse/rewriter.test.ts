import { describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { duckdbConditionLabels, rewriteReferences } from "../../warehouse/rewriter.ts";

const known = new Set(["my-proj.staging.orders", "my-proj.dora.deployments", "staging.events"]);

describe("rewriting Dataform references for DuckDB", () => {
  it("turns a backticked known target into a quoted three-part name", () => {
    expect(rewriteReferences("select * from `my-proj.staging.orders` o", known)).toBe(
      'select * from "my-proj"."staging"."orders" o',
    );
  });

  it("turns a two-part target (a project without defaultProject) into a quoted two-part name", () => {
    expect(rewriteReferences("from `staging.events`", known)).toBe('from "staging"."events"');
  });

  it("leaves backticked strings that are not targets of the graph alone", () => {
    expect(rewriteReferences("select `roles/viewer`, `my-proj.other.table`", known)).toBe(
      "select `roles/viewer`, `my-proj.other.table`",
    );
  });

  it("does not touch backticks inside DuckDB's string literals and quoted identifiers", () => {
    const sql = [
      "select 'see `my-proj.staging.orders`' as a,",
      '"also `my-proj.staging.orders`" as b,',
      "'it''s `my-proj.staging.orders`' as c,",
      "E'it\\'s `my-proj.staging.orders`' as d,",
      "$$dollar `my-proj.staging.orders`$$ as e,",
      "$tag$ $$ `my-proj.staging.orders` $tag$ as f",
    ].join("\n");
    expect(rewriteReferences(sql, known)).toBe(sql);
  });

  it("reads a backslash as an ordinary character, as DuckDB does outside E'…'", () => {
    const sql = "select 'api\\' as service, 'y\\' as label from `my-proj.staging.orders`";
    expect(rewriteReferences(sql, known)).toBe("select 'api\\' as service, 'y\\' as label from \"my-proj\".\"staging\".\"orders\"");
    expect(rewriteReferences("select E'a\\\\' as x, e'b' from `staging.events`", known)).toBe("select E'a\\\\' as x, e'b' from \"staging\".\"events\"");
  });

  it("does not touch backticks inside comments, nested ones included", () => {
    const sql = "-- from `my-proj.staging.orders`\n/* and /* nested */ `my-proj.dora.deployments`\n */ select 1";
    expect(rewriteReferences(sql, known)).toBe(sql);
  });

  it("rewrites references around literals and comments in the same statement", () => {
    const sql = "select 'a''b', x -- `my-proj.staging.orders`\nfrom `my-proj.staging.orders` join `my-proj.dora.deployments` using (id)";
    expect(rewriteReferences(sql, known)).toBe(
      "select 'a''b', x -- `my-proj.staging.orders`\nfrom \"my-proj\".\"staging\".\"orders\" join \"my-proj\".\"dora\".\"deployments\" using (id)",
    );
  });

  it("gives SQL that DuckDB runs, with the literal's backticks intact", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      await connection.run(`ATTACH ':memory:' AS "my-proj"`);
      await connection.run(`CREATE SCHEMA "my-proj".staging`);
      await connection.run(`CREATE TABLE "my-proj".staging.orders AS SELECT 7 AS id`);
      const sql = rewriteReferences(
        "select id, 'from `my-proj.staging.orders`' as note, 'api\\' as service, 'y\\' as label from `my-proj.staging.orders` -- `x`",
        known,
      );
      const reader = await connection.runAndReadAll(sql);
      expect(reader.getRowObjectsJson()).toEqual([{ id: 7, note: "from `my-proj.staging.orders`", service: "api\\", label: "y\\" }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe("rowConditions labels for DuckDB", () => {
  it("writes the BigQuery literals Dataform labels conditions with as DuckDB literals, and nothing else", () => {
    // Dataform's rowConditionsAssertion for the conditions  a = 'x'  and  b != 'y\'
    const part = (label: string, condition: string) => `\nSELECT\n  ${label} AS failing_row_condition,\n  *\nFROM \`p.d.t\`\nWHERE NOT (${condition})\n`;
    const dataform = [part(String.raw`'a = \'x\''`, "a = 'x'"), part(String.raw`'b != \'y\\\''`, String.raw`b != 'y\'`)].join("UNION ALL");
    const duckdb = [part("'a = ''x'''", "a = 'x'"), part(String.raw`'b != ''y\'''`, String.raw`b != 'y\'`)].join("UNION ALL");
    expect(duckdbConditionLabels(dataform)).toBe(duckdb);
  });
});
