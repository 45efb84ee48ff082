// An offline GoogleSQL syntax check: node-sql-parser's BigQuery grammar, with its known false
// negatives on valid BigQuery (reference/duckdb-vs-bigquery.md §6) simplified away before a second
// try. Only these constructs lose their check; the rest of the statement is still parsed.
import nodeSqlParser from "node-sql-parser";

const parser = new nodeSqlParser.Parser();

/** The grammar's gaps: each rewrite keeps valid SQL valid and removes one construct it rejects. */
const KNOWN_GAPS: { construct: string; rewrite: (sql: string) => string }[] = [
  // LAST_VALUE(x IGNORE NULLS), ARRAY_AGG(x IGNORE NULLS …)
  { construct: "IGNORE/RESPECT NULLS", rewrite: (sql) => sql.replace(/\s+(IGNORE|RESPECT)\s+NULLS\b/gi, "") },
  // ARRAY_AGG(x ORDER BY y LIMIT 1)
  { construct: "LIMIT inside an aggregate", rewrite: (sql) => sql.replace(/\s+LIMIT\s+\d+\s*\)/gi, ")") },
  // ARRAY_AGG(x ORDER BY y), STRING_AGG(x, ',' ORDER BY y)
  { construct: "ORDER BY inside an aggregate", rewrite: removeOrderBy },
  // QUALIFY is rejected unless the SELECT has a WHERE; HAVING takes the same expression
  { construct: "QUALIFY without WHERE", rewrite: (sql) => sql.replace(/\bQUALIFY\b/gi, "HAVING") },
  // arr[SAFE_OFFSET(n)] parses only with a literal n and not as an operand: drop the subscript
  { construct: "array subscripts", rewrite: removeSubscripts },
];

// Statements the grammar cannot read at all (MERGE, scripting, CREATE SCHEMA … OPTIONS crashes it):
// they are left to a BigQuery dry run.
const UNPARSEABLE = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(MERGE|DECLARE|SET|BEGIN|CALL|EXECUTE\s+IMMEDIATE|CREATE\s+(OR\s+REPLACE\s+)?(SCHEMA|PROCEDURE|FUNCTION|TEMP))\b/i;

/** Whether the offline grammar can check this statement at all. */
export function isCheckable(sql: string): boolean {
  return !UNPARSEABLE.test(sql);
}

/** Throws the parser's message if the statement is not GoogleSQL, even with the known gaps simplified away. */
export function assertBigQuerySyntax(sql: string): void {
  if (!isCheckable(sql)) return;
  try {
    parser.astify(sql, { database: "BigQuery" });
  } catch (error) {
    const simplified = KNOWN_GAPS.reduce((text, gap) => gap.rewrite(text), sql);
    try {
      parser.astify(simplified, { database: "BigQuery" });
    } catch (stillFailing) {
      const at = (stillFailing as { location?: { start?: { offset: number } } }).location?.start?.offset;
      const near = at === undefined ? "" : ` near «${simplified.slice(Math.max(0, at - 60), at + 20)}»`;
      throw new Error(`not BigQuery syntax: ${(error as Error).message}${near}`);
    }
  }
}

// Each ORDER BY up to the parenthesis that encloses it (an aggregate's, a window's or a
// subquery's), or to the end of the statement: what remains is still valid SQL.
function removeOrderBy(sql: string): string {
  let out = "";
  let i = 0;
  for (const m of sql.matchAll(/\s+ORDER\s+BY\b/gi)) {
    if (m.index < i) continue;
    let depth = 0;
    let j = m.index + m[0].length;
    for (; j < sql.length; j++) {
      if (sql[j] === "(") depth += 1;
      else if (sql[j] === ")" && depth-- === 0) break;
    }
    out += sql.slice(i, m.index);
    i = j;
  }
  return out + sql.slice(i);
}

function removeSubscripts(sql: string): string {
  let out = "";
  let i = 0;
  for (const m of sql.matchAll(/\[\s*(SAFE_)?(OFFSET|ORDINAL)\s*\(/gi)) {
    if (m.index < i) continue;
    let depth = 1;
    let j = m.index + m[0].length;
    for (; j < sql.length && depth > 0; j++) {
      if (sql[j] === "(") depth += 1;
      else if (sql[j] === ")") depth -= 1;
    }
    const close = sql.indexOf("]", j);
    out += sql.slice(i, m.index);
    i = close < 0 ? sql.length : close + 1;
  }
  return out + sql.slice(i);
}
