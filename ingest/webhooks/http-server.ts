import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookRequest, WebhookResponse } from "./handler.ts";

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves the handler on 127.0.0.1 (or `host`). Bodies are read up to `maxBodyBytes`: a larger one is
 * answered 413 as soon as it passes the limit, without buffering the rest.
 */
export async function serveWebhooks(
  handle: (request: WebhookRequest) => Promise<WebhookResponse>,
  options: { port: number; host?: string; maxBodyBytes: number; log?: (line: string) => void },
): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const send = (response: WebhookResponse) => {
      res.writeHead(response.status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(response.body));
    };
    readBody(req, options.maxBodyBytes)
      .then((body) => {
        if (body === "too large") {
          res.setHeader("connection", "close");
          send({ status: 413, body: { status: "rejected", message: `body over ${options.maxBodyBytes} bytes` } });
          return;
        }
        const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(",") : value]));
        const path = new URL(req.url ?? "/", "http://localhost").pathname;
        return handle({ method: req.method ?? "GET", path, headers, body }).then(send);
      })
      .catch((error: unknown) => {
        // the delivery is not acknowledged: the sender retries it
        options.log?.(`webhook not landed: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) send({ status: 500, body: { status: "error", message: "not landed, retry" } });
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

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too large"> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > limit) {
      req.resume();
      resolve("too large");
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        resolve("too large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
