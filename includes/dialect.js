// The dialect layer: every SQL spelling that differs between BigQuery and DuckDB, in one place.
// Each helper takes SQL expression text and returns SQL text: BigQuery (GoogleSQL) by default,
// DuckDB when the Dataform var `warehouse` is "duckdb". Models never write these spellings inline
// (tests/lint keeps it so), because a dozen of them run on both engines with different answers.
// Loaded by Dataform as the global `dialect`; its sandbox allows no require() but "path", so none here.

const WAREHOUSES = ["bigquery", "duckdb"];

// BigQuery type name -> DuckDB type. TIMESTAMP is an absolute instant in BigQuery: TIMESTAMPTZ
// (the executor pins TimeZone to UTC); DuckDB's NUMERIC is DECIMAL(18,3), too narrow.
const TYPES = {
  INT64: "BIGINT",
  STRING: "VARCHAR",
  FLOAT64: "DOUBLE",
  BOOL: "BOOLEAN",
  TIMESTAMP: "TIMESTAMPTZ",
  DATE: "DATE",
  DATETIME: "TIMESTAMP",
  NUMERIC: "DECIMAL(38, 9)",
  BYTES: "BLOB",
  JSON: "JSON",
};

const TS_DIFF_UNITS = ["MICROSECOND", "MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY"];
const TS_TRUNC_UNITS = ["SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "ISOWEEK", "MONTH", "QUARTER", "YEAR"];
const DATE_UNITS = ["DAY", "WEEK", "ISOWEEK", "MONTH", "QUARTER", "YEAR", "ISOYEAR"];
const DATE_STEP_UNITS = ["DAY", "WEEK", "MONTH", "QUARTER", "YEAR"];
const EXTRACT_PARTS = {
  DAYOFWEEK: (x) => `(EXTRACT(dow FROM ${x}) + 1)`, // BigQuery: Sunday = 1 … Saturday = 7
  WEEK: (x) => `CAST(strftime(${x}, '%U') AS BIGINT)`, // BigQuery: Sunday-based week of the year
  ISOWEEK: (x) => `EXTRACT(week FROM ${x})`,
  ISOYEAR: (x) => `EXTRACT(isoyear FROM ${x})`,
  DATE: (x) => `CAST(${x} AS DATE)`,
};
const PORTABLE_EXTRACT_PARTS = ["MICROSECOND", "MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY", "DAYOFYEAR", "MONTH", "QUARTER", "YEAR"];

/** Creates the helper set for a function that names the current warehouse. */
function createDialect(currentWarehouse) {
  const duck = () => warehouse() === "duckdb";

  /** The warehouse the helpers emit SQL for: "bigquery" or "duckdb". */
  function warehouse() {
    const name = currentWarehouse();
    if (!WAREHOUSES.includes(name)) {
      throw new Error(`dialect: var warehouse must be "bigquery" or "duckdb", got ${JSON.stringify(name)}`);
    }
    return name;
  }

  /** A string literal for the current warehouse (BigQuery strings have backslash escapes, DuckDB's none). */
  function stringLiteral(text) {
    if (typeof text !== "string") throw new Error(`dialect.stringLiteral: expected a JS string, got ${typeof text}`);
    if (duck()) return `'${text.replaceAll("'", "''")}'`;
    const escaped = text
      .replaceAll("\\", "\\\\")
      .replaceAll("'", "\\'")
      .replaceAll("\n", "\\n")
      .replaceAll("\r", "\\r");
    return `'${escaped}'`;
  }

  /** The type name: type("INT64") is INT64 in BigQuery, BIGINT in DuckDB. */
  function type(bigQueryType) {
    const t = upperOneOf("type", bigQueryType, Object.keys(TYPES));
    return duck() ? TYPES[t] : t;
  }

  /** CAST(x AS t) with t a BigQuery type name; errors on bad input in both engines. */
  function cast(x, bigQueryType) {
    return `CAST(${x} AS ${type(bigQueryType)})`;
  }

  /** SAFE_CAST(x AS t): the value, or NULL where the conversion fails (text is read as BigQuery reads it). */
  function safeCast(x, bigQueryType) {
    const t = upperOneOf("safeCast", bigQueryType, Object.keys(TYPES));
    if (!duck()) return `SAFE_CAST(${x} AS ${t})`;
    // DuckDB reads text more loosely than BigQuery ('1.5' -> 2, '1e3' -> 1000, 'yes' -> true,
    // '2024-03-04T10:00Z' -> a DATE): text must have BigQuery's literal form first.
    const textRule = {
      INT64: `regexp_full_match(CAST(${x} AS VARCHAR), '[+-]?[0-9]+|0[xX][0-9a-fA-F]+')`,
      BOOL: `lower(CAST(${x} AS VARCHAR)) IN ('true', 'false')`,
      DATE: `regexp_full_match(CAST(${x} AS VARCHAR), '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}')`,
    }[t];
    const tryCast = `TRY_CAST(${x} AS ${TYPES[t]})`;
    if (!textRule) return tryCast;
    // DuckDB rounds a float half to even; BigQuery rounds half away from zero, as round() does.
    const fromFloat = t === "INT64" ? ` WHEN typeof(${x}) IN ('DOUBLE', 'FLOAT') THEN TRY_CAST(round(TRY_CAST(${x} AS DOUBLE)) AS BIGINT)` : "";
    return `CASE WHEN typeof(${x}) = 'VARCHAR' THEN CASE WHEN ${textRule} THEN ${tryCast} END${fromFloat} ELSE ${tryCast} END`;
  }

  /** A TIMESTAMP literal from an ISO 8601 string ('Z', '+hh:mm' or no zone = UTC), normalised to UTC. */
  function tsLiteral(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      String(iso).trim(),
    );
    const fail = () => new Error(`dialect.tsLiteral: ${JSON.stringify(iso)} is not an ISO 8601 timestamp`);
    if (!m) throw fail();
    const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
    let offsetMinutes = 0;
    if (!/^(Z|UTC)$/i.test(zone)) {
      const [, sign, oh, om = "00"] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
      offsetMinutes = (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
    }
    const local = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
    const check = new Date(local);
    if (check.getUTCFullYear() !== +y || check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) {
      throw fail();
    }
    const utc = new Date(local - offsetMinutes * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
    const text = `${utc.slice(0, 10)} ${utc.slice(11, 19)}${frac}+00`;
    return duck() ? `TIMESTAMPTZ '${text}'` : `TIMESTAMP '${text}'`;
  }

  /** TIMESTAMP_DIFF(end, start, unit): whole units between two timestamps, truncated toward zero (INT64). */
  function tsDiff(end, start, unit) {
    const u = upperOneOf("tsDiff", unit, TS_DIFF_UNITS);
    // DuckDB's date_sub counts whole elapsed units as BigQuery does; date_diff counts boundaries.
    return duck() ? `date_sub('${u.toLowerCase()}', ${start}, ${end})` : `TIMESTAMP_DIFF(${end}, ${start}, ${u})`;
  }

  /** DATE_DIFF(end, start, unit): the number of unit boundaries between two dates (INT64). */
  function dateDiff(end, start, unit) {
    const u = upperOneOf("dateDiff", unit, DATE_UNITS);
    if (!duck()) return `DATE_DIFF(${end}, ${start}, ${u})`;
    if (u === "WEEK" || u === "ISOWEEK") {
      // DuckDB counts whole 7-day spans for 'week'; BigQuery counts week starts crossed.
      const shift = u === "WEEK" ? " + 1" : ""; // Sunday weeks: shift so Sunday truncates like Monday
      return `(date_diff('day', CAST(date_trunc('week', CAST(${start} AS DATE)${shift}) AS DATE), CAST(date_trunc('week', CAST(${end} AS DATE)${shift}) AS DATE)) // 7)`;
    }
    if (u === "ISOYEAR") return `(EXTRACT(isoyear FROM ${end}) - EXTRACT(isoyear FROM ${start}))`;
    return `date_diff('${u.toLowerCase()}', ${start}, ${end})`;
  }

  /** TIMESTAMP_TRUNC(ts, unit) in UTC, a TIMESTAMP (ISOWEEK: Monday, WEEK: Sunday). */
  function tsTrunc(ts, unit) {
    const u = upperOneOf("tsTrunc", unit, TS_TRUNC_UNITS);
    if (!duck()) return `TIMESTAMP_TRUNC(${ts}, ${u})`;
    if (u === "WEEK") return `(date_trunc('week', ${ts} + INTERVAL 1 DAY) - INTERVAL 1 DAY)`;
    return `date_trunc('${u === "ISOWEEK" ? "week" : u.toLowerCase()}', ${ts})`;
  }

  /** DATE_TRUNC(d, unit) for a DATE (or a TIMESTAMP, taken in UTC), a DATE (ISOWEEK: Monday, WEEK: Sunday). */
  function dateTrunc(d, unit) {
    const u = upperOneOf("dateTrunc", unit, DATE_UNITS.filter((x) => x !== "ISOYEAR"));
    if (!duck()) return `DATE_TRUNC(CAST(${d} AS DATE), ${u})`;
    // DuckDB's date_trunc on a DATE returns a TIMESTAMP: cast back.
    if (u === "WEEK") return `(CAST(date_trunc('week', CAST(${d} AS DATE) + 1) AS DATE) - 1)`;
    return `CAST(date_trunc('${u === "ISOWEEK" ? "week" : u.toLowerCase()}', CAST(${d} AS DATE)) AS DATE)`;
  }

  /** The DATE of the ISO week's Monday for a TIMESTAMP (in UTC) or a DATE. */
  function weekStart(x) {
    return dateTrunc(x, "ISOWEEK");
  }

  /** The DATE of the calendar quarter's first day for a TIMESTAMP (in UTC) or a DATE. */
  function quarterStart(x) {
    return dateTrunc(x, "QUARTER");
  }

  /** EXTRACT(part FROM x) with BigQuery's numbering (DAYOFWEEK: Sunday = 1; WEEK: Sunday-based). */
  function extract(part, x) {
    const p = upperOneOf("extract", part, [...Object.keys(EXTRACT_PARTS), ...PORTABLE_EXTRACT_PARTS]);
    if (duck() && EXTRACT_PARTS[p]) return EXTRACT_PARTS[p](x);
    return `EXTRACT(${p} FROM ${x})`;
  }

  /** TIMESTAMP_ADD(ts, INTERVAL n unit): a TIMESTAMP; n is an INT64 expression (negative to subtract). */
  function tsAdd(ts, n, unit) {
    const u = upperOneOf("tsAdd", unit, TS_DIFF_UNITS);
    return duck() ? `(${ts} + (${n}) * INTERVAL 1 ${u})` : `TIMESTAMP_ADD(${ts}, INTERVAL ${amount(n)} ${u})`;
  }

  /** DATE_ADD(d, INTERVAL n unit): a DATE (month ends clamp: Jan 31 + 1 MONTH = Feb 28/29). */
  function dateAdd(d, n, unit) {
    const u = upperOneOf("dateAdd", unit, DATE_STEP_UNITS);
    return duck() ? `CAST(${d} + (${n}) * INTERVAL 1 ${u} AS DATE)` : `DATE_ADD(${d}, INTERVAL ${amount(n)} ${u})`;
  }

  /** Today's DATE in UTC. */
  function currentDate() {
    return duck() ? "current_date" : "CURRENT_DATE()";
  }

  /** The current TIMESTAMP. */
  function currentTimestamp() {
    return "CURRENT_TIMESTAMP"; // no parentheses: the one spelling both engines accept
  }

  /** UNIX_SECONDS(ts): whole seconds since the epoch (INT64). */
  function unixSeconds(ts) {
    return duck() ? `CAST(floor(epoch(${ts})) AS BIGINT)` : `UNIX_SECONDS(${ts})`;
  }

  /** JSON_VALUE(json_text, path): the scalar at path as a STRING; NULL for missing, JSON null, objects and arrays. */
  function jsonValue(json, path) {
    const p = jsonPath("jsonValue", path);
    // DuckDB's json_value keeps the quotes of a JSON string; ->> '$' unquotes it.
    return duck() ? `(json_value(${json}, ${p}) ->> '$')` : `JSON_VALUE(${json}, ${p})`;
  }

  /** JSON_QUERY(json_text, path): the JSON text at path as a STRING ('null' for JSON null; NULL when missing). */
  function jsonQuery(json, path) {
    const p = jsonPath("jsonQuery", path);
    return duck() ? `CAST(json_extract(${json}, ${p}) AS VARCHAR)` : `JSON_QUERY(${json}, ${p})`;
  }

  /** JSON_QUERY_ARRAY(json_text, path): ARRAY<STRING> of each element's JSON text; NULL when not an array. */
  function jsonQueryArray(json, path) {
    const p = jsonPath("jsonQueryArray", path);
    if (!duck()) return `JSON_QUERY_ARRAY(${json}, ${p})`;
    // The cast to JSON[] raises on a non-array where BigQuery gives NULL: guard it.
    return `CASE WHEN json_type(${json}, ${p}) = 'ARRAY' THEN CAST(CAST(json_extract(${json}, ${p}) AS JSON[]) AS VARCHAR[]) END`;
  }

  /** JSON_VALUE_ARRAY(json_text, path): ARRAY<STRING> of an array of scalars (JSON null -> NULL); NULL when not an array of scalars. */
  function jsonValueArray(json, path) {
    const p = jsonPath("jsonValueArray", path);
    if (!duck()) return `JSON_VALUE_ARRAY(${json}, ${p})`;
    // `[*]` paths, not list lambdas: DuckDB fails to bind a lambda when it re-reads a stored view
    // in a later session (an INTERNAL error on `transform --actions` over an existing warehouse).
    const elements = stringLiteral(`${path}[*]`);
    // Nested CASE, not AND: DuckDB may evaluate both sides of AND.
    return `CASE WHEN json_type(${json}, ${p}) = 'ARRAY' THEN CASE WHEN NOT list_has_any(json_type(${json}, ${elements}), ['OBJECT', 'ARRAY']) THEN json_extract_string(${json}, ${elements}) END END`;
  }

  /**
   * A join clause giving one row per element of arrayExpr, the element in column `alias` and,
   * with { offset: "name" }, its zero-based position; { outer: true } keeps rows with no elements.
   * Write it after a FROM item: `from source ${dialect.unnest("source.labels", "label")}`. For large
   * arrays pass a column (compute the array in a CTE): DuckDB unnests a column in one pass, but
   * decorrelates an expression by hashing the whole input (30 times slower on 60,000 JSON lists).
   */
  function unnest(arrayExpr, alias, options = {}) {
    const name = identifier("unnest", alias);
    const offset = options.offset === undefined ? undefined : identifier("unnest", options.offset);
    const join = options.outer ? "LEFT JOIN" : "CROSS JOIN";
    const on = options.outer ? " ON TRUE" : "";
    if (!duck()) {
      return `${join} UNNEST(${arrayExpr}) AS ${name}${offset ? ` WITH OFFSET AS ${offset}` : ""}${on}`;
    }
    // unnest in a select list, not a FROM item: a bare `UNNEST(x) AS a` in DuckDB names a table (so
    // `a` would be a STRUCT), and a table function in a lateral subquery costs several times the time
    // and memory on large arrays (bench/models.ts). Select-list unnests of one list are zipped.
    const columns = `unnest(${arrayExpr}) AS ${name}${offset ? `, generate_subscripts(${arrayExpr}, 1) - 1 AS ${offset}` : ""}`;
    return `${join} LATERAL (SELECT ${columns}) AS ${name}_unnest${on}`;
  }

  /** One row per element of the JSON array at path (each element's JSON text in `alias`); see unnest for options. */
  function unnestJsonArray(json, path, alias, options = {}) {
    return unnest(jsonQueryArray(json, path), alias, options);
  }

  /** GENERATE_DATE_ARRAY(start, end, INTERVAL step): ARRAY<DATE> from start to end inclusive; step like "1 WEEK". */
  function generateDateArray(start, end, step = "1 DAY") {
    const interval = dateStep("generateDateArray", step);
    if (!duck()) return `GENERATE_DATE_ARRAY(${start}, ${end}, INTERVAL ${interval})`;
    return `CAST(generate_series(CAST(${start} AS DATE), CAST(${end} AS DATE), INTERVAL ${interval}) AS DATE[])`;
  }

  /** A parenthesised query, usable in FROM or as a CTE body, of one DATE column `column` from start to end by step. */
  function dateSpine(start, end, step, column) {
    const interval = dateStep("dateSpine", step);
    const name = identifier("dateSpine", column);
    if (!duck()) {
      return `(SELECT ${name} FROM UNNEST(GENERATE_DATE_ARRAY(${start}, ${end}, INTERVAL ${interval})) AS ${name})`;
    }
    return `(SELECT CAST(_spine.d AS DATE) AS ${name} FROM generate_series(CAST(${start} AS DATE), CAST(${end} AS DATE), INTERVAL ${interval}) AS _spine(d))`;
  }

  /** PERCENTILE_CONT(x, p) OVER (over): the exact linearly interpolated percentile, NULLs ignored, as a window. */
  function percentileCont(x, p, over = "") {
    const fraction = probability("percentileCont", p);
    const fn = duck() ? `quantile_cont(${x}, ${fraction})` : `PERCENTILE_CONT(${x}, ${fraction})`;
    return `${fn} OVER (${over})`;
  }

  /**
   * The same exact interpolated percentile as an aggregate (for GROUP BY), NULLs ignored, FLOAT64.
   * BigQuery has no exact percentile aggregate (APPROX_QUANTILES is approximate), so it is built from the sorted array.
   */
  function percentileContAgg(x, p) {
    const fraction = probability("percentileContAgg", p);
    if (duck()) return `quantile_cont(${x}, ${fraction})`;
    const rank = `(${fraction} * (COUNT(${x}) - 1))`;
    const sorted = `ARRAY_AGG(${x} IGNORE NULLS ORDER BY ${x})`;
    const low = `${sorted}[SAFE_OFFSET(CAST(FLOOR(${rank}) AS INT64))]`;
    const high = `${sorted}[SAFE_OFFSET(CAST(CEIL(${rank}) AS INT64))]`;
    return `(${low} + (${high} - ${low}) * (${rank} - FLOOR(${rank})))`;
  }

  /**
   * A 64-bit hash of the values (NULLs included, each in its place), as an integer: DuckDB's hash(),
   * BigQuery's FARM_FINGERPRINT of the values as JSON. Equal values give equal hashes in one engine.
   */
  function rowHash(...values) {
    atLeast("rowHash", values, 1);
    return duck() ? `hash(${values.join(", ")})` : `FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(${values.join(", ")})))`;
  }

  /** Aggregate: the bitwise XOR of integer hashes, as a STRING ('0' over no rows): the same whatever the rows' order. */
  function xorAgg(x) {
    return duck() ? `CAST(coalesce(bit_xor(${x}), 0) AS VARCHAR)` : `CAST(COALESCE(BIT_XOR(${x}), 0) AS STRING)`;
  }

  /** LOGICAL_OR(b): TRUE if any non-NULL input is TRUE. */
  function logicalOr(b) {
    return duck() ? `bool_or(${b})` : `LOGICAL_OR(${b})`;
  }

  /** LOGICAL_AND(b): TRUE if every non-NULL input is TRUE. */
  function logicalAnd(b) {
    return duck() ? `bool_and(${b})` : `LOGICAL_AND(${b})`;
  }

  /** Aggregate: x from the row with the greatest orderBy (rows with NULL orderBy last; x may be NULL). */
  function argMax(x, orderBy) {
    // DuckDB's arg_max skips rows whose x is NULL; first(… ORDER BY) does not.
    return duck()
      ? `first(${x} ORDER BY ${orderBy} DESC NULLS LAST)`
      : `ARRAY_AGG(${x} ORDER BY ${orderBy} DESC LIMIT 1)[SAFE_OFFSET(0)]`;
  }

  /** Aggregate: x from the row with the least orderBy (rows with NULL orderBy last; x may be NULL). */
  function argMin(x, orderBy) {
    // BigQuery sorts NULL first ascending and has no NULLS LAST inside an aggregate: sort on IS NULL first.
    return duck()
      ? `first(${x} ORDER BY ${orderBy} ASC NULLS LAST)`
      : `ARRAY_AGG(${x} ORDER BY ${orderBy} IS NULL, ${orderBy} LIMIT 1)[SAFE_OFFSET(0)]`;
  }

  /** REGEXP_CONTAINS(s, pattern): whether the RE2 pattern (a JS string) matches anywhere in s. */
  function regexpContains(s, pattern) {
    const re = regexLiteral("regexpContains", pattern);
    return duck() ? `regexp_matches(${s}, ${re})` : `REGEXP_CONTAINS(${s}, ${re})`;
  }

  /**
   * REGEXP_EXTRACT(s, pattern): the first match's capture group (or whole match without one); NULL when none.
   * One edge differs: an optional group that takes no part in the match is NULL in BigQuery, '' in DuckDB.
   */
  function regexpExtract(s, pattern) {
    const re = regexLiteral("regexpExtract", pattern);
    if (!duck()) return `REGEXP_EXTRACT(${s}, ${re})`;
    // DuckDB returns the whole match unless told the group, and '' (not NULL) when nothing matches.
    const group = captureGroups(pattern) === 0 ? 0 : 1;
    return `CASE WHEN regexp_matches(${s}, ${re}) THEN regexp_extract(${s}, ${re}, ${group}) END`;
  }

  /** REGEXP_REPLACE(s, pattern, replacement): every match replaced; \\1 in replacement is a group. */
  function regexpReplace(s, pattern, replacement) {
    const re = regexLiteral("regexpReplace", pattern);
    const by = stringLiteral(replacement);
    // DuckDB replaces the first match only unless given 'g'.
    return duck() ? `regexp_replace(${s}, ${re}, ${by}, 'g')` : `REGEXP_REPLACE(${s}, ${re}, ${by})`;
  }

  /** SAFE_DIVIDE(a, b): a / b as FLOAT64, NULL when b is 0 (DuckDB would give Infinity). */
  function safeDivide(a, b) {
    return duck() ? `CASE WHEN (${b}) = 0 THEN NULL ELSE (${a}) / (${b}) END` : `SAFE_DIVIDE(${a}, ${b})`;
  }

  /** CONCAT(a, b, …): the strings joined, NULL if any is NULL (DuckDB's concat skips NULLs). */
  function concat(...parts) {
    atLeast("concat", parts, 1);
    return duck() ? `(${parts.join(" || ")})` : `CONCAT(${parts.join(", ")})`;
  }

  /** GREATEST(a, b, …): the largest, NULL if any is NULL (DuckDB's greatest skips NULLs). */
  function greatest(...xs) {
    return extreme("greatest", xs);
  }

  /** LEAST(a, b, …): the smallest, NULL if any is NULL (DuckDB's least skips NULLs). */
  function least(...xs) {
    return extreme("least", xs);
  }

  function extreme(fn, xs) {
    atLeast(fn, xs, 2);
    if (!duck()) return `${fn.toUpperCase()}(${xs.join(", ")})`;
    return `CASE WHEN ${xs.map((x) => `(${x}) IS NULL`).join(" OR ")} THEN NULL ELSE ${fn}(${xs.join(", ")}) END`;
  }

  /** `* EXCEPT (a, b)`: every column but these (DuckDB spells it EXCLUDE). */
  function starExcept(columns) {
    atLeast("starExcept", columns, 1);
    return `* ${duck() ? "EXCLUDE" : "EXCEPT"} (${columns.join(", ")})`;
  }

  /** Hex MD5 of a group's texts joined in their order: a fingerprint of a table's contents ('' for no rows). */
  function fingerprintAgg(text) {
    const joined = `string_agg(${text}, '|' ORDER BY ${text})`;
    return duck() ? `coalesce(md5(${joined}), '')` : `COALESCE(TO_HEX(MD5(${joined})), '')`;
  }

  // Script variables, for a watermark read from a table before the query filters a partition
  // column with it: BigQuery prunes partitions on a constant expression (a variable is one), not on
  // a subquery. BigQuery runs an action's pre-operations and its statement as one script and wants
  // every DECLARE before the script's other statements; DuckDB keeps variables per connection.

  /** DECLARE name type [DEFAULT (query)]: a pre-operation; null until set when there is no query. */
  function declareVariable(name, bigQueryType, query) {
    const n = identifier("declareVariable", name);
    const t = upperOneOf("declareVariable", bigQueryType, Object.keys(TYPES));
    if (duck()) return `SET VARIABLE ${n} = CAST(${query === undefined ? "NULL" : `(${query})`} AS ${TYPES[t]})`;
    return `DECLARE ${n} ${t}${query === undefined ? "" : ` DEFAULT (${query})`}`;
  }

  /** SET name = (query): a pre-operation after the statements whose result the variable reads. */
  function setVariable(name, query) {
    const n = identifier("setVariable", name);
    return duck() ? `SET VARIABLE ${n} = (${query})` : `SET ${n} = (${query})`;
  }

  /** The variable's value, as an expression. */
  function variable(name) {
    const n = identifier("variable", name);
    return duck() ? `getvariable('${n}')` : n;
  }

  function regexLiteral(helper, pattern) {
    if (typeof pattern !== "string" || pattern === "") {
      throw new Error(`dialect.${helper}: the pattern must be a non-empty JS string, got ${JSON.stringify(pattern)}`);
    }
    if (helper === "regexpExtract" && captureGroups(pattern) > 1) {
      throw new Error(`dialect.regexpExtract: ${JSON.stringify(pattern)} has more than one capturing group (BigQuery allows one)`);
    }
    return stringLiteral(pattern);
  }

  function jsonPath(helper, path) {
    // The subset both engines read the same way: $, .name and [index] steps.
    if (typeof path !== "string" || !/^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/.test(path)) {
      throw new Error(`dialect.${helper}: JSON path ${JSON.stringify(path)} must look like $.a.b or $.a[0]`);
    }
    return stringLiteral(path);
  }

  return {
    warehouse, type, cast, safeCast, tsLiteral, stringLiteral,
    tsDiff, dateDiff, tsTrunc, dateTrunc, weekStart, quarterStart, extract, tsAdd, dateAdd,
    currentDate, currentTimestamp, unixSeconds,
    jsonValue, jsonQuery, jsonQueryArray, jsonValueArray, unnest, unnestJsonArray,
    generateDateArray, dateSpine,
    percentileCont, percentileContAgg, rowHash, xorAgg, logicalOr, logicalAnd, argMax, argMin,
    regexpContains, regexpExtract, regexpReplace, safeDivide, concat, greatest, least, starExcept, fingerprintAgg,
    declareVariable, setVariable, variable,
  };
}

function upperOneOf(helper, value, allowed) {
  const v = String(value).toUpperCase();
  if (!allowed.includes(v)) {
    throw new Error(`dialect.${helper}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`);
  }
  return v;
}

// An INTERVAL's amount: a number or a name as it is, any other expression in parentheses.
function amount(n) {
  const text = String(n).trim();
  return /^[+-]?\w+$/.test(text) ? text : `(${text})`;
}

function identifier(helper, name) {
  if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`dialect.${helper}: ${JSON.stringify(name)} is not a plain column name`);
  }
  return name;
}

function dateStep(helper, step) {
  const m = /^\s*(\d+)?\s*([A-Za-z]+)\s*$/.exec(String(step));
  const unit = m && m[2].toUpperCase();
  if (!m || !DATE_STEP_UNITS.includes(unit)) {
    throw new Error(`dialect.${helper}: step ${JSON.stringify(step)} must look like "1 WEEK" (${DATE_STEP_UNITS.join(", ")})`);
  }
  return `${m[1] ?? "1"} ${unit}`;
}

function probability(helper, p) {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new Error(`dialect.${helper}: the percentile must be a number from 0 to 1, got ${JSON.stringify(p)}`);
  }
  return String(p);
}

function atLeast(helper, list, n) {
  if (!Array.isArray(list) || list.length < n) throw new Error(`dialect.${helper}: needs at least ${n} argument(s)`);
}

// Capturing groups in an RE2 pattern: "(" not escaped, not "(?", not inside a [...] class.
function captureGroups(pattern) {
  let count = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(" && (pattern[i + 1] !== "?" || /^\?P?</.test(pattern.slice(i + 1)))) count++; // (?P<name>…) captures too
  }
  return count;
}

// During a Dataform compile the global `dataform` holds the project config; it exists only then.
function fromProjectConfig() {
  const vars = typeof dataform === "undefined" ? undefined : dataform.projectConfig && dataform.projectConfig.vars;
  return (vars && vars.warehouse) || "bigquery";
}

module.exports = createDialect(fromProjectConfig);
/** The same helpers bound to one warehouse, whatever the project config says (for tests and tools). */
module.exports.forWarehouse = (name) => createDialect(() => name);
