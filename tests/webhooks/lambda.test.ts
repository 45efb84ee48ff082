import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sign } from "@octokit/webhooks-methods";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DuckDbDeliveryWriter } from "../../ingest/webhooks/duckdb-writer.ts";
import { createWebhookHandler } from "../../ingest/webhooks/handler.ts";
import { lambdaAdapter, type HttpApiEvent } from "../../ingest/webhooks/lambda.ts";
import { CATALOG, DATASET, githubExamples, rawRows, SECRETS } from "./fixtures.ts";

let file: string;
let writer: DuckDbDeliveryWriter;
let closed = false;
beforeEach(async () => {
  file = join(mkdtempSync(join(tmpdir(), "doraform-lambda-")), "warehouse.duckdb");
  writer = await DuckDbDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET });
  closed = false;
});
afterEach(async () => {
  if (!closed) await writer.close();
});

/** An API Gateway HTTP API (payload format 2.0) event as AWS documents it, trimmed to what matters here plus some noise. */
function httpApiEvent(body: string, headers: Record<string, string>, base64: boolean): HttpApiEvent {
  const event = {
    version: "2.0",
    routeKey: "POST /webhooks/{source}",
    rawPath: "/webhooks/github",
    rawQueryString: "",
    headers: { "content-type": "application/json", "user-agent": "GitHub-Hookshot/abc", ...headers },
    requestContext: { accountId: "123456789012", apiId: "api", domainName: "id.execute-api.eu-west-1.amazonaws.com", http: { method: "POST", path: "/webhooks/github", protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "GitHub-Hookshot/abc" }, requestId: "id", routeKey: "POST /webhooks/{source}", stage: "$default", time: "20/Nov/2026:10:00:00 +0000", timeEpoch: 1795600000000 },
    body: base64 ? Buffer.from(body, "utf8").toString("base64") : body,
    isBase64Encoded: base64,
  };
  return event;
}

describe("the Lambda handler", () => {
  it("lands a signed delivery sent as plain text or base64, and answers a repeat as a duplicate", async () => {
    const handler = lambdaAdapter(createWebhookHandler({ secrets: SECRETS, writer, maxBodyBytes: 1 << 20 }));
    const body = JSON.stringify(githubExamples("workflow_run")[0]);
    // API Gateway passes header names as the sender wrote them (HTTP/1.1) or lower-case (HTTP/2)
    const headers = { "X-GitHub-Event": "workflow_run", "X-GitHub-Delivery": "d-1", "X-Hub-Signature-256": await sign(SECRETS.github, body) };
    const plain = await handler(httpApiEvent(body, headers, false));
    expect(plain).toEqual({ statusCode: 202, headers: { "content-type": "application/json; charset=utf-8" }, body: '{"status":"landed"}' });
    const repeat = await handler(httpApiEvent(body, headers, true));
    expect(repeat.statusCode).toBe(200);
    const other = await handler(httpApiEvent(body, { ...headers, "X-GitHub-Delivery": "d-2" }, true));
    expect(other.statusCode).toBe(202);
    await writer.close();
    closed = true;
    expect((await rawRows(file, "github_webhook_raw__stream_workflow_run")).map((r) => r._airbyte_raw_id)).toEqual(["github:d-1", "github:d-2"]);
  });

  it("rejects a base64 body whose decoded bytes do not match the signature", async () => {
    const handler = lambdaAdapter(createWebhookHandler({ secrets: SECRETS, writer, maxBodyBytes: 1 << 20 }));
    const body = JSON.stringify({ zen: "x" });
    const signature = await sign(SECRETS.github, body);
    const event = httpApiEvent(body, { "x-github-event": "push", "x-github-delivery": "d-3", "x-hub-signature-256": signature }, false);
    // the signature is over the decoded bytes: a body left encoded must not verify
    const wrong = await handler({ ...event, body: Buffer.from(body).toString("base64"), isBase64Encoded: false });
    expect(wrong.statusCode).toBe(401);
  });

  it("refuses what the HTTP server refuses: a malformed signature, a payload under another event's name, a scalar, an incident resolved before it started", async () => {
    const handler = lambdaAdapter(createWebhookHandler({ secrets: SECRETS, writer, maxBodyBytes: 1 << 20 }));
    const status = async (body: string, headers: Record<string, string>, rawPath = "/webhooks/github") => (await handler({ ...httpApiEvent(body, headers, false), rawPath })).statusCode;
    const pullRequest = JSON.stringify(githubExamples("pull_request")[0]);
    expect(await status(pullRequest, { "x-github-event": "pull_request", "x-github-delivery": "d-5", "x-hub-signature-256": "sha256=zz" })).toBe(401);
    expect(await status(pullRequest, { "x-github-event": "workflow_run", "x-github-delivery": "d-6", "x-hub-signature-256": await sign(SECRETS.github, pullRequest) })).toBe(400);
    expect(await status("42", { "x-github-event": "workflow_run", "x-github-delivery": "d-7", "x-hub-signature-256": await sign(SECRETS.github, "42") })).toBe(400);
    const incident = JSON.stringify({ incident_id: "opsgenie:1", service: "api", title: "Down", started_at: "2026-11-20T11:00:00Z", resolved_at: "2021-11-20T11:00:00Z" });
    expect(await status(incident, { authorization: `Bearer ${SECRETS.token}` }, "/webhooks/incidents")).toBe(422);
    await writer.close();
    closed = true;
    expect(await rawRows(file, "github_webhook_raw__stream_workflow_run")).toEqual([]);
    expect(await rawRows(file, "doraform_raw__stream_incidents")).toEqual([]);
  });

  it("answers 500 (so the sender retries) when the warehouse cannot take the delivery", async () => {
    const failing = { write: () => Promise.reject(new Error("disk full")), close: async () => undefined };
    const handler = lambdaAdapter(createWebhookHandler({ secrets: SECRETS, writer: failing, maxBodyBytes: 1 << 20 }));
    const body = JSON.stringify({ deployment_status: { id: 1, state: "success" }, deployment: { id: 2, environment: "production" } });
    const answer = await handler(httpApiEvent(body, { "x-github-event": "deployment_status", "x-github-delivery": "d-4", "x-hub-signature-256": await sign(SECRETS.github, body) }, false));
    expect(answer.statusCode).toBe(500);
  });
});
