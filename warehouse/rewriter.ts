import { quoteIdentifier } from "./duckdb.ts";

/**
 * Rewrites Dataform's backticked references (`project.dataset.table`) into DuckDB's quoted
 * three-part names ("project"."dataset"."table"). Only backticked strings that name a known target
 * of the graph are rewritten, and only in code: string literals ('…', "…", '''…''', with BigQuery's
 * backslash escapes) and comments (-- and /* *\/) pass through untouched.
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

/** If a string literal or comment starts at `start`, the index just past it; else `start`. */
function skipLiteralOrComment(sql: string, start: number): number {
  const two = sql.slice(start, start + 2);
  if (two === "--") {
    const newline = sql.indexOf("\n", start);
    return newline < 0 ? sql.length : newline;
  }
  if (two === "/*") {
    const close = sql.indexOf("*/", start + 2);
    return close < 0 ? sql.length : close + 2;
  }
  const quote = sql[start];
  if (quote !== "'" && quote !== '"') return start;
  const delimiter = sql.startsWith(quote.repeat(3), start) ? quote.repeat(3) : quote;
  let i = start + delimiter.length;
  while (i < sql.length) {
    if (sql[i] === "\\") i += 2;
    else if (sql.startsWith(delimiter, i)) return i + delimiter.length;
    else i += 1;
  }
  return sql.length;
}

