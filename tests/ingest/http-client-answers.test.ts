/**
 * What the HTTP client makes of each kind of answer from a stub API on loopback: the one-line error
 * of every refused status (with and without the upstream's reason), the bound on retries, network
 * failures, allowed statuses, the request it sends (query, body, headers), and answers without a body.
 * tests/ingest/http-client.test.ts covers retries, rate limits and concurrency.
 */
import { afterEach, describe, expect, it } from "vitest";
import { HttpClient } from "../../ingest/http/client.ts";
import { SourceError } from "../../ingest/protocol/errors.ts";
import { json, startStub } from "./stub-server.ts";

const stubs: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((stub) => stub.close()));
});

const clientOf = (baseUrl: string, options: { maxRetries?: number; timeoutMs?: number } = {}) =>
  new HttpClient({ source: "pagerduty", baseUrl, concurrency: 1, backoffBaseMs: 1, maxRetries: options.maxRetries ?? 2, timeoutMs: options.timeoutMs, headers: async () => ({ authorization: "Token token=secret" }) });

async function stubbed(handler: Parameters<typeof startStub>[0], options: { maxRetries?: number; timeoutMs?: number } = {}) {
  const stub = await startStub(handler);
  stubs.push(stub);
  return { stub, client: clientOf(stub.url, options) };
}

async function failure(promise: Promise<unknown>): Promise<{ message: string; type: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceError) return { message: error.message, type: error.failureType };
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("a refused request", () => {
  const refusal = async (status: number, body: unknown) => {
    const { client } = await stubbed((_request, response) => json(response, status, body), { maxRetries: 0 });
    return failure(client.request("/incidents"));
  };

  it("names the status with the upstream's reason, or the status's own name when it gives none", async () => {
    expect(await refusal(401, { error: { message: "Invalid token" } })).toEqual({ message: "pagerduty: GET /incidents: 401 Invalid token: the token was refused", type: "config_error" });
    expect(await refusal(401, {})).toEqual({ message: "pagerduty: GET /incidents: 401 Unauthorized: the token was refused", type: "config_error" });
    expect(await refusal(403, {})).toEqual({ message: "pagerduty: GET /incidents: 403 Forbidden: the token lacks permission", type: "config_error" });
    expect(await refusal(404, { message: "No such service" })).toEqual({ message: "pagerduty: GET /incidents: 404 No such service: check the configured name and the token's access", type: "config_error" });
    expect(await refusal(404, [])).toEqual({ message: "pagerduty: GET /incidents: 404 Not Found: check the configured name and the token's access", type: "config_error" });
  });

  it("keeps the upstream's reason to its first line of at most 200 characters", async () => {
    expect((await refusal(400, { message: "first line\nsecond line" })).message).toBe("pagerduty: GET /incidents: 400 first line");
    expect((await refusal(400, { message: "x".repeat(250) })).message).toBe(`pagerduty: GET /incidents: 400 ${"x".repeat(200)}`);
    expect((await refusal(400, { message: 42 })).message).toBe("pagerduty: GET /incidents: 400");
  });

  it("is a system error for another 4xx and a transient one for a 5xx, with the reason when there is one", async () => {
    expect(await refusal(422, { message: "Invalid Input" })).toEqual({ message: "pagerduty: GET /incidents: 422 Invalid Input", type: "system_error" });
    expect(await refusal(400, "not an object")).toEqual({ message: "pagerduty: GET /incidents: 400", type: "system_error" });
    expect(await refusal(500, { message: "Oops" })).toEqual({ message: "pagerduty: GET /incidents: 500 Oops", type: "transient_error" });
    expect(await refusal(501, {})).toEqual({ message: "pagerduty: GET /incidents: 501", type: "transient_error" });
  });

  it("without a JSON body (a proxy's HTML page) gives the status alone, or its name", async () => {
    const { client } = await stubbed((request, response) => {
      response.writeHead(request.url === "/missing" ? 404 : 422, { "content-type": "text/html" });
      response.end("<html><body>Bad things</body></html>");
    }, { maxRetries: 0 });
    expect(await failure(client.request("/missing"))).toEqual({ message: "pagerduty: GET /missing: 404 Not Found: check the configured name and the token's access", type: "config_error" });
    expect(await failure(client.request("/form"))).toEqual({ message: "pagerduty: GET /form: 422", type: "system_error" });
  });

  it("with a status the caller allows comes back with its JSON body, or none when it is not JSON", async () => {
    const { client } = await stubbed((request, response) => {
      if (request.url.startsWith("/text")) {
        response.writeHead(request.url.endsWith("status=400") ? 400 : 404);
        return response.end("gone");
      }
      json(response, 404, { errorMessages: ["Issue does not exist"] });
    });
    expect((await client.request("/json", { allow: [404] })).body).toEqual({ errorMessages: ["Issue does not exist"] });
    const text = await client.request("/text", { allow: [404] });
    expect([text.status, text.body]).toEqual([404, undefined]);
    const bad = await client.request("/text?status=400", { allow: [400] });
    expect([bad.status, bad.body]).toEqual([400, undefined]);
  });
});

describe("retries", () => {
  it("stop after the configured number, naming it and the last failure", async () => {
    const { stub, client } = await stubbed((_request, response) => json(response, 502, { message: "Bad Gateway" }), { maxRetries: 2 });
    expect(await failure(client.request("/x"))).toEqual({ message: "pagerduty: GET /x: 502 Bad Gateway", type: "transient_error" });
    expect(stub.requests).toHaveLength(3);
  });

  it("of a connection that keeps dropping stop with its error code", async () => {
    const { stub, client } = await stubbed((_request, response) => response.socket!.destroy(), { maxRetries: 1 });
    expect(await failure(client.request("/x"))).toEqual({ message: "pagerduty: GET /x: ECONNRESET after 1 retries", type: "transient_error" });
    expect(stub.requests).toHaveLength(2);
  });

  it("of a rate limit that does not end stop with one line", async () => {
    const { stub, client } = await stubbed((_request, response) => json(response, 429, { error: { message: "Rate Limit Exceeded" } }), { maxRetries: 1 });
    expect(await failure(client.request("/x"))).toEqual({ message: "pagerduty: GET /x: still rate limited after 1 retries", type: "transient_error" });
    expect(stub.requests).toHaveLength(2);
  });

  it("of a rate limit without a hint back off exponentially from the configured delay, saying how long", async () => {
    const stub = await startStub((_request, response) => (stub.requests.length <= 2 ? json(response, 429, {}) : json(response, 200, { ok: true })));
    stubs.push(stub);
    const log: string[] = [];
    const client = new HttpClient({ source: "pagerduty", baseUrl: stub.url, concurrency: 1, backoffBaseMs: 600, headers: async () => ({}), log: (line) => log.push(line) });
    expect((await client.request("/x")).body).toEqual({ ok: true });
    // 600 ms, then 1,200 ms: whole seconds rounded up
    expect(log).toEqual(["pagerduty: rate limited on GET /x; waiting 1 s", "pagerduty: rate limited on GET /x; waiting 2 s"]);
    expect(stub.requests).toHaveLength(3);
  });

  it("of an API that does not answer say it timed out", async () => {
    const { client } = await stubbed(() => undefined, { maxRetries: 0, timeoutMs: 200 });
    expect(await failure(client.request("/slow"))).toEqual({ message: "pagerduty: GET /slow: timed out after 0 retries", type: "transient_error" });
  });

  it("of an API that cannot be reached stop with the connection's error code", async () => {
    const closed = await startStub(() => undefined);
    await closed.close();
    expect(await failure(clientOf(closed.url, { maxRetries: 0 }).request("/x"))).toEqual({ message: "pagerduty: GET /x: ECONNREFUSED after 0 retries", type: "transient_error" });
  });
});

describe("the request", () => {
  it("joins the base URL and path once, adds the query (a list as repeated keys, undefined left out), and sends a body as JSON", async () => {
    const stub = await startStub((_request, response) => json(response, 200, { ok: true }));
    stubs.push(stub);
    const client = clientOf(`${stub.url}/`);
    await client.request("/incidents", { query: { limit: 100, "statuses[]": ["triggered", "resolved"], since: undefined } });
    await client.request("/incidents/P1/notes", { method: "POST", body: { note: { content: "x" } } });
    await client.request(`${stub.url}/absolute?page=2`);
    // no ETag stored: no If-None-Match
    expect(stub.requests.map((r) => [r.method, r.url, r.headers["content-type"], r.body, r.headers.authorization, r.headers["if-none-match"]])).toEqual([
      ["GET", "/incidents?limit=100&statuses%5B%5D=triggered&statuses%5B%5D=resolved", undefined, "", "Token token=secret", undefined],
      ["POST", "/incidents/P1/notes", "application/json", '{"note":{"content":"x"}}', "Token token=secret", undefined],
      ["GET", "/absolute?page=2", undefined, "", "Token token=secret", undefined],
    ]);
    expect(client.url("/a", { q: "1" })).toBe(`${stub.url}/a?q=1`);
    // a path whose query holds a URL is still a path
    expect(client.url("/search/issues?q=https://example.com")).toBe(`${stub.url}/search/issues?q=https://example.com`);
  });

  it("hands back an empty answer as no body, with the answer's ETag", async () => {
    const { client } = await stubbed((_request, response) => {
      response.writeHead(200, { etag: '"e1"' });
      response.end();
    });
    const answer = await client.request("/empty");
    expect([answer.status, answer.body, answer.etag]).toEqual([200, undefined, '"e1"']);
  });
});
