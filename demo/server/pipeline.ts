import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Faults } from "./faults.ts";
import type { ApiRequest, ApiResponse } from "./router.ts";
import type { Surface } from "./surface.ts";

export interface PipelineOptions {
  surfaces: Surface[];
  faults: Faults;
  malformed: boolean;
  /** The server's own base URL, for absolute request URLs in Link headers. */
  baseUrl: string;
  counts: Map<string, number>;
}

/**
 * One request through the simulated services: count it, check the token, enforce any pending
 * rate-limit wait, maybe inject a fault, run the route, then ETag/304, rate-limit headers and the
 * malformed-body and dropped-connection switches.
 */
export async function handle(options: PipelineOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", options.baseUrl);
  const method = req.method ?? "GET";
  const surface = options.surfaces.find((s) => url.pathname === s.prefix || url.pathname.startsWith(`${s.prefix}/`));
  if (!surface) {
    send(res, { status: 404, body: { message: "Not Found" } }, {});
    return;
  }
  const path = url.pathname.slice(surface.prefix.length) || "/";
  const match = surface.router.match(method, path);
  const route = match ? `${method} ${match.route.pattern}` : `${method} ${path}`;
  options.counts.set(route, (options.counts.get(route) ?? 0) + 1);
  const rawBody = await readBody(req);

  const denied = surface.checkAuth(req.headers);
  if (denied) {
    send(res, denied, surface.baseHeaders);
    return;
  }

  // checking the quota (GET /rate_limit) is always allowed and never faulted, as on GitHub
  const exempt = surface.free.has(route);
  if (!exempt && options.faults.checkBlocked(surface.api, route, Date.now())) {
    send(res, surface.stillLimited(route, options.faults.blockedUntilMs(surface.api)), surface.baseHeaders);
    return;
  }

  const fault = exempt ? undefined : options.faults.draw(`${surface.api} ${method} ${url.pathname}${url.search}`);
  if (fault && fault !== "dropped_connection") {
    const { response, blockUntil } = surface.fault(fault, route, options.faults.waitSeconds());
    if (blockUntil !== undefined) options.faults.block(surface.api, blockUntil);
    const spend = response.status >= 500;
    send(res, response, { ...surface.baseHeaders, ...surface.rateHeaders(route, spend) });
    return;
  }

  const overBudget = exempt ? undefined : surface.overBudget?.(route);
  if (overBudget) {
    send(res, overBudget, surface.baseHeaders);
    return;
  }

  let response: ApiResponse;
  if (!match) {
    response = surface.notFound();
  } else {
    let body: unknown;
    try {
      body = rawBody.length > 0 ? JSON.parse(rawBody) : undefined;
    } catch {
      send(res, surface.badRequestBody(), surface.baseHeaders);
      return;
    }
    const request: ApiRequest = { method, path, params: match.params, query: url.searchParams, headers: req.headers, body, url };
    try {
      response = match.route.handler(request);
    } catch (error) {
      response = { status: 500, body: { message: `demo server error: ${error instanceof Error ? error.message : String(error)}` } };
    }
  }

  const text = response.body === undefined ? "" : JSON.stringify(response.body);
  const headers: Record<string, string> = { ...surface.baseHeaders, ...response.headers };
  if (surface.etags && method === "GET" && response.status === 200) {
    // over the body as if served from one origin, as GitHub's are: a demo server on another port (the
    // night before's, a restarted one) gives an unchanged resource the same ETag
    const etag = `"${createHash("sha1").update(text.replaceAll(options.baseUrl, "")).digest("hex")}"`;
    headers.etag = etag;
    if (matchesEtag(req.headers["if-none-match"], etag)) {
      // a 304 does not count against the rate limit
      res.writeHead(304, { ...headers, ...(surface.notModified?.(route) ?? surface.rateHeaders(route, false)) });
      res.end();
      return;
    }
  }
  Object.assign(headers, surface.rateHeaders(route, !exempt, response.cost));

  if (fault === "dropped_connection") {
    // the headers promise the whole body; the socket closes half way through it
    res.writeHead(response.status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(text)) });
    res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
    return;
  }
  if (options.malformed && route === surface.malformedRoute && response.status === 200) {
    send(res, response, headers, text.slice(0, Math.floor(text.length / 2)));
    return;
  }
  send(res, response, headers, text);
}

function send(res: ServerResponse, response: ApiResponse, headers: Record<string, string>, text?: string): void {
  const body = text ?? (response.body === undefined ? "" : JSON.stringify(response.body));
  res.writeHead(response.status, {
    ...headers,
    ...response.headers,
    ...(body.length > 0 ? { "content-type": "application/json; charset=utf-8" } : {}),
    "content-length": String(Buffer.byteLength(body)),
  });
  res.end(body);
}

function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const values = (Array.isArray(header) ? header.join(",") : header).split(",").map((v) => v.trim().replace(/^W\//, ""));
  return values.includes(etag) || values.includes("*");
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
