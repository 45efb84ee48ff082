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

/** Where a SQLX file holds JavaScript: [from, to) ranges of blocks and ${…} interpolations. */
interface SqlxParts {
  config: [number, number][];
  /** js blocks and interpolations: JavaScript whose strings are SQL fragments. */
  code: [number, number][];
  /** unit tests' `input "name" {` headers: SQLX syntax, their bodies SQL. */
  inputHeaders: [number, number][];
}

function partsOfSqlx(sqlx: string): SqlxParts {
  const parts: SqlxParts = { config: [], code: [], inputHeaders: [] };
  const inBlock = (i: number) => [...parts.config, ...parts.code].some(([from, to]) => i >= from && i < to);
  for (const block of sqlx.matchAll(/(?:^|\n)[ \t]*(config|js)\s*\{/g)) {
    const end = closingBrace(sqlx, block.index + block[0].length - 1) + 1;
    (block[1] === "config" ? parts.config : parts.code).push([block.index, end]);
  }
  for (const header of sqlx.matchAll(/(?:^|\n)[ \t]*input\s+("[^"\n]*"|'[^'\n]*')\s*\{/g)) {
    parts.inputHeaders.push([header.index, header.index + header[0].length]);
  }
  for (let i = sqlx.indexOf("${"); i >= 0; i = sqlx.indexOf("${", i + 1)) {
    if (inBlock(i)) continue;
    const end = closingBrace(sqlx, i + 1) + 1;
    parts.code.push([i, end]);
    i = end - 1;
  }
  return parts;
}

/**
 * The SQL of a SQLX file with everything Dataform evaluates as JavaScript blanked out: the
 * config and js blocks and every ${…} interpolation, and unit tests' `input "name"` headers.
 * pre_operations, post_operations and input bodies stay.
 */
export function sqlOfSqlx(sqlx: string): string {
  const parts = partsOfSqlx(sqlx);
  const out = sqlx.split("");
  for (const [from, to] of [...parts.config, ...parts.code, ...parts.inputHeaders]) blankRange(out, from, to);
  return out.join("");
}

/** The SQL a SQLX file writes in template literals inside its js blocks and ${…} (static parts only). */
export function templatesOfSqlx(sqlx: string): string {
  const out = blankCopy(sqlx);
  for (const [from, to] of partsOfSqlx(sqlx).code) keepTemplates(sqlx, out, from, to);
  return out.join("");
}

/** The strings a SQLX file passes to dialect helpers (SQL fragments, paths, patterns), everything else blanked. */
export function helperArgumentsOfSqlx(sqlx: string): string {
  const out = blankCopy(sqlx);
  for (const [from, to] of partsOfSqlx(sqlx).code) keepHelperArguments(sqlx, out, from, to);
  return out.join("");
}

/**
 * The SQL a JavaScript file writes in template literals (`…`), with each ${…} blanked out and
 * everything outside the templates blanked too (strings, comments, code).
 */
export function sqlOfJsTemplates(js: string): string {
  const out = blankCopy(js);
  keepTemplates(js, out, 0, js.length);
  return out.join("");
}

/** The strings a JavaScript file passes to dialect helpers, everything else blanked. */
export function helperArgumentsOfJs(js: string): string {
  const out = blankCopy(js);
  keepHelperArguments(js, out, 0, js.length);
  return out.join("");
}

// Copies the quoted strings in the arguments of each dialect.helper(…) call in js[from, to) into out.
function keepHelperArguments(js: string, out: string[], from: number, to: number): void {
  let done = from;
  for (const call of js.slice(from, to).matchAll(/\bdialect\.\w+\s*\(/g)) {
    const open = from + call.index + call[0].length - 1;
    if (open < done) continue; // a call nested in arguments already kept
    done = closingBrace(js, open);
    keepJsStrings(js, out, open + 1, done);
  }
}

function blankCopy(text: string): string[] {
  return text.split("").map((c) => (c === "\n" ? c : " "));
}

function blankRange(out: string[], from: number, to: number): void {
  for (let k = from; k < to && k < out.length; k++) if (out[k] !== "\n") out[k] = " ";
}

function copyRange(js: string, out: string[], from: number, to: number): void {
  for (let k = from; k < to; k++) out[k] = js[k];
}

// Copies the static parts of the template literals in js[from, to) into out.
function keepTemplates(js: string, out: string[], from: number, to: number): void {
  scanJs(js, from, to, {
    quoted: () => {},
    templateText: (a, b) => copyRange(js, out, a, b),
    interpolation: () => {},
  });
}

// Copies the contents of the quoted strings in js[from, to), in template interpolations too, into out.
function keepJsStrings(js: string, out: string[], from: number, to: number): void {
  const visitor: JsVisitor = {
    quoted: (a, b) => copyRange(js, out, a, b),
    templateText: () => {},
    interpolation: (a, b) => scanJs(js, a, b, visitor),
  };
  scanJs(js, from, to, visitor);
}

interface JsVisitor {
  /** The body of a '…' or "…" string. */
  quoted(from: number, to: number): void;
  /** A static stretch of a template literal. */
  templateText(from: number, to: number): void;
  /** The code inside a template's ${…}. */
  interpolation(from: number, to: number): void;
}

// Walks JavaScript source, skipping comments, reporting strings and template parts.
function scanJs(js: string, from: number, to: number, visit: JsVisitor): void {
  let i = from;
  while (i < to) {
    const c = js[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < to && js[j] !== c) j += js[j] === "\\" ? 2 : 1;
      visit.quoted(i + 1, Math.min(j, to));
      i = j + 1;
    } else if (c === "`") {
      let j = i + 1;
      let textStart = j;
      while (j < to && js[j] !== "`") {
        if (js[j] === "\\") j += 2;
        else if (js.startsWith("${", j)) {
          visit.templateText(textStart, j);
          const end = closingBrace(js, j + 1);
          visit.interpolation(j + 2, end);
          j = end + 1;
          textStart = j;
        } else j += 1;
      }
      visit.templateText(textStart, Math.min(j, to));
      i = j + 1;
    } else if (js.startsWith("//", i)) {
      i = lineEnd(js, i);
    } else if (js.startsWith("/*", i)) {
      const close = js.indexOf("*/", i + 2);
      i = close < 0 ? to : close + 2;
    } else {
      i += 1;
    }
  }
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

/** The index of the `}` or `)` closing the JavaScript `{` or `(` at `open`, skipping JS strings, templates and comments. */
function closingBrace(js: string, open: number): number {
  const [opening, closing] = js[open] === "(" ? ["(", ")"] : ["{", "}"];
  let depth = 0;
  let i = open;
  while (i < js.length) {
    const c = js[i];
    if (c === opening) depth += 1;
    else if (c === closing) {
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
