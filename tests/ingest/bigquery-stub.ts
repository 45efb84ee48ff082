import { BigQuery } from "@google-cloud/bigquery";
import { json, startStub, type StubRequest } from "./stub-server.ts";

interface LoadJob {
  configuration: { load: Record<string, unknown> };
  rows: Array<Record<string, unknown>>;
}

/**
 * A BigQuery REST API stand-in, just enough for the real client: datasets, tables, multipart load jobs
 * (the NDJSON kept for inspection), job polling and a query over the appended state rows.
 */
export async function fakeBigQuery(options: { failLoadsInto?: string } = {}) {
  const datasets = new Set<string>();
  const tables = new Map<string, Record<string, unknown>>();
  const jobs = new Map<string, Record<string, unknown>>();
  const loads: LoadJob[] = [];
  const stub = await startStub((request: StubRequest, response) => {
    const url = new URL(request.url, "http://stub");
    const path = url.pathname;
    let match: RegExpExecArray | null;
    if ((match = /^\/bigquery\/v2\/projects\/p\/datasets\/([^/]+)$/.exec(path)) && request.method === "GET") {
      return datasets.has(match[1]!) ? json(response, 200, { datasetReference: { projectId: "p", datasetId: match[1] } }) : json(response, 404, { error: { code: 404, message: "Not found: Dataset" } });
    }
    if (path === "/bigquery/v2/projects/p/datasets" && request.method === "POST") {
      const body = JSON.parse(request.body);
      datasets.add(body.datasetReference.datasetId);
      return json(response, 200, body);
    }
    if ((match = /^\/bigquery\/v2\/projects\/p\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(path)) && request.method === "GET") {
      const table = tables.get(`${match[1]}.${match[2]}`);
      return table ? json(response, 200, table) : json(response, 404, { error: { code: 404, message: "Not found: Table" } });
    }
    if ((match = /^\/bigquery\/v2\/projects\/p\/datasets\/([^/]+)\/tables$/.exec(path)) && request.method === "POST") {
      const body = JSON.parse(request.body);
      tables.set(`${match[1]}.${body.tableReference.tableId}`, body);
      return json(response, 200, body);
    }
    // the client uploads below its endpoint, which BIGQUERY_EMULATOR_HOST sets to .../bigquery/v2
    if (path.endsWith("/upload/bigquery/v2/projects/p/jobs") && request.method === "POST") {
      const boundary = /boundary=([^;]+)/.exec(request.headers["content-type"]!)![1]!;
      const parts = request.body.split(`--${boundary}`).map((part) => part.split("\r\n\r\n").slice(1).join("\r\n\r\n").replace(/\r\n$/, ""));
      const metadata = JSON.parse(parts[1]!);
      const rows = parts[2]!.split("\n").filter(Boolean).map((line) => JSON.parse(line));
      loads.push({ configuration: metadata.configuration, rows });
      const destination = metadata.configuration.load.destinationTable.tableId;
      const job = {
        ...metadata,
        // as BigQuery reports a failed job: the fatal error, and the errors met on the way
        status:
          options.failLoadsInto === destination
            ? { state: "DONE", errorResult: { reason: "invalid", message: "Error while reading data" }, errors: [{ reason: "invalid", message: "JSON parsing error in row starting at position 0" }] }
            : { state: "DONE" },
      };
      jobs.set(metadata.jobReference.jobId, job);
      return json(response, 200, job);
    }
    if ((match = /^\/bigquery\/v2\/projects\/p\/jobs\/([^/]+)$/.exec(path)) && request.method === "GET") {
      return json(response, 200, jobs.get(match[1]!));
    }
    if (path === "/bigquery/v2/projects/p/queries" && request.method === "POST") {
      // the newest state row per stream, as the loader's query asks
      const latest = new Map<string, Record<string, unknown>>();
      for (const row of loads.filter((l) => (l.configuration.load.destinationTable as { tableId: string }).tableId === "_doraform_state").flatMap((l) => l.rows)) {
        latest.set(row.stream as string, row);
      }
      return json(response, 200, {
        jobComplete: true,
        jobReference: { projectId: "p", jobId: "q1" },
        schema: { fields: [{ name: "stream", type: "STRING" }, { name: "state", type: "STRING" }] },
        rows: [...latest.values()].map((row) => ({ f: [{ v: row.stream }, { v: row.state }] })),
        totalRows: String(latest.size),
      });
    }
    json(response, 404, { error: { code: 404, message: `stub has no ${request.method} ${path}` } });
  });
  const bigquery = new BigQuery({
    apiEndpoint: stub.url,
    projectId: "p",
    // no Google credentials here: a client that just adds a bearer header
    authClient: { getRequestHeaders: async () => new Headers({ authorization: "Bearer stub" }) } as never,
  });
  return { stub, bigquery, tables, loads };
}
