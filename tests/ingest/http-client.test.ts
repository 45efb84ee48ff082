import { afterEach, describe, expect, it } from "vitest";
import { GitHubApi } from "../../ingest/github/api.ts";
import { HttpClient } from "../../ingest/http/client.ts";
import { SourceError } from "../../ingest/protocol/errors.ts";
import { json, startStub } from "./stub-server.ts";

const TOKEN = "ghp_secretTokenThatMustNeverLeak";
const stubs: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((stub) => stub.close()));
});

async function stubbed(handler: Parameters<typeof startStub>[0], log?: (line: string) => void) {
  const stub = await startStub(handler);
  stubs.push(stub);
  const client = new HttpClient({
    log,
    source: "github",
    baseUrl: stub.url,
    concurrency: 2,
    backoffBaseMs: 10,
    maxRetries: 4,
    headers: async () => ({ authorization: `Bearer ${TOKEN}` }),
  });
  return { stub, client };
}

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("the HTTP client", () => {
  it("retries a 502 and a dropped connection, then returns the answer", async () => {
    let calls = 0;
    const { stub, client } = await stubbed((_request, response) => {
      calls++;
      if (calls === 1) return json(response, 502, { message: "Bad Gateway" });
      if (calls === 2) return response.socket!.destroy();
      json(response, 200, { ok: true });
    });
    const answer = await client.request<{ ok: boolean }>("/thing");
    expect(answer.body).toEqual({ ok: true });
    expect(stub.requests).toHaveLength(3);
    expect(client.requestCount).toBe(3);
  });

  it("sends nothing before a retry-after expires, for any request of the client", async () => {
    let limited = false;
    const logged: string[] = [];
    const { stub, client } = await stubbed((request, response) => {
      if (request.url === "/limited" && !limited) {
        limited = true;
        return json(response, 403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "1" });
      }
      json(response, 200, { url: request.url });
    }, (line) => logged.push(line));
    const limitedCall = client.request("/limited");
    // asked while the client is waiting out the retry-after of another request: once it has read the 403
    while (!logged.some((line) => line.includes("rate limited"))) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([limitedCall, client.request("/other")]);
    const first = stub.requests[0]!;
    const retry = stub.requests.find((request, i) => i > 0 && request.url === "/limited");
    const other = stub.requests.find((request) => request.url === "/other");
    expect(retry!.at - first.at).toBeGreaterThanOrEqual(1000);
    expect(other!.at - first.at).toBeGreaterThanOrEqual(1000);
  });

  it("honours a retry-after on a 503 too", async () => {
    let calls = 0;
    const { stub, client } = await stubbed((_request, response) => {
      calls++;
      if (calls === 1) return json(response, 503, { message: "Service Unavailable" }, { "retry-after": "1" });
      json(response, 200, {});
    });
    await client.request("/x");
    expect(stub.requests[1]!.at - stub.requests[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it("sends nothing before GitHub's announced x-ratelimit-reset when the primary limit is spent", async () => {
    let reset = 0;
    const logged: string[] = [];
    const { stub, client } = await stubbed((request, response) => {
      if (reset === 0) {
        // GitHub's primary limit on REST: a 403, no retry-after, the quota's reset in epoch seconds a few seconds ahead
        reset = Math.ceil(Date.now() / 1000) + 3;
        return json(response, 403, { message: "API rate limit exceeded for user ID 1." }, { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) });
      }
      json(response, 200, { url: request.url });
    }, (line) => logged.push(line));
    const limitedCall = client.request("/repos/acme/api/deployments");
    // another request of the same client, asked while it waits: once the client has read the 403 (it logs the
    // wait), not merely once the stub has sent it, which under load the client may not have seen yet
    while (!logged.some((line) => line.includes("rate limited"))) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([limitedCall, client.request("/repos/acme/web/deployments")]);
    const after = stub.requests.slice(1);
    expect(after.map((request) => request.url).sort()).toEqual(["/repos/acme/api/deployments", "/repos/acme/web/deployments"]);
    for (const request of after) expect(request.at, request.url).toBeGreaterThanOrEqual(reset * 1000);
  });

  it("waits for PagerDuty's ratelimit-reset", async () => {
    let calls = 0;
    const { stub, client } = await stubbed((_request, response) => {
      calls++;
      if (calls === 1) return json(response, 429, { error: { message: "Rate Limit Exceeded", code: 2020 } }, { "ratelimit-reset": "1" });
      json(response, 200, {});
    });
    await client.request("/x");
    expect(stub.requests).toHaveLength(2);
    expect(stub.requests[1]!.at - stub.requests[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it("waits out GitHub GraphQL's rate limit, which answers 200 with a RATE_LIMITED error", async () => {
    let calls = 0;
    const { stub, client } = await stubbed((_request, response) => {
      calls++;
      if (calls === 1) {
        return json(response, 200, { errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] }, {
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000)),
        });
      }
      json(response, 200, { data: { ok: true } });
    });
    const answer = await client.request<{ data: { ok: boolean } }>("/graphql", { method: "POST", body: { query: "{ ok }" } });
    expect(answer.body.data.ok).toBe(true);
    expect(stub.requests).toHaveLength(2);
    expect(stub.requests[1]!.body).toBe(JSON.stringify({ query: "{ ok }" }));
  });

  it("stops on a refused token with one line naming the source and the endpoint, never the token", async () => {
    const { client } = await stubbed((_request, response) => json(response, 401, { message: "Bad credentials" }));
    const error = await failure(client.request("/repos/acme/api/actions/runs", { query: { per_page: 100 } }));
    expect(error.failureType).toBe("config_error");
    expect(error.message).toBe("github: GET /repos/acme/api/actions/runs: 401 Bad credentials: the token was refused");
    expect(error.message).not.toContain(TOKEN);
  });

  it("names a missing permission as such", async () => {
    const { client } = await stubbed((_request, response) => json(response, 403, { message: "Resource not accessible by integration" }));
    const error = await failure(client.request("/repos/acme/api/deployments"));
    expect(error.message).toBe("github: GET /repos/acme/api/deployments: 403 Resource not accessible by integration: the token lacks permission");
  });

  it("names the URL of a malformed body", async () => {
    const { stub, client } = await stubbed((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"workflow_runs": [');
    });
    const error = await failure(client.request("/repos/acme/api/actions/runs"));
    expect(error.message).toBe(`github: malformed JSON in the response from ${stub.url}/repos/acme/api/actions/runs`);
  });

  it("gives up on a server that keeps failing, with a transient error", async () => {
    const { stub, client } = await stubbed((_request, response) => json(response, 503, { message: "down" }));
    const error = await failure(client.request("/x"));
    expect(error.failureType).toBe("transient_error");
    expect(stub.requests).toHaveLength(5); // the first try and 4 retries
  });

  it("sends the stored ETag and hands back a 304 without a body", async () => {
    const { stub, client } = await stubbed((request, response) => {
      if (request.headers["if-none-match"] === '"v1"') {
        response.writeHead(304);
        return response.end();
      }
      json(response, 200, [1, 2], { etag: '"v1"' });
    });
    const first = await client.request<number[]>("/list");
    const second = await client.request<number[]>("/list", { etag: first.etag });
    expect(first.etag).toBe('"v1"');
    expect(second.status).toBe(304);
    expect(second.body).toBeUndefined();
    // the 304 names no ETag: the stored one is still current
    expect(second.etag).toBe('"v1"');
    expect(stub.requests[1]!.headers["if-none-match"]).toBe('"v1"');
  });

  it("keeps at most the configured number of requests in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const { client } = await stubbed((_request, response) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        json(response, 200, {});
      }, 20);
    });
    await Promise.all(Array.from({ length: 8 }, (_, i) => client.request(`/item/${i}`)));
    expect(most).toBe(2);
  });
});

describe("GitHub's paging links", () => {
  const api = (baseUrl: string) =>
    new GitHubApi(new HttpClient({ source: "github", baseUrl, concurrency: 1, headers: async () => ({ authorization: `Bearer ${TOKEN}` }) }), `${baseUrl}/graphql`);
  const link = (url: string) => ({ link: `<${url}>; rel="next", <${url}>; rel="last"` });

  it("are followed on the API's own origin", async () => {
    const stub = await startStub((request, response) => (request.url.includes("page=2") ? json(response, 200, [2]) : json(response, 200, [1], link(`${stub.url}/items?page=2`))));
    stubs.push(stub);
    const items: number[] = [];
    for await (const item of api(stub.url).list<number[], number>("/items", {}, (page) => page)) items.push(item);
    expect(items).toEqual([1, 2]);
  });

  it("to another origin stop the sync with one line, and that origin never sees the token", async () => {
    const elsewhere = await startStub((_request, response) => json(response, 200, [2]));
    const stub = await startStub((_request, response) => json(response, 200, [1], link(`${elsewhere.url}/items?page=2`)));
    stubs.push(stub, elsewhere);
    const items: number[] = [];
    const error = await failure(
      (async () => {
        for await (const item of api(stub.url).list<number[], number>("/items", {}, (page) => page)) items.push(item);
      })(),
    );
    expect(error.message).toBe(`github: a next-page link points to ${elsewhere.url}, not the API's origin ${stub.url}: not followed, so the token stays there`);
    expect(items).toEqual([1]);
    expect(elsewhere.requests).toEqual([]);
  });
});
