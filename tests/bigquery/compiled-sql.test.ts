// The BigQuery side stays honest offline: the repository, compiled by the official Dataform CLI
// with its default vars (warehouse=bigquery), has no compilation errors; every compiled statement
// is GoogleSQL by node-sql-parser's grammar and holds no DuckDB spelling; and the compiled SQL of
// each model is kept as a reviewed snapshot in __snapshots__/ (update with
// `npx vitest run tests/bigquery -u` after changing a model, and review the diff).
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { assertBigQuerySyntax, isCheckable } from "./bigquery-syntax.ts";
import { findDuckdbSpellings, formatFinding } from "../../warehouse/engine-spellings/rules.ts";
import type { CompiledGraph, Target } from "../../warehouse/compiled-graph.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** `dataform compile --json` of the repository, as CI and Google Cloud Dataform compile it. */
function compileWithOfficialCli(): CompiledGraph {
  const cli = spawnSync(path.join(ROOT, "node_modules/.bin/dataform"), ["compile", ROOT, "--json"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  try {
    return JSON.parse(cli.stdout) as CompiledGraph;
  } catch {
    throw new Error(`dataform compile printed no JSON (exit ${cli.status}): ${cli.stderr.trim().split("\n")[0]}`);
  }
}

interface CompiledAction {
  id: string;
  file: string;
  /** Whether to keep a reviewed snapshot: models and hand-written assertions and operations, not built-in assertions. */
  reviewed: boolean;
  statements: { label: string; sql: string }[];
}

function actionsOf(graph: CompiledGraph): CompiledAction[] {
  const id = (target: Target | undefined) => `${target?.schema}.${target?.name}`;
  const tables = (graph.tables ?? []).map((t) => ({
    id: id(t.target),
    file: t.fileName ?? "",
    reviewed: true,
    statements: [
      ...(t.preOps ?? []).map((sql) => ({ label: "pre-operation", sql })),
      { label: `${t.enumType?.toLowerCase() ?? "table"} query`, sql: t.query ?? "" },
      ...(t.postOps ?? []).map((sql) => ({ label: "post-operation", sql })),
      ...(t.incrementalPreOps ?? []).map((sql) => ({ label: "incremental pre-operation", sql })),
      ...(t.incrementalQuery ? [{ label: "incremental query", sql: t.incrementalQuery }] : []),
      ...(t.incrementalPostOps ?? []).map((sql) => ({ label: "incremental post-operation", sql })),
    ],
  }));
  const assertions = (graph.assertions ?? []).map((a) => ({
    id: id(a.target),
    file: a.fileName ?? "",
    reviewed: a.parentAction === undefined,
    statements: [{ label: "assertion query", sql: a.query ?? "" }],
  }));
  const operations = (graph.operations ?? []).map((o) => ({
    id: id(o.target),
    file: o.fileName ?? "",
    reviewed: true,
    statements: (o.queries ?? []).map((sql, n) => ({ label: `operation statement ${n + 1}`, sql })),
  }));
  // unit tests are checked, not snapshot: their SQL is the tested model's, on inline inputs
  const unitTests = (graph.tests ?? []).map((t) => ({
    id: `test ${t.name}`,
    file: t.fileName ?? "",
    reviewed: false,
    statements: [
      { label: "test query", sql: t.testQuery ?? "" },
      { label: "expected output", sql: t.expectedOutputQuery ?? "" },
    ],
  }));
  return [...tables, ...assertions, ...operations, ...unitTests].sort((a, b) => a.id.localeCompare(b.id));
}

function snapshotText(action: CompiledAction): string {
  const parts = action.statements.map((s) => `-- ${s.label}\n${s.sql.trim()}\n`);
  return `-- ${action.id} from ${action.file}, compiled for BigQuery\n${parts.join("\n")}`;
}

const graph = compileWithOfficialCli();
const actions = actionsOf(graph);

describe("the repository compiled for BigQuery", () => {
  it("compiles with the official CLI, with no errors and warehouse=bigquery by default", () => {
    const errors = (graph.graphErrors?.compilationErrors ?? []).map((e) => `${e.fileName}: ${e.message?.split("\n")[0]}`);
    expect(errors).toEqual([]);
    expect(graph.projectConfig?.vars?.warehouse).toBe("bigquery");
  });

  for (const action of actions) {
    it(`${action.id} (${action.file}) is GoogleSQL with no DuckDB spelling`, () => {
      for (const statement of action.statements) {
        expect(() => assertBigQuerySyntax(statement.sql), `${action.id} ${statement.label}`).not.toThrow();
        expect(findDuckdbSpellings(`${action.file} (${statement.label})`, statement.sql).map(formatFinding)).toEqual([]);
      }
    });
  }

  it("marks summary_snapshots protected and extended on schema change, so the official CLI's `dataform run --full-refresh` merges into it instead of replacing it", () => {
    // Dataform's ExecutionSql.shouldWriteIncrementally: (!runConfig.fullRefresh || table.protected) && the table exists
    const snapshots = (graph.tables ?? []).find((t) => t.target?.name === "summary_snapshots");
    expect(snapshots).toMatchObject({ enumType: "INCREMENTAL", protected: true, onSchemaChange: "EXTEND", uniqueKey: ["snapshot_date", "scope", "name", "window_weeks"] });
  });

  for (const action of actions.filter((a) => a.reviewed)) {
    it(`${action.id} compiles to its reviewed BigQuery SQL`, async () => {
      await expect(snapshotText(action), "the compiled BigQuery SQL changed: review it, then `npx vitest run tests/bigquery -u`").toMatchFileSnapshot(
        `__snapshots__/${action.id}.sql`,
      );
    });
  }
});

describe("the offline BigQuery checks themselves", () => {
  it("reject SQL that is not BigQuery", () => {
    expect(() => assertBigQuerySyntax("SELECT a FROM t WHERE")).toThrow("not BigQuery syntax");
    expect(() => assertBigQuerySyntax("SELECT a b c FROM t")).toThrow("not BigQuery syntax");
    expect(() => assertBigQuerySyntax("SELECT ARRAY_AGG(x ORDER BY y LIMIT 1)[SAFE_OFFSET(0)] FROM t WHERE AND")).toThrow("not BigQuery syntax");
  });
  it("accept valid BigQuery that node-sql-parser's grammar lacks", () => {
    assertBigQuerySyntax("SELECT a FROM t QUALIFY ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) = 1");
    assertBigQuerySyntax("SELECT g, ARRAY_AGG(x ORDER BY y DESC LIMIT 1)[SAFE_OFFSET(0)] AS v FROM t GROUP BY g");
    assertBigQuerySyntax("SELECT LAST_VALUE(x IGNORE NULLS) OVER (ORDER BY t ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) FROM t");
    assertBigQuerySyntax("SELECT ARRAY_AGG(x IGNORE NULLS ORDER BY IF(x > 0, x, NULL))[SAFE_OFFSET(CAST(FLOOR(0.5 * (COUNT(x) - 1)) AS INT64))] + 1 FROM t");
  });
  it("leave MERGE and BigQuery scripting, which the grammar cannot read, to a dry run", () => {
    expect(isCheckable("-- merge new rows\nMERGE `p.d.t` T USING (SELECT 1 AS id) S ON T.id = S.id WHEN NOT MATCHED THEN INSERT ROW")).toBe(false);
    expect(isCheckable("DECLARE since DEFAULT (SELECT MAX(day) FROM `p.d.t`)")).toBe(false);
    expect(isCheckable("SELECT 1")).toBe(true);
  });
  it("find DuckDB spellings, but not inside string literals", () => {
    const sql = "SELECT x::INT, quantile_cont(v, 0.5), date_sub('hour', a, b), j ->> '$.a', '::' AS text FROM \"p\".\"d\".\"t\"";
    expect(findDuckdbSpellings("q.sql", sql).map((f) => f.spelling)).toEqual([
      "::",
      "-> / ->>",
      "date_sub('unit', …)",
      "DuckDB-only function",
      '"double"."quoted" name',
    ]);
  });
});
