// Models never write engine-specific SQL inline (only through the includes/dialect.js helpers): the check
// `doraform lint` runs (warehouse/engine-spellings/) scans every definitions/**/*.sqlx outside its config/js
// blocks and ${…} interpolations, where the dialect helpers live. tests/cli/engine-spellings.test.ts runs the commands.
import { describe, expect, it } from "vitest";
import { findEngineSpellingsInJs, findEngineSpellingsInSqlx, formatFinding } from "../../warehouse/engine-spellings/rules.ts";
import { findEngineSpellingsInProject } from "../../warehouse/engine-spellings/project.ts";

describe("models write engine-specific SQL only through includes/dialect.js", () => {
  it("finds no BigQuery- or DuckDB-specific spelling in any model, nor in the SQL JavaScript includes and definitions write", () => {
    expect(findEngineSpellingsInProject().map(formatFinding)).toEqual([]);
  });
});

describe("the spelling check itself", () => {
  it("names the file, the line and the helper to use for each forbidden spelling", () => {
    const sqlx = [
      "config { type: \"view\" }", // 1
      "select", // 2
      "  TIMESTAMP_DIFF(a, b, SECOND) as lead_time,", // 3
      "  regexp_extract(title, '#([0-9]+)') as pr,", // 4
      "  concat(a, b) as ab, x::int as y,", // 5
      "  timestamp '2024-03-04 10:00:00+02:00' as t,", // 6
      "  extract(dayofweek from d) as dow,", // 7
      "  \"push\" as kind", // 8
      "from t, unnest(t.labels) as label", // 9
      "input \"t\" {", // 10
      "  select concat('a', 'b') as labels", // 11
      "}",
    ].join("\n");
    const found = findEngineSpellingsInSqlx("definitions/bad.sqlx", sqlx).map((f) => [f.line, f.spelling]);
    expect(found).toEqual([
      [3, "TIMESTAMP_DIFF/DATE_DIFF"],
      [4, "REGEXP_EXTRACT"],
      [5, "CONCAT("],
      [5, "::"],
      [6, "TIMESTAMP '…'"],
      [7, "EXTRACT(DAYOFWEEK|WEEK…)"],
      [8, '"double-quoted" text'],
      [9, "UNNEST(…)"],
      [11, "CONCAT("],
    ]);
    expect(formatFinding(findEngineSpellingsInSqlx("definitions/bad.sqlx", sqlx)[0])).toBe(
      "definitions/bad.sqlx:3: TIMESTAMP_DIFF/DATE_DIFF: use dialect.tsDiff / dateDiff",
    );
  });

  it("catches casts to TIMESTAMP, backslash escapes and # comments, which read differently in DuckDB", () => {
    const sql = "select cast(x as timestamp) as t, cast(null as timestamp) as none, 'a\\nb' as s # note\nfrom t";
    expect(findEngineSpellingsInSqlx("m.sqlx", sql).map((f) => f.spelling)).toEqual([
      "CAST(… AS TIMESTAMP/NUMERIC/FLOAT64)",
      "backslash in a string",
      "# comment",
    ]);
  });

  it("reads the SQL of JavaScript template literals, and the SQL fragments passed to helpers", () => {
    const js = [
      "// CONCAT( in a comment",
      "const path = '$.labels'; const pattern = \"#([0-9]+)\"; const prose = 'Median (PERCENTILE_CONT)';",
      "const sql = `select ${dialect.concat(\"a\", \"b\")} as ab,",
      "  concat(a, b) as bad, ${dialect.safeDivide(\"greatest(a, b)\", \"c\")} as ratio`;",
    ].join("\n");
    expect(findEngineSpellingsInJs("includes/x.js", js).map((f) => [f.line, f.spelling])).toEqual([
      [4, "CONCAT("],
      [4, "GREATEST/LEAST( in a helper argument"],
    ]);
  });

  it("checks the SQL fragments a model passes to helpers", () => {
    const sqlx = [
      "config { type: \"view\", description: \"Prose may say CONCAT( freely\" }",
      "js { const key = `regexp_extract(title, '#([0-9]+)')`; }",
      "select ${dialect.safeDivide(\"concat(a, b)\", \"2\")} as x, ${key} as k, ${dialect.jsonValue(\"data\", \"$.a\")} as a,",
      "  cast(${n} as ${dialect.type(\"FLOAT64\")}) as f",
    ].join("\n");
    expect(findEngineSpellingsInSqlx("definitions/m.sqlx", sqlx).map((f) => [f.line, f.spelling])).toEqual([
      [2, "REGEXP_EXTRACT"],
      [3, "CONCAT( in a helper argument"],
    ]);
  });

  it("looks past config and js blocks, interpolations, string literals and comments", () => {
    const sqlx = [
      "config {",
      "  type: \"table\",",
      "  description: \"Uses TIMESTAMP_DIFF and UNNEST(x) through helpers { nested: '}' }\",",
      "}",
      "js {",
      "  const label = `${dialect.jsonValue(\"label\", \"$.name\")}`; // CONCAT(",
      "}",
      "-- TIMESTAMP_DIFF in a comment, and /* CONCAT( */ too",
      "select",
      "  ${dialect.tsDiff(\"finished_at\", \"started_at\", \"SECOND\")} as seconds,",
      "  ${dialect.concat(\"a\", \"'}'\")} as braces,",
      "  'CONCAT(a, b) and x::int' as text,",
      "  ${label} as label",
      "from ${ref(\"stg_github__workflow_runs\")} as runs ${dialect.unnestJsonArray(\"runs.data\", \"$.labels\", \"label\")}",
      "input \"stg_github__workflow_runs\" {",
      "  select 1 as run_id",
      "}",
    ].join("\n");
    expect(findEngineSpellingsInSqlx("definitions/clean.sqlx", sqlx)).toEqual([]);
  });
});
