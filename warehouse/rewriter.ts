import { quoteIdentifier, quoteLiteral } from "../core/duckdb.ts";

/**
 * Rewrites Dataform's backticked references (`project.dataset.table`) into DuckDB's quoted
 * three-part names ("project"."dataset"."table"). Only backticked strings that name a known target
 * of the graph are rewritten, and only in code: string literals and comments pass through
 * untouched, read as DuckDB reads them (the SQL was compiled with warehouse=duckdb): '…' and "…"
 * with doubled quotes and no backslash escapes, E'…' with them, $tag$…$tag$, -- and nested /* *\/.
 */
export function rewriteReferences(sql: string, knownTargets: ReadonlySet<string>): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const end = skipLiteralOrComment(sql, i);
    if (end > i) {
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (sql[i] === "`") {
      const close = sql.indexOf("`", i + 1);
      if (close < 0) return out + sql.slice(i);
      const name = sql.slice(i + 1, close);
      out += knownTargets.has(name) ? name.split(".").map(quoteIdentifier).join(".") : sql.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    out += sql[i];
    i += 1;
  }
  return out;
}

const WORD_CHARACTER = /[A-Za-z0-9_$]/;
const DOLLAR_TAG = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y;

/** If a DuckDB string literal, quoted identifier or comment starts at `start`, the index just past it; else `start`. */
function skipLiteralOrComment(sql: string, start: number): number {
  const two = sql.slice(start, start + 2);
  if (two === "--") {
    const newline = sql.indexOf("\n", start);
    return newline < 0 ? sql.length : newline;
  }
  if (two === "/*") return skipBlockComment(sql, start);
  const quote = sql[start];
  if (quote === "$" && !WORD_CHARACTER.test(sql[start - 1] ?? "")) {
    DOLLAR_TAG.lastIndex = start;
    const tag = DOLLAR_TAG.exec(sql)?.[0];
    if (!tag) return start;
    const close = sql.indexOf(tag, start + tag.length);
    return close < 0 ? sql.length : close + tag.length;
  }
  if (quote !== "'" && quote !== '"') return start;
  // E'…' (escape string): backslash escapes apply; elsewhere a backslash is an ordinary character
  const escapes = quote === "'" && /^[Ee]$/.test(sql[start - 1] ?? "") && !WORD_CHARACTER.test(sql[start - 2] ?? "");
  let i = start + 1;
  while (i < sql.length) {
    if (escapes && sql[i] === "\\") i += 2;
    else if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i += 2; // a doubled quote stands for one
    } else i += 1;
  }
  return sql.length;
}

/** DuckDB's block comments nest. */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    const two = sql.slice(i, i + 2);
    if (two === "/*") depth += 1;
    else if (two === "*/") depth -= 1;
    else {
      i += 1;
      continue;
    }
    i += 2;
    if (depth === 0) return i;
  }
  return sql.length;
}

/** The label Dataform's rowConditions assertion gives each condition (CompilationSql.rowConditionsAssertion). */
const CONDITION_LABEL = /(\nSELECT\n  )'((?:[^'\\]|\\.)*)'( AS failing_row_condition,\n)/g;

/** The conditions of a built-in rowConditions assertion, as their labels spell them. */
export function conditionLabels(sql: string): string[] {
  return [...sql.matchAll(CONDITION_LABEL)].map((match) => match[2]);
}

/**
 * Dataform writes each rowConditions condition into its built-in assertion as a BigQuery literal
 * (quotes and backslashes escaped by a backslash) whatever the warehouse: those literals again,
 * as DuckDB's.
 */
export function duckdbConditionLabels(sql: string): string {
  return sql.replace(CONDITION_LABEL, (_match, before: string, body: string, after: string) =>
    before + quoteLiteral(body.replace(/\\([\s\S])/g, "$1")) + after,
  );
}
