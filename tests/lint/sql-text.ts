// Reading SQL and SQLX as code: string literals, comments and Dataform's JS parts blanked out
// (same length, newlines kept, so an index still gives the right line), for spelling checks.

/** A string literal found in SQL, as BigQuery lexes it. */
export interface SqlLiteral {
  start: number;
  quote: "'" | '"';
  triple: boolean;
  /** r, b, rb… before the quote (raw and bytes literals). */
  prefix: string;
  /** The text between the quotes, as written. */
  body: string;
}

export interface MaskedSql {
  /** The input with literal bodies, comments and backticked names replaced by spaces. */
  code: string;
  literals: SqlLiteral[];
  /** Where `#` comments (BigQuery only) start. */
  hashComments: number[];
}

/** Blanks out what is not SQL code: comment text, literal bodies (quotes kept), backticked names. */
export function maskSql(sql: string): MaskedSql {
  const out = sql.split("");
  const literals: SqlLiteral[] = [];
  const hashComments: number[] = [];
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const two = sql.slice(i, i + 2);
    if (two === "--" || c === "#") {
      if (c === "#") hashComments.push(i);
      const end = lineEnd(sql, i);
      blank(i, end);
      i = end;
    } else if (two === "/*") {
      const close = sql.indexOf("*/", i + 2);
      const end = close < 0 ? sql.length : close + 2;
      blank(i, end);
      i = end;
    } else if (c === "`") {
      const close = sql.indexOf("`", i + 1);
      const end = close < 0 ? sql.length : close + 1;
      blank(i + 1, end - 1);
      i = end;
    } else if (c === "'" || c === '"') {
      const prefix = literalPrefix(sql, i);
      const triple = sql.startsWith(c.repeat(3), i);
      const delimiter = triple ? c.repeat(3) : c;
      const raw = /r/i.test(prefix);
      let j = i + delimiter.length;
      while (j < sql.length && !sql.startsWith(delimiter, j)) j += sql[j] === "\\" && !raw ? 2 : 1;
      const bodyEnd = Math.min(j, sql.length);
      literals.push({ start: i - prefix.length, quote: c, triple, prefix, body: sql.slice(i + delimiter.length, bodyEnd) });
      blank(i + delimiter.length, bodyEnd);
      i = bodyEnd + delimiter.length;
    } else {
      i += 1;
    }
  }
  return { code: out.join(""), literals, hashComments };
}

/**
 * The SQL of a SQLX file with everything Dataform evaluates as JavaScript blanked out: the
 * config and js blocks and every ${…} interpolation, and unit tests' `input "name"` headers.
 * pre_operations, post_operations and input bodies stay.
 */
export function sqlOfSqlx(sqlx: string): string {
  const out = sqlx.split("");
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  for (const block of sqlx.matchAll(/(?:^|\n)[ \t]*(?:config|js)\s*\{/g)) {
    const open = block.index + block[0].length - 1;
    blank(block.index, closingBrace(sqlx, open) + 1);
  }
  // a unit test's `input "name" {` header is SQLX, its body SQL
  for (const header of sqlx.matchAll(/(?:^|\n)[ \t]*input\s+("[^"\n]*"|'[^'\n]*')\s*\{/g)) {
    blank(header.index, header.index + header[0].length);
  }
  for (let i = sqlx.indexOf("${"); i >= 0; i = sqlx.indexOf("${", i + 1)) {
    if (out[i] !== "$") continue; // inside a block already blanked
    const end = closingBrace(sqlx, i + 1);
    blank(i, end + 1);
    i = end;
  }
  return out.join("");
}

/**
 * The SQL a JavaScript file writes in template literals (`…`), with each ${…} blanked out and
 * everything outside the templates blanked too (strings, comments, code).
 */
export function sqlOfJsTemplates(js: string): string {
  const out = js.split("");
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  while (i < js.length) {
    const c = js[i];
    if (c === "`") {
      out[i] = " ";
      let j = i + 1;
      while (j < js.length && js[j] !== "`") {
        if (js[j] === "\\") j += 2;
        else if (js.startsWith("${", j)) {
          const end = closingBrace(js, j + 1);
          blank(j, end + 1);
          j = end + 1;
        } else j += 1;
      }
      if (j < js.length) out[j] = " ";
      i = j + 1;
      continue;
    }
    let end = i + 1;
    if (c === "'" || c === '"') {
      while (end < js.length && js[end] !== c) end += js[end] === "\\" ? 2 : 1;
      end += 1;
    } else if (js.startsWith("//", i)) end = lineEnd(js, i);
    else if (js.startsWith("/*", i)) {
      const close = js.indexOf("*/", i + 2);
      end = close < 0 ? js.length : close + 2;
    }
    blank(i, end);
    i = end;
  }
  return out.join("");
}

/** 1-based line number of an index. */
export function lineOf(text: string, index: number): number {
  let line = 1;
  for (let k = 0; k < index; k++) if (text[k] === "\n") line += 1;
  return line;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf("\n", from);
  return newline < 0 ? text.length : newline;
}

function literalPrefix(sql: string, quoteIndex: number): string {
  const m = /(?:^|[^A-Za-z0-9_])([rRbB]{1,2})$/.exec(sql.slice(Math.max(0, quoteIndex - 3), quoteIndex));
  return m ? m[1] : "";
}

/** The index of the `}` closing the JavaScript `{` at `open`, skipping JS strings, templates and comments. */
function closingBrace(js: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < js.length) {
    const c = js[i];
    if (c === "{") depth += 1;
    else if (c === "}") {
      depth -= 1;
      if (depth === 0) return i;
    } else if (c === "'" || c === '"') {
      i += 1;
      while (i < js.length && js[i] !== c) i += js[i] === "\\" ? 2 : 1;
    } else if (c === "`") {
      i += 1;
      while (i < js.length && js[i] !== "`") {
        if (js[i] === "\\") i += 2;
        else if (js.startsWith("${", i)) i = closingBrace(js, i + 1) + 1;
        else i += 1;
      }
    } else if (js.startsWith("//", i)) {
      i = lineEnd(js, i) - 1;
    } else if (js.startsWith("/*", i)) {
      const close = js.indexOf("*/", i + 2);
      i = close < 0 ? js.length : close + 1;
    }
    i += 1;
  }
  return js.length - 1;
}
