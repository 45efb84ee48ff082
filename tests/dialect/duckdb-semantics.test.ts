// Every helper rendered for DuckDB and run in real DuckDB, on cases whose BigQuery answers are
// known: most are the examples of the GoogleSQL reference (ZetaSQL docs/*.md, BigQuery's dialect),
// the rest are worked out by hand from the documented rule quoted beside them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { duckdb as d, evaluate, openDuckDB, rows } from "./dialect.ts";

let db: Awaited<ReturnType<typeof openDuckDB>>;
let connection: DuckDBConnection;
beforeAll(async () => {
  db = await openDuckDB();
  connection = db.connection;
});
afterAll(() => db.close());

const value = (expression: string) => evaluate(connection, expression);
const number = async (expression: string) => {
  const v = await value(expression);
  return v === null ? null : Number(v);
};
const ts = (iso: string) => d.tsLiteral(iso);
const date = (iso: string) => `DATE '${iso}'`;

describe("timestamp differences count whole units, truncated toward zero (TIMESTAMP_DIFF)", () => {
  it("counts 13410 hours from 2008-12-25 15:30 to 2010-07-07 10:20 UTC", async () => {
    expect(await number(d.tsDiff(ts("2010-07-07 10:20:00+00"), ts("2008-12-25 15:30:00+00"), "HOUR"))).toBe(13410);
  });
  it("is negative when the end is earlier: 2018-08-14 minus 2018-10-14 is -61 days", async () => {
    expect(await number(d.tsDiff(ts("2018-08-14"), ts("2018-10-14"), "DAY"))).toBe(-61);
  });
  it("counts no hour between 00:00:01 and 01:00:00, in either direction", async () => {
    expect(await number(d.tsDiff(ts("2001-02-01 01:00:00"), ts("2001-02-01 00:00:01"), "HOUR"))).toBe(0);
    expect(await number(d.tsDiff(ts("2001-02-01 00:00:01"), ts("2001-02-01 01:00:00"), "HOUR"))).toBe(0);
  });
  it("gives a lead time in seconds across days and time zones", async () => {
    // 10:00Z to the next day 13:30:15+02:00 = 11:30:15Z: 86400 + 5415 seconds
    expect(await number(d.tsDiff(ts("2024-03-05T13:30:15+02:00"), ts("2024-03-04T10:00:00Z"), "SECOND"))).toBe(91815);
  });
  it("truncates a negative 90.5 minutes to -90", async () => {
    expect(await number(d.tsDiff(ts("2024-03-04T10:00:00Z"), ts("2024-03-04T11:30:30Z"), "MINUTE"))).toBe(-90);
  });
  it("counts a DAY as 24 hours, not a calendar date change", async () => {
    expect(await number(d.tsDiff(ts("2024-03-05T01:00:00Z"), ts("2024-03-04T23:00:00Z"), "DAY"))).toBe(0);
  });
});

describe("date differences count unit boundaries (DATE_DIFF)", () => {
  it("counts 559 days from 2008-12-25 to 2010-07-07", async () => {
    expect(await number(d.dateDiff(date("2010-07-07"), date("2008-12-25"), "DAY"))).toBe(559);
  });
  it("counts one Sunday-week boundary from Saturday 2017-10-14 to Sunday 2017-10-15", async () => {
    expect(await number(d.dateDiff(date("2017-10-15"), date("2017-10-14"), "WEEK"))).toBe(1);
  });
  it("counts Sunday 2017-12-17 to Monday 2017-12-18 as 0 weeks but 1 ISO week", async () => {
    expect(await number(d.dateDiff(date("2017-12-18"), date("2017-12-17"), "WEEK"))).toBe(0);
    expect(await number(d.dateDiff(date("2017-12-18"), date("2017-12-17"), "ISOWEEK"))).toBe(1);
  });
  it("counts 3 years but 2 ISO years from 2014-12-30 to 2017-12-30", async () => {
    expect(await number(d.dateDiff(date("2017-12-30"), date("2014-12-30"), "YEAR"))).toBe(3);
    expect(await number(d.dateDiff(date("2017-12-30"), date("2014-12-30"), "ISOYEAR"))).toBe(2);
  });
  it("counts a month and a quarter boundary between consecutive days", async () => {
    expect(await number(d.dateDiff(date("2024-02-01"), date("2024-01-31"), "MONTH"))).toBe(1);
    expect(await number(d.dateDiff(date("2024-04-01"), date("2024-03-31"), "QUARTER"))).toBe(1);
  });
});

describe("weeks start on Monday and quarters on their first day", () => {
  it("puts Sunday 2017-11-05 in the week of Monday 2017-10-30", async () => {
    expect(await value(d.weekStart(date("2017-11-05")))).toBe("2017-10-30");
  });
  it("puts a timestamp late on Sunday in the week that began the Monday before, in UTC", async () => {
    expect(await value(d.weekStart(ts("2024-03-10T23:59:59Z")))).toBe("2024-03-04");
    // 01:00 on Monday at +02:00 is still Sunday 23:00 in UTC
    expect(await value(d.weekStart(ts("2024-03-11T01:00:00+02:00")))).toBe("2024-03-04");
    expect(await value(d.weekStart(ts("2024-03-11T00:00:00Z")))).toBe("2024-03-11");
  });
  it("returns a DATE, not a timestamp", async () => {
    const [row] = await rows(connection, `SELECT typeof(${d.weekStart(ts("2024-03-10T12:00:00Z"))}) AS t, typeof(${d.quarterStart(date("2024-03-10"))}) AS q`);
    expect(row).toEqual({ t: "DATE", q: "DATE" });
  });
  it("starts quarters on January, April, July and October 1st", async () => {
    expect(await value(d.quarterStart(date("2024-05-10")))).toBe("2024-04-01");
    expect(await value(d.quarterStart(ts("2024-12-31T23:59:59Z")))).toBe("2024-10-01");
    expect(await value(d.quarterStart(ts("2024-01-01T00:00:00Z")))).toBe("2024-01-01");
  });
  it("truncates dates to the month and to Sunday-based weeks", async () => {
    expect(await value(d.dateTrunc(date("2008-12-25"), "MONTH"))).toBe("2008-12-01");
    expect(await value(d.dateTrunc(date("2017-11-08"), "WEEK"))).toBe("2017-11-05");
    expect(await value(d.dateTrunc(date("2017-11-05"), "WEEK"))).toBe("2017-11-05");
  });
  it("truncates timestamps to the ISO week, the Sunday week and the hour", async () => {
    expect(await value(d.tsTrunc(ts("2024-03-10T12:34:56Z"), "ISOWEEK"))).toBe("2024-03-04 00:00:00+00");
    expect(await value(d.tsTrunc(ts("2024-03-10T12:34:56Z"), "WEEK"))).toBe("2024-03-10 00:00:00+00");
    expect(await value(d.tsTrunc(ts("2024-03-10T12:34:56Z"), "HOUR"))).toBe("2024-03-10 12:00:00+00");
  });
});

describe("date parts are numbered as BigQuery numbers them (EXTRACT)", () => {
  it("numbers the days of the week from Sunday = 1 to Saturday = 7", async () => {
    expect(await number(d.extract("DAYOFWEEK", date("2017-11-05")))).toBe(1);
    expect(await number(d.extract("DAYOFWEEK", date("2017-11-11")))).toBe(7);
  });
  it("gives ISO and Sunday-based weeks around the 2015/2016 new year", async () => {
    const expected: [string, number, number, number][] = [
      // date, ISOYEAR, ISOWEEK, WEEK
      ["2015-12-27", 2015, 52, 52],
      ["2016-01-01", 2015, 53, 0],
      ["2016-01-03", 2015, 53, 1],
      ["2016-01-04", 2016, 1, 1],
    ];
    for (const [day, isoyear, isoweek, week] of expected) {
      expect([
        await number(d.extract("ISOYEAR", date(day))),
        await number(d.extract("ISOWEEK", date(day))),
        await number(d.extract("WEEK", date(day))),
      ]).toEqual([isoyear, isoweek, week]);
    }
  });
  it("passes the parts both engines agree on through", async () => {
    expect(await number(d.extract("DAY", date("2013-12-25")))).toBe(25);
  });
});

describe("timestamp literals are absolute instants", () => {
  it("applies the offset instead of dropping it", async () => {
    expect(await value(ts("2024-03-04 10:15:30+02:00"))).toBe("2024-03-04 08:15:30+00");
    expect(await value(ts("2024-03-04T10:15:30-05:30"))).toBe("2024-03-04 15:45:30+00");
  });
  it("reads Z, UTC and no zone as UTC, and keeps microseconds", async () => {
    expect(await value(ts("2024-03-04T10:15:30Z"))).toBe("2024-03-04 10:15:30+00");
    expect(await value(ts("2024-03-04 10:15:30 UTC"))).toBe("2024-03-04 10:15:30+00");
    expect(await value(ts("2024-03-04T10:15:30.123456Z"))).toBe("2024-03-04 10:15:30.123456+00");
    expect(await value(ts("2024-03-04"))).toBe("2024-03-04 00:00:00+00");
  });
  it("crosses a date line when the offset moves the instant to another day", async () => {
    expect(await value(ts("2024-01-01T01:00:00+03:00"))).toBe("2023-12-31 22:00:00+00");
  });
});

describe("string literals", () => {
  it("hold quotes, backslashes and newlines as written in JavaScript", async () => {
    const text = "it's C:\\temp\\new\nline two";
    expect(await value(d.stringLiteral(text))).toBe(text);
  });
});

describe("safe casts give NULL where BigQuery's SAFE_CAST does", () => {
  it("reads integers, and nothing that is not an integer literal", async () => {
    expect(await number(d.safeCast("'12'", "INT64"))).toBe(12);
    expect(await number(d.safeCast("'-7'", "INT64"))).toBe(-7);
    expect(await number(d.safeCast("'0x123'", "INT64"))).toBe(291);
    expect(await value(d.safeCast("'abc'", "INT64"))).toBeNull();
    expect(await value(d.safeCast("'1.5'", "INT64"))).toBeNull();
    expect(await value(d.safeCast("'1e3'", "INT64"))).toBeNull();
    expect(await value(d.safeCast("NULL", "INT64"))).toBeNull();
  });
  it("rounds floats halfway away from zero when making integers", async () => {
    expect(await number(d.safeCast("CAST(2.5 AS DOUBLE)", "INT64"))).toBe(3);
    expect(await number(d.safeCast("CAST(-2.5 AS DOUBLE)", "INT64"))).toBe(-3);
    expect(await number(d.safeCast("CAST(1.4 AS DOUBLE)", "INT64"))).toBe(1);
  });
  it("reads booleans only from 'true' and 'false', in any case", async () => {
    expect(await value(d.safeCast("'TRUE'", "BOOL"))).toBe(true);
    expect(await value(d.safeCast("'false'", "BOOL"))).toBe(false);
    expect(await value(d.safeCast("'yes'", "BOOL"))).toBeNull();
    expect(await value(d.safeCast("'1'", "BOOL"))).toBeNull();
  });
  it("reads ISO 8601 timestamps with Z or an offset, and NULL for anything else", async () => {
    expect(await value(d.safeCast("'2024-03-04T10:15:30+02:00'", "TIMESTAMP"))).toBe("2024-03-04 08:15:30+00");
    expect(await value(d.safeCast("'2024-03-04T10:15:30Z'", "TIMESTAMP"))).toBe("2024-03-04 10:15:30+00");
    expect(await value(d.safeCast("'not a time'", "TIMESTAMP"))).toBeNull();
  });
  it("reads dates only from date text", async () => {
    expect(await value(d.safeCast("'2024-03-04'", "DATE"))).toBe("2024-03-04");
    expect(await value(d.safeCast("'2024-02-30'", "DATE"))).toBeNull();
    expect(await value(d.safeCast("'2024-03-04T10:00:00Z'", "DATE"))).toBeNull();
  });
  it("reads floats and writes strings", async () => {
    expect(await number(d.safeCast("'1.25'", "FLOAT64"))).toBe(1.25);
    expect(await value(d.safeCast("'x'", "FLOAT64"))).toBeNull();
    expect(await value(d.safeCast("12", "STRING"))).toBe("12");
  });
  it("casts with BigQuery's type names", async () => {
    const [row] = await rows(connection, `SELECT typeof(${d.cast("'2024-03-04T10:00:00Z'", "TIMESTAMP")}) AS t, typeof(${d.cast("'1'", "INT64")}) AS i, typeof(CAST(1 AS ${d.type("FLOAT64")})) AS f`);
    expect(row).toEqual({ t: "TIMESTAMP WITH TIME ZONE", i: "BIGINT", f: "DOUBLE" });
  });
});

describe("JSON scalars come out as BigQuery's JSON_VALUE gives them", () => {
  const person = `'{"name": "Jakob", "age": "6", "fruits": ["apple", "banana"], "nothing": null, "a": {"b": {"c": 42}}, "items": [{"k": 1}, {"k": 2}], "ok": true}'`;
  it("unquotes strings and reads nested paths and array elements", async () => {
    expect(await value(d.jsonValue(person, "$.name"))).toBe("Jakob");
    expect(await value(d.jsonValue(person, "$.age"))).toBe("6");
    expect(await value(d.jsonValue(person, "$.a.b.c"))).toBe("42");
    expect(await value(d.jsonValue(person, "$.items[1].k"))).toBe("2");
    expect(await value(d.jsonValue(person, "$.ok"))).toBe("true");
  });
  it("gives NULL for JSON null, a missing key, an object, an array and a NULL document", async () => {
    expect(await value(d.jsonValue(person, "$.nothing"))).toBeNull();
    expect(await value(d.jsonValue(person, "$.missing"))).toBeNull();
    expect(await value(d.jsonValue(person, "$.a"))).toBeNull();
    expect(await value(d.jsonValue(person, "$.fruits"))).toBeNull();
    expect(await value(d.jsonValue("CAST(NULL AS VARCHAR)", "$.name"))).toBeNull();
  });
  it("returns JSON text with JSON_QUERY, quotes kept", async () => {
    expect(await value(d.jsonQuery(person, "$.name"))).toBe('"Jakob"');
    expect(await value(d.jsonQuery(person, "$.fruits"))).toBe('["apple","banana"]');
    expect(await value(d.jsonQuery(person, "$.missing"))).toBeNull();
  });
});

describe("JSON arrays come out as BigQuery's JSON_QUERY_ARRAY and JSON_VALUE_ARRAY give them", () => {
  it("gives each element's JSON text", async () => {
    expect(await value(d.jsonQueryArray("'[1, 2, 3]'", "$"))).toEqual(["1", "2", "3"]);
    expect(await value(d.jsonQueryArray(`'["apples", "oranges"]'`, "$"))).toEqual(['"apples"', '"oranges"']);
    expect(
      await value(d.jsonQueryArray(`'{"fruit": [{"apples": 5, "oranges": 10}, {"apples": 2, "oranges": 4}]}'`, "$.fruit")),
    ).toEqual(['{"apples":5,"oranges":10}', '{"apples":2,"oranges":4}']);
  });
  it("gives NULL when the path is not an array or is missing, and [] for an empty array", async () => {
    expect(await value(d.jsonQueryArray(`'{"a": "foo"}'`, "$.a"))).toBeNull();
    expect(await value(d.jsonQueryArray(`'{"a": "foo"}'`, "$.b"))).toBeNull();
    expect(await value(d.jsonQueryArray(`'{"a": "foo", "b": []}'`, "$.b"))).toEqual([]);
  });
  it("gives scalars unquoted, JSON null as NULL", async () => {
    expect(await value(d.jsonValueArray(`'{"fruits": ["apples", "oranges", "grapes"]}'`, "$.fruits"))).toEqual(["apples", "oranges", "grapes"]);
    expect(await value(d.jsonValueArray(`'["world", null, 1]'`, "$"))).toEqual(["world", null, "1"]);
    expect(await value(d.jsonValueArray(`'{"a": "foo", "b": []}'`, "$.b"))).toEqual([]);
  });
  it("gives NULL for arrays holding objects, non-arrays and missing paths", async () => {
    expect(await value(d.jsonValueArray(`'{"a": [{"b": "foo", "c": 1}, {"b": "bar", "c": 2}], "d": "baz"}'`, "$.a"))).toBeNull();
    expect(await value(d.jsonValueArray(`'{"a": [10, {"b": 20}]}'`, "$.a"))).toBeNull();
    expect(await value(d.jsonValueArray(`'{"a": "foo"}'`, "$"))).toBeNull();
    expect(await value(d.jsonValueArray(`'{"a": ["foo"]}'`, "$.b"))).toBeNull();
  });
});

describe("unnesting a JSON array gives one row per element with its offset", () => {
  const issues = `(VALUES
      (1, '{"labels": [{"name": "bug"}, {"name": "p1"}], "tags": ["a", "b"]}'),
      (2, '{"labels": [], "tags": []}'),
      (3, '{"labels": null}'),
      (4, '{}')
    ) AS issues(id, data)`;

  it("gives each object element with its zero-based position", async () => {
    const result = await rows(
      connection,
      `SELECT id, label_offset, ${d.jsonValue("label", "$.name")} AS name
       FROM ${issues} ${d.unnestJsonArray("issues.data", "$.labels", "label", { offset: "label_offset" })}
       ORDER BY id, label_offset`,
    );
    expect(result).toEqual([
      { id: 1, label_offset: "0", name: "bug" },
      { id: 1, label_offset: "1", name: "p1" },
    ]);
  });
  it("gives each scalar element, readable with jsonValue at $", async () => {
    const result = await rows(
      connection,
      `SELECT id, ${d.jsonValue("tag", "$")} AS tag FROM ${issues} ${d.unnestJsonArray("issues.data", "$.tags", "tag")} ORDER BY id, tag`,
    );
    expect(result).toEqual([
      { id: 1, tag: "a" },
      { id: 1, tag: "b" },
    ]);
  });
  it("keeps rows without elements when asked for an outer join", async () => {
    const result = await rows(
      connection,
      `SELECT id, ${d.jsonValue("label", "$.name")} AS name
       FROM ${issues} ${d.unnestJsonArray("issues.data", "$.labels", "label", { outer: true })}
       ORDER BY id, name`,
    );
    expect(result).toEqual([
      { id: 1, name: "bug" },
      { id: 1, name: "p1" },
      { id: 2, name: null },
      { id: 3, name: null },
      { id: 4, name: null },
    ]);
  });
  it("unnests a plain array into a column named by the alias, not a struct", async () => {
    const result = await rows(connection, `SELECT n, typeof(n) AS t FROM (SELECT 1) AS one ${d.unnest("[10, 20]", "n")} ORDER BY n`);
    expect(result).toEqual([
      { n: 10, t: "INTEGER" },
      { n: 20, t: "INTEGER" },
    ]);
  });
});

describe("date spines list every date from start to end", () => {
  it("generates the documented date arrays", async () => {
    expect(await value(d.generateDateArray("DATE '2016-10-05'", "DATE '2016-10-08'"))).toEqual(["2016-10-05", "2016-10-06", "2016-10-07", "2016-10-08"]);
    expect(await value(d.generateDateArray("DATE '2016-10-05'", "DATE '2016-10-09'", "2 DAY"))).toEqual(["2016-10-05", "2016-10-07", "2016-10-09"]);
    expect(await value(d.generateDateArray("DATE '2016-01-01'", "DATE '2016-12-31'", "2 MONTH"))).toEqual(["2016-01-01", "2016-03-01", "2016-05-01", "2016-07-01", "2016-09-01", "2016-11-01"]);
    expect(await value(d.generateDateArray("DATE '2016-10-05'", "DATE '2016-10-01'", "1 DAY"))).toEqual([]);
  });
  it("gives one row per Monday from the first to the last week, as DATEs", async () => {
    const weeks = `week_bounds AS (SELECT ${d.weekStart(ts("2024-01-03T10:00:00Z"))} AS first_week, ${d.weekStart(ts("2024-02-01T10:00:00Z"))} AS last_week)`;
    const result = await rows(
      connection,
      `WITH ${weeks}, spine AS ${d.dateSpine("(SELECT first_week FROM week_bounds)", "(SELECT last_week FROM week_bounds)", "1 WEEK", "week_start")}
       SELECT week_start, typeof(week_start) AS t FROM spine ORDER BY week_start`,
    );
    expect(result.map((r) => r.week_start)).toEqual(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29"]);
    expect(new Set(result.map((r) => r.t))).toEqual(new Set(["DATE"]));
  });
  it("gives quarters by a step of 1 QUARTER", async () => {
    const result = await rows(connection, `SELECT * FROM ${d.dateSpine("DATE '2024-01-01'", "DATE '2024-12-31'", "QUARTER", "quarter_start")}`);
    expect(result.map((r) => r.quarter_start)).toEqual(["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"]);
  });
});

describe("percentiles interpolate linearly and ignore NULLs (PERCENTILE_CONT)", () => {
  const x = "(VALUES (0), (3), (NULL), (1), (2)) AS t(x)";
  it("gives 0, 0.03, 1.5, 2.7 and 3 over [0, 3, NULL, 1, 2] as a window", async () => {
    const ps = [0, 0.01, 0.5, 0.9, 1];
    const [row] = await rows(connection, `SELECT ${ps.map((p, i) => `${d.percentileCont("x", p)} AS p${i}`).join(", ")} FROM ${x} LIMIT 1`);
    expect(Object.values(row).map(Number)).toEqual([0, 0.03, 1.5, 2.7, 3]);
  });
  it("computes per partition", async () => {
    const result = await rows(
      connection,
      `SELECT DISTINCT g, ${d.percentileCont("v", 0.5, "PARTITION BY g")} AS median
       FROM (VALUES ('a', 1), ('a', 2), ('a', 10), ('b', 4), ('b', 8)) AS t(g, v) ORDER BY g`,
    );
    expect(result).toEqual([
      { g: "a", median: 2 },
      { g: "b", median: 6 },
    ]);
  });
  it("gives the same numbers as an aggregate, and NULL for a group with no values", async () => {
    const result = await rows(
      connection,
      `SELECT g, ${d.percentileContAgg("v", 0.9)} AS p90, ${d.percentileContAgg("v", 0.5)} AS p50
       FROM (VALUES ('a', 0), ('a', 3), ('a', NULL), ('a', 1), ('a', 2), ('b', NULL)) AS t(g, v) GROUP BY g ORDER BY g`,
    );
    expect(result.map((r) => [r.g, r.p90 === null ? null : Number(r.p90), r.p50 === null ? null : Number(r.p50)])).toEqual([
      ["a", 2.7, 1.5],
      ["b", null, null],
    ]);
  });
});

describe("aggregates with BigQuery's names", () => {
  const flags = "(VALUES (TRUE), (FALSE), (NULL)) AS t(b)";
  it("ORs and ANDs booleans, skipping NULLs", async () => {
    const [row] = await rows(connection, `SELECT ${d.logicalOr("b")} AS any_true, ${d.logicalAnd("b")} AS all_true FROM ${flags}`);
    expect(row).toEqual({ any_true: true, all_true: false });
    const [nulls] = await rows(connection, `SELECT ${d.logicalOr("b")} AS o FROM (VALUES (CAST(NULL AS BOOLEAN))) AS t(b)`);
    expect(nulls.o).toBeNull();
  });
  it("fingerprints a group's texts in their order, whatever the rows' order, '' for no rows", async () => {
    // MD5 of "a|b" by Python's hashlib.md5(b"a|b").hexdigest(); BigQuery's TO_HEX(MD5(…)) is lower-case hex too
    const [row] = await rows(connection, `SELECT ${d.fingerprintAgg("x")} AS f FROM (VALUES ('b'), ('a')) AS t(x)`);
    expect(row.f).toBe("d0726241020676b14aa6298ce6a18b21");
    const [empty] = await rows(connection, `SELECT ${d.fingerprintAgg("x")} AS f FROM (VALUES ('a')) AS t(x) WHERE false`);
    expect(empty.f).toBe("");
  });
  it("takes the value from the row with the greatest or least key, even a NULL value, keys NULL last", async () => {
    const data = "(VALUES ('a', 1), (NULL, 3), ('c', NULL), ('b', 2)) AS t(x, y)";
    const [row] = await rows(connection, `SELECT ${d.argMax("x", "y")} AS newest, ${d.argMin("x", "y")} AS oldest FROM ${data}`);
    expect(row).toEqual({ newest: null, oldest: "a" });
  });
});

describe("regular expressions follow BigQuery's REGEXP_* rules", () => {
  it("extracts the capture group, or the whole match without one", async () => {
    expect(await value(d.regexpExtract("'foo@example.com'", "^[a-zA-Z0-9_.+-]+"))).toBe("foo");
    expect(await value(d.regexpExtract("'foo@example.com'", "^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\\.([a-zA-Z0-9-.]+$)"))).toBe("com");
    expect(await value(d.regexpExtract("'ab'", ".b"))).toBe("ab");
    expect(await value(d.regexpExtract("'ab'", "(.)b"))).toBe("a");
    expect(await value(d.regexpExtract("'xyztb'", "(.)+b"))).toBe("t");
  });
  it("gives NULL when nothing matches", async () => {
    expect(await value(d.regexpExtract("'svc-api'", "^team-(.*)"))).toBeNull();
    expect(await value(d.regexpExtract("NULL", "(.)"))).toBeNull();
  });
  it("tests for a match anywhere in the string", async () => {
    expect(await value(d.regexpContains("'foo@example.com'", "@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+"))).toBe(true);
    expect(await value(d.regexpContains("'www.example.net'", "@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+"))).toBe(false);
    expect(await value(d.regexpContains("'it''s'", "'s$"))).toBe(true);
  });
  it("replaces every match, with \\1 for a group", async () => {
    expect(await value(d.regexpReplace("'aXbXc'", "X", "-"))).toBe("a-b-c");
    expect(await value(d.regexpReplace("'# Heading'", "^# ([a-zA-Z0-9\\s]+$)", "<h1>\\1</h1>"))).toBe("<h1>Heading</h1>");
  });
});

describe("NULL and zero are handled as BigQuery handles them", () => {
  it("divides safely: NULL for a zero divisor, a float otherwise", async () => {
    expect(await value(d.safeDivide("1", "0"))).toBeNull();
    expect(await value(d.safeDivide("0", "0"))).toBeNull();
    expect(await value(d.safeDivide("NULL", "1"))).toBeNull();
    expect(await number(d.safeDivide("1", "2"))).toBe(0.5);
  });
  it("concatenates to NULL when any part is NULL", async () => {
    expect(await value(d.concat("'a'", "NULL"))).toBeNull();
    expect(await value(d.concat("'a'", "'b'", "'c'"))).toBe("abc");
  });
  it("takes GREATEST and LEAST as NULL when any argument is NULL", async () => {
    expect(await value(d.greatest("1", "NULL"))).toBeNull();
    expect(await value(d.least("NULL", "1"))).toBeNull();
    expect(await number(d.greatest("1", "3", "2"))).toBe(3);
    expect(await number(d.least("4", "2"))).toBe(2);
  });
});

describe("date and time arithmetic", () => {
  it("adds and subtracts intervals to timestamps", async () => {
    expect(await value(d.tsAdd(ts("2024-03-09T12:00:00Z"), "2", "DAY"))).toBe("2024-03-11 12:00:00+00");
    expect(await value(d.tsAdd(ts("2024-03-09T12:00:00Z"), "-90", "MINUTE"))).toBe("2024-03-09 10:30:00+00");
    expect(await value(d.tsAdd(ts("2024-03-09T12:00:00Z"), "2 * -3600", "SECOND"))).toBe("2024-03-09 10:00:00+00");
  });
  it("adds days to dates and clamps months to their last day", async () => {
    expect(await value(d.dateAdd(date("2008-12-25"), "5", "DAY"))).toBe("2008-12-30");
    expect(await value(d.dateAdd(date("2024-01-31"), "1", "MONTH"))).toBe("2024-02-29");
    expect(await value(d.dateAdd(date("2024-03-11"), "-1", "WEEK"))).toBe("2024-03-04");
  });
  it("gives UNIX seconds and today's date in UTC", async () => {
    expect(await number(d.unixSeconds(ts("2008-12-25 15:30:00+00")))).toBe(1230219000);
    const [row] = await rows(connection, `SELECT ${d.currentDate()} = CAST(${d.currentTimestamp()} AS DATE) AS same, typeof(${d.currentDate()}) AS t`);
    expect(row).toEqual({ same: true, t: "DATE" });
  });
  it("selects every column but some", async () => {
    const [row] = await rows(connection, `SELECT ${d.starExcept(["b"])} FROM (SELECT 1 AS a, 2 AS b, 3 AS c)`);
    expect(row).toEqual({ a: 1, c: 3 });
  });
});

describe("script variables", () => {
  it("hold a query's value, of the declared type, null until set, for the statements after them", async () => {
    const watermark = `SELECT max(extracted_at) FROM (SELECT ${ts("2024-03-09T12:00:00Z")} AS extracted_at UNION ALL SELECT ${ts("2024-03-10T00:00:00Z")}) AS raw`;
    await connection.run(d.declareVariable("newest_kept", "TIMESTAMP", watermark));
    await connection.run(d.declareVariable("newest_left", "INT64"));
    expect(await rows(connection, `SELECT CAST(${d.variable("newest_kept")} AS VARCHAR) AS kept, typeof(${d.variable("newest_kept")}) AS t, ${d.variable("newest_left")} AS left_value`)).toEqual([
      { kept: "2024-03-10 00:00:00+00", t: "TIMESTAMP WITH TIME ZONE", left_value: null },
    ]);
    await connection.run(d.setVariable("newest_left", "SELECT 2 + 3"));
    expect(await rows(connection, `SELECT n FROM range(10) AS r(n) WHERE n >= ${d.variable("newest_left")}`)).toHaveLength(5);
  });
  it("refuse a name that is not a plain identifier", () => {
    expect(() => d.variable("x; drop table t")).toThrow(/dialect.variable: .* is not a plain/);
  });
});
