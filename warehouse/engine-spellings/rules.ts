// Spellings a model must not write inline, because BigQuery and DuckDB disagree on them: some
// run on both and silently give other answers (docs/transform-on-duckdb.md), others fail
// on one engine. Each names what to write instead, from includes/dialect.js.
import { helperArgumentsOfJs, helperArgumentsOfSqlx, lineOf, maskSql, sqlOfJsTemplates, sqlOfSqlx, templatesOfSqlx } from "./sql-text.ts";

interface Rule {
  pattern: RegExp;
  spelling: string;
  instead: string;
  /** The match is fine when the code just before it matches this. */
  unlessAfter?: RegExp;
}

/** Not to be written inline in a model: each has a dialect helper. */
const INLINE_RULES: Rule[] = [
  { pattern: /\bUNNEST\s*\(/gi, spelling: "UNNEST(…)", instead: "dialect.unnest / unnestJsonArray / dateSpine (DuckDB reads `UNNEST(x) AS a` as a table alias: a STRUCT)" },
  { pattern: /\bREGEXP_EXTRACT\s*\(/gi, spelling: "REGEXP_EXTRACT", instead: "dialect.regexpExtract (DuckDB returns the whole match and '' for none)" },
  { pattern: /\bREGEXP_REPLACE\s*\(/gi, spelling: "REGEXP_REPLACE", instead: "dialect.regexpReplace (DuckDB replaces the first match only)" },
  { pattern: /\bREGEXP_CONTAINS\s*\(/gi, spelling: "REGEXP_CONTAINS", instead: "dialect.regexpContains" },
  { pattern: /\bJSON_(VALUE|QUERY|EXTRACT_SCALAR|QUERY_ARRAY|VALUE_ARRAY|EXTRACT_ARRAY|EXTRACT_STRING_ARRAY)\s*\(/gi, spelling: "JSON_VALUE/JSON_QUERY…", instead: "dialect.jsonValue / jsonQuery / jsonQueryArray / jsonValueArray (DuckDB's json_value keeps the quotes)" },
  { pattern: /\bCONCAT\s*\(/gi, spelling: "CONCAT(", instead: "dialect.concat (DuckDB's concat skips NULLs)" },
  { pattern: /\b(GREATEST|LEAST)\s*\(/gi, spelling: "GREATEST/LEAST(", instead: "dialect.greatest / least (DuckDB's skip NULLs)" },
  { pattern: /\bFORMAT\s*\(/gi, spelling: "FORMAT(", instead: "string concatenation with dialect.concat (DuckDB's format uses {} placeholders)" },
  { pattern: /\b(TIMESTAMP|DATE|DATETIME)_DIFF\s*\(|\bdate_sub\s*\(\s*'/gi, spelling: "TIMESTAMP_DIFF/DATE_DIFF", instead: "dialect.tsDiff / dateDiff" },
  { pattern: /\b(TIMESTAMP|DATE|DATETIME)_TRUNC\s*\(/gi, spelling: "TIMESTAMP_TRUNC/DATE_TRUNC", instead: "dialect.weekStart / quarterStart / dateTrunc / tsTrunc (DuckDB's date_trunc on a DATE gives a TIMESTAMP)" },
  { pattern: /\b(TIMESTAMP|DATE|DATETIME)_(ADD|SUB)\s*\(/gi, spelling: "TIMESTAMP_ADD/DATE_ADD…", instead: "dialect.tsAdd / dateAdd (DuckDB's date_add gives a TIMESTAMP)" },
  { pattern: /\bGENERATE_(DATE|TIMESTAMP)_ARRAY\s*\(|\bgenerate_series\s*\(/gi, spelling: "GENERATE_DATE_ARRAY", instead: "dialect.generateDateArray / dateSpine" },
  { pattern: /\b(PERCENTILE_CONT|PERCENTILE_DISC|APPROX_QUANTILES|quantile_cont|quantile_disc|median)\s*\(/gi, spelling: "PERCENTILE_CONT", instead: "dialect.percentileCont / percentileContAgg" },
  { pattern: /\b(SAFE_CAST|TRY_CAST)\s*\(|\bSAFE\.\w+\s*\(/gi, spelling: "SAFE_CAST", instead: "dialect.safeCast (DuckDB's TRY_CAST reads '1.5' as the integer 2)" },
  {
    pattern: /\bAS\s+(TIMESTAMP|NUMERIC|BIGNUMERIC|FLOAT64|BYTES|TIMESTAMPTZ)\s*\)/gi,
    spelling: "CAST(… AS TIMESTAMP/NUMERIC/FLOAT64)",
    instead: "dialect.cast / safeCast (DuckDB's TIMESTAMP drops offsets, its NUMERIC has 3 decimals)",
    // a typed NULL has no value to differ on (and DuckDB widens it to TIMESTAMPTZ in a UNION)
    unlessAfter: /\bCAST\s*\(\s*NULL\s+$/i,
  },
  { pattern: /\bTIMESTAMP\s*'/gi, spelling: "TIMESTAMP '…'", instead: "dialect.tsLiteral (DuckDB drops the offset of a TIMESTAMP literal)" },
  { pattern: /\bEXTRACT\s*\(\s*(DAYOFWEEK|WEEK|ISOWEEK|ISOYEAR|DATE|dow|isodow)\b/gi, spelling: "EXTRACT(DAYOFWEEK|WEEK…)", instead: "dialect.extract (the engines number days and weeks differently)" },
  { pattern: /\b(SAFE_DIVIDE|IEEE_DIVIDE)\s*\(/gi, spelling: "SAFE_DIVIDE", instead: "dialect.safeDivide" },
  { pattern: /\b(LOGICAL_OR|LOGICAL_AND|bool_or|bool_and)\s*\(/gi, spelling: "LOGICAL_OR/LOGICAL_AND", instead: "dialect.logicalOr / logicalAnd" },
  { pattern: /\b(arg_max|arg_min|max_by|min_by)\s*\(|\bARRAY_AGG\s*\([^()]*\bLIMIT\b/gi, spelling: "arg_max / ARRAY_AGG(… LIMIT 1)", instead: "dialect.argMax / argMin" },
  { pattern: /\[\s*(SAFE_)?(OFFSET|ORDINAL)\s*\(/gi, spelling: "[OFFSET(…)]", instead: "a dialect helper or a join (DuckDB lists are 1-based and have no OFFSET())" },
  { pattern: /\b(PARSE|FORMAT)_(TIMESTAMP|DATE|DATETIME)\s*\(|\b(UNIX_SECONDS|UNIX_MILLIS|TIMESTAMP_SECONDS|strftime|strptime|epoch)\s*\(/gi, spelling: "PARSE_/FORMAT_TIMESTAMP, UNIX_SECONDS…", instead: "dialect.safeCast(…, \"TIMESTAMP\") / unixSeconds" },
  { pattern: /\bCURRENT_TIMESTAMP\s*\(\s*\)/gi, spelling: "CURRENT_TIMESTAMP()", instead: "CURRENT_TIMESTAMP without parentheses, or dialect.currentTimestamp()" },
  { pattern: /\*\s*(EXCEPT|EXCLUDE)\s*\(/gi, spelling: "* EXCEPT(…)", instead: "dialect.starExcept" },
  { pattern: /\b(LAG|LEAD)\s*\([^()]*\bIGNORE\s+NULLS/gi, spelling: "LAG/LEAD(… IGNORE NULLS)", instead: "LAST_VALUE(x IGNORE NULLS) OVER (… ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)" },
  { pattern: /::/g, spelling: "::", instead: "dialect.cast (:: is DuckDB only)" },
  { pattern: /->>?/g, spelling: "-> / ->>", instead: "dialect.jsonValue / jsonQuery (DuckDB only)" },
  { pattern: /\b(TIMESTAMPTZ|list_transform|list_filter|regexp_matches|json_extract_string|struct_pack)\b/gi, spelling: "DuckDB-only function or type", instead: "the matching dialect helper" },
];

/** DuckDB spellings that must never reach the BigQuery compilation (a helper's DuckDB branch leaking). */
const DUCKDB_ONLY_RULES: Rule[] = [
  { pattern: /::/g, spelling: "::", instead: "dialect.cast" },
  { pattern: /->>?/g, spelling: "-> / ->>", instead: "dialect.jsonValue / jsonQuery" },
  { pattern: /\bdate_sub\s*\(\s*'/gi, spelling: "date_sub('unit', …)", instead: "dialect.tsDiff" },
  { pattern: /\b(quantile_cont|quantile_disc|median|TRY_CAST|generate_series|generate_subscripts|list_transform|list_filter|regexp_matches|regexp_full_match|json_extract_string|json_type|bool_or|bool_and|arg_max|arg_min|strftime|strptime|epoch|struct_pack|typeof)\s*\(/gi, spelling: "DuckDB-only function", instead: "the matching dialect helper" },
  { pattern: /\b(TIMESTAMPTZ|WITH\s+ORDINALITY|LATERAL|EXCLUDE)\b/gi, spelling: "DuckDB-only keyword or type", instead: "the matching dialect helper" },
];

/** One spelling found in one file. */
export interface Finding {
  file: string;
  line: number;
  spelling: string;
  instead: string;
}

/** Engine-specific spellings in SQL text that a model writes (literal forms and # comments included). */
export function findEngineSpellings(file: string, sql: string): Finding[] {
  const { code, literals, hashComments } = maskSql(sql);
  const findings = matchRules(file, sql, code, INLINE_RULES);
  const add = (index: number, spelling: string, instead: string) => findings.push({ file, line: lineOf(sql, index), spelling, instead });
  for (const literal of literals) {
    if (literal.quote === '"') add(literal.start, '"double-quoted" text', "single quotes (DuckDB reads double quotes as an identifier)");
    else if (literal.triple) add(literal.start, "'''triple-quoted''' text", "a plain single-quoted string");
    else if (literal.prefix) add(literal.start, `${literal.prefix}'…' literal`, "a plain single-quoted string, or dialect.stringLiteral");
    else if (literal.body.includes("\\")) add(literal.start, "backslash in a string", "dialect.stringLiteral or the regexp helpers (only BigQuery reads backslash escapes)");
  }
  for (const index of hashComments) add(index, "# comment", "-- comments (# is BigQuery only)");
  return findings.sort((a, b) => a.line - b.line);
}

/**
 * Engine-specific spellings in a SQLX file: in its SQL (outside config/js blocks and ${…}), in the
 * SQL its JavaScript writes in template literals, and in the SQL fragments it passes to helpers.
 */
export function findEngineSpellingsInSqlx(file: string, sqlx: string): Finding[] {
  return [
    ...findEngineSpellings(file, sqlOfSqlx(sqlx)),
    ...findEngineSpellings(file, templatesOfSqlx(sqlx)),
    ...findInHelperArguments(file, helperArgumentsOfSqlx(sqlx)),
  ].sort((a, b) => a.line - b.line);
}

/** DuckDB spellings in SQL compiled for BigQuery, and DuckDB's "quoted"."identifier" paths. */
export function findDuckdbSpellings(file: string, sql: string): Finding[] {
  const { code } = maskSql(sql);
  const findings = matchRules(file, sql, code, DUCKDB_ONLY_RULES);
  for (const match of sql.matchAll(/"[A-Za-z0-9_-]+"\s*\.\s*"/g)) {
    findings.push({ file, line: lineOf(sql, match.index), spelling: '"double"."quoted" name', instead: "Dataform's ref(), which backticks names" });
  }
  return findings.sort((a, b) => a.line - b.line);
}

function matchRules(file: string, sql: string, code: string, rules: Rule[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const match of code.matchAll(rule.pattern)) {
      if (rule.unlessAfter?.test(code.slice(Math.max(0, match.index - 40), match.index))) continue;
      findings.push({ file, line: lineOf(sql, match.index), spelling: rule.spelling, instead: rule.instead });
    }
  }
  return findings;
}

/** Engine-specific spellings in the SQL a JavaScript include or definition writes: templates, and helper arguments. */
export function findEngineSpellingsInJs(file: string, js: string): Finding[] {
  return [...findEngineSpellings(file, sqlOfJsTemplates(js)), ...findInHelperArguments(file, helperArgumentsOfJs(js))].sort(
    (a, b) => a.line - b.line,
  );
}

// Function spellings only: an argument may be a regexp or a JSON path, whose quotes and # mean no SQL.
function findInHelperArguments(file: string, strings: string): Finding[] {
  return matchRules(file, strings, maskSql(strings).code, INLINE_RULES).map((f) => ({ ...f, spelling: `${f.spelling} in a helper argument` }));
}

export function formatFinding(finding: Finding): string {
  return `${finding.file}:${finding.line}: ${finding.spelling}: use ${finding.instead}`;
}
