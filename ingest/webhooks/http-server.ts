import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookHandler, WebhookResponse } from "./handler.ts";

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export interface ServeOptions {
  port: number;
  host?: string;
  maxBodyBytes: number;
  /** Bytes of bodies being read or handled at once (declared length, or the size limit when not declared); a body that would pass it gets 503. */
  bodiesInFlightBytes?: number;
  /** A body not complete this long after its headers gets 408. */
  bodyTimeoutMs?: number;
  log?: (line: string) => void;
}

/** Room for a dozen bodies of the default 5 MiB limit, and for thousands of ordinary deliveries (a few KiB each). */
export const DEFAULT_BODIES_IN_FLIGHT_BYTES = 64 * 1024 * 1024;
/** GitHub gives up on a delivery after 10 s; a body slower than that is not a sender waiting for our answer. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

const rejected = (status: number, message: string): WebhookResponse => ({ status, body: { status: "rejected", message } });

/**
 * Serves the handler on 127.0.0.1 (or `host`). What the headers alone decide (path, method, declared
 * size, missing or malformed credentials, a wrong bearer token) is answered before any of the body
 * is read, and the connection closed. Bodies are then read within a budget of bytes in flight and a
 * time limit; one over the size limit is answered 413 as soon as it passes it.
 */
export async function serveWebhooks(handle: WebhookHandler, options: ServeOptions): Promise<RunningServer> {
  const budget = Math.max(options.bodiesInFlightBytes ?? DEFAULT_BODIES_IN_FLIGHT_BYTES, options.maxBodyBytes);
  const timeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  let inFlight = 0;

  const server = createServer((req, res) => {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(",") : value]));
    const head = { method: req.method ?? "GET", path: new URL(req.url ?? "/", "http://localhost").pathname, headers };
    const refused = handle.screen(head);
    if (refused) return refuse(res, refused);
    const declared = Number(headers["content-length"]);
    const reserved = Number.isInteger(declared) && declared >= 0 ? declared : options.maxBodyBytes;
    if (inFlight + reserved > budget) {
      res.setHeader("retry-after", "1");
      return refuse(res, { status: 503, body: { status: "busy", message: "too many bodies in flight, retry" } });
    }
    inFlight += reserved;
    // released once the answer is sent or the connection is gone: the body is held until then
    res.once("close", () => (inFlight -= reserved));
    readBody(req, options.maxBodyBytes, timeoutMs)
      .then((body) => {
        if (body === "too large") return refuse(res, rejected(413, `body over ${options.maxBodyBytes} bytes`));
        if (body === "too slow") return refuse(res, rejected(408, `body not received within ${timeoutMs / 1000} s`));
        return handle({ ...head, body }).then((response) => send(res, response));
      })
      .catch((error: unknown) => {
        // the delivery is not acknowledged: the sender retries it
        options.log?.(`webhook not landed: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) send(res, { status: 500, body: { status: "error", message: "not landed, retry" } });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(new Error(`webhooks: cannot listen on port ${options.port} (${error.code ?? error.message})`)));
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, response: WebhookResponse): void {
  res.writeHead(response.status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(response.body));
}

/** Answers without reading (the rest of) the body, and closes the connection once the answer is out. */
function refuse(res: ServerResponse, response: WebhookResponse): void {
  res.setHeader("connection", "close");
  send(res, response);
}

function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer | "too large" | "too slow"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (outcome: "too large" | "too slow") => {
      clearTimeout(timer);
      req.removeAllListeners("data");
      chunks.length = 0;
      resolve(outcome);
    };
    const timer = setTimeout(() => stop("too slow"), timeoutMs);
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return stop("too large");
      chunks.push(chunk);
    });
    req.on("end", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
