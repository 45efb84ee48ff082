import { BigQuery } from "@google-cloud/bigquery";
import { json, startStub, type StubRequest } from "../../ingest/stub-server.ts";
import { MARTS, type ColumnType, type MartName } from "../../../report/marts.ts";
import type { MartRows } from "../../../demo/warehouse/mart-file.ts";
import type { WritableTables } from "./bigquery-tables.ts";

/** Rows per page of query results, small so that every mart of a test organisation spans pages. */
export const PAGE_ROWS = 25;

type Row = Record<string, unknown>;
interface Field {
  name: string;
  type: ColumnType;
}

/**
 * A BigQuery REST API stand-in for the mart reader: jobs.query (`POST …/queries`) and
 * getQueryResults (`GET …/queries/{jobId}`), paged by pageToken, answering the reader's plain
 * selects over the given mart rows (where `col op ?` joined by and, order by columns) in BigQuery's
 * wire format: every value a string, TIMESTAMP as int64 microseconds when the client asks for it.
 * `polled`: jobs.query answers "not complete yet", so every result comes through getQueryResults.
 * `tables`: the tables the report writes itself, answered before the marts.
 */
export async function fakeBigQuery(marts: MartRows, options: { polled?: boolean; tables?: WritableTables } = {}) {
  const results = new Map<string, { fields: Field[]; rows: Row[]; int64Timestamps: boolean }>();
  const stub = await startStub((request: StubRequest, response) => {
    const url = new URL(request.url, "http://stub");
    if (request.method === "POST" && url.pathname === "/bigquery/v2/projects/p/queries") {
      const body = JSON.parse(request.body) as {
        query: string;
        queryParameters?: Array<{ parameterValue: { value: string } }>;
        formatOptions?: { useInt64Timestamp?: boolean };
      };
      let result: { fields: Field[]; rows: Row[] };
      try {
        const parameters = (body.queryParameters ?? []).map((p) => p.parameterValue.value);
        result = options.tables?.handle(body.query, parameters) ?? answer(marts, body.query, parameters);
      } catch (error) {
        // as BigQuery answers: the message once on its own and once in `errors`
        const { message } = error as Error;
        const notFound = message.startsWith("Not found");
        const reason = notFound ? "notFound" : "invalidQuery";
        return json(response, notFound ? 404 : 400, { error: { code: notFound ? 404 : 400, message, errors: [{ message, domain: "global", reason }] } });
      }
      const jobId = `job_${results.size + 1}`;
      results.set(jobId, { ...result, int64Timestamps: body.formatOptions?.useInt64Timestamp === true });
      const jobReference = { projectId: "p", jobId, location: "EU" };
      if (options.polled) return json(response, 200, { kind: "bigquery#queryResponse", jobReference, jobComplete: false });
      return json(response, 200, page(jobReference, results.get(jobId)!, 0));
    }
    const polled = /^\/bigquery\/v2\/projects\/p\/queries\/([^/]+)$/.exec(url.pathname);
    if (request.method === "GET" && polled && results.has(polled[1]!)) {
      const result = results.get(polled[1]!)!;
      const jobReference = { projectId: "p", jobId: polled[1], location: "EU" };
      const int64Timestamps = url.searchParams.get("formatOptions.useInt64Timestamp") === "true";
      return json(response, 200, page(jobReference, { ...result, int64Timestamps }, Number(url.searchParams.get("pageToken") ?? 0)));
    }
    json(response, 404, { error: { code: 404, message: `stub has no ${request.method} ${url.pathname}` } });
  });
  const bigquery = new BigQuery({
    apiEndpoint: stub.url,
    projectId: "p",
    // no Google credentials here: a client that just adds a bearer header
    authClient: { getRequestHeaders: async () => new Headers({ authorization: "Bearer stub" }) } as never,
  });
  return { stub, bigquery };
}

function page(jobReference: object, result: { fields: Field[]; rows: Row[]; int64Timestamps: boolean }, start: number) {
  const rows = result.rows.slice(start, start + PAGE_ROWS);
  const next = start + PAGE_ROWS < result.rows.length ? String(start + PAGE_ROWS) : undefined;
  return {
    kind: "bigquery#getQueryResultsResponse",
    jobReference,
    jobComplete: true,
    schema: { fields: result.fields.map((f) => ({ name: f.name, type: f.type === "BOOL" ? "BOOLEAN" : f.type, mode: "NULLABLE" })) },
    rows: rows.map((row) => ({ f: result.fields.map((f) => ({ v: wire(row[f.name], f.type, result.int64Timestamps) })) })),
    totalRows: String(result.rows.length),
    ...(next ? { pageToken: next } : {}),
  };
}

/** A value as BigQuery's REST API sends it. */
function wire(value: unknown, type: ColumnType, int64Timestamps: boolean): string | null {
  if (value === null || value === undefined) return null;
  if (type === "TIMESTAMP") {
    const ms = Date.parse(String(value));
    return int64Timestamps ? String(BigInt(ms) * 1000n) : String(ms / 1000);
  }
  return String(value);
}

const SELECT = /^select (\*|max\(`(\w+)`\) as `\w+`) from `(\w+)`\.`(\w+)`(?: where (.+?))?(?: order by (.+))?$/;
const CONDITION = /^`(\w+)` (>=|<=|=|<|>) (?:cast\(\? as (\w+)\)|\?)$/;

/** The reader's selects over the mart rows; anything else is an error, as an unknown query would be. */
function answer(marts: MartRows, query: string, parameters: string[]): { fields: Field[]; rows: Row[] } {
  const match = SELECT.exec(query);
  if (!match) throw new Error(`stub cannot answer: ${query}`);
  const [, , maxColumn, dataset, table, where, orderBy] = match;
  if (dataset !== "dora" || !(table! in MARTS)) throw new Error(`Not found: Table p:${dataset}.${table} was not found in location EU`);
  const columns = MARTS[table as MartName] as Record<string, ColumnType>;
  let rows = [...((marts[table as MartName] ?? []) as Row[])];
  let parameter = 0;
  for (const condition of where ? where.split(" and ") : []) {
    const c = CONDITION.exec(condition);
    if (!c) throw new Error(`stub cannot filter on: ${condition}`);
    const [, column, op] = c;
    const wanted = parameters[parameter++]!;
    const key = (v: unknown) => (columns[column!] === "TIMESTAMP" ? Date.parse(String(v)) : String(v));
    rows = rows.filter((row) => row[column!] !== null && row[column!] !== undefined && compare(key(row[column!]), key(wanted), op!));
  }
  for (const term of (orderBy ? orderBy.split(", ") : []).reverse()) {
    const [, column, desc] = /^`(\w+)`( desc)?$/.exec(term)!;
    const value = (row: Row) => (typeof row[column!] === "number" ? (row[column!] as number) : String(row[column!]));
    rows.sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * (desc ? -1 : 1));
  }
  if (maxColumn) {
    const values = rows.map((row) => String(row[maxColumn])).sort();
    return { fields: [{ name: maxColumn, type: columns[maxColumn]! }], rows: [{ [maxColumn]: values.at(-1) ?? null }] };
  }
  return { fields: Object.entries(columns).map(([name, type]) => ({ name, type })), rows };
}

function compare(a: string | number, b: string | number, op: string): boolean {
  return op === "=" ? a === b : op === ">=" ? a >= b : op === "<=" ? a <= b : op === "<" ? a < b : a > b;
}
