/**
 * The webhook handler's answers, called directly (as the HTTP server and the Lambda call it), over a
 * writer that keeps the deliveries in memory: which request lands what under which key, and what
 * every refusal says. tests/webhooks/receiver.test.ts lands the same deliveries in DuckDB over HTTP.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { rawStreamIndex } from "../../ingest/raw-streams.ts";
import type { Delivery, DeliveryWriter } from "../../ingest/webhooks/delivery.ts";
import { GITHUB_EVENTS } from "../../ingest/webhooks/github-events.ts";
import { noConfig, parseConfig } from "../../core/config/load.ts";
import { webhookSecretVariables } from "../../ingest/webhooks/secrets.ts";
import { createWebhookHandler, webhookSecretsFromEnv, type WebhookRequest, type WebhookSecrets } from "../../ingest/webhooks/handler.ts";
import { isGitHubSignatureHeader, isPagerDutySignatureHeader, verifyBearer, verifyGitHubSignature, verifyPagerDutySignature } from "../../ingest/webhooks/signatures.ts";
import { hmacHex, SECRETS } from "./fixtures.ts";

const NOW = new Date("2026-11-20T12:00:00Z");
const MAX = 400;

/** A writer that lands each key once, as the real ones do. */
function memoryWriter(): DeliveryWriter & { landed: Delivery[] } {
  const landed: Delivery[] = [];
  return {
    landed,
    write: async (delivery) => {
      if (landed.some((d) => d.key === delivery.key)) return "duplicate";
      landed.push(delivery);
      return "landed";
    },
    close: async () => undefined,
  };
}

function handlerWith(secrets: WebhookSecrets = SECRETS) {
  const writer = memoryWriter();
  return { writer, handle: createWebhookHandler({ secrets, writer, maxBodyBytes: MAX, now: () => NOW }) };
}

const request = (path: string, body: string, headers: Record<string, string | undefined> = {}, method = "POST"): WebhookRequest => ({
  method,
  path,
  headers: { "content-length": String(Buffer.byteLength(body)), ...headers },
  body: Buffer.from(body),
});
const github = (event: string | undefined, delivery: string | undefined, body: string, secret = SECRETS.github) =>
  request("/webhooks/github", body, { "x-github-event": event, "x-github-delivery": delivery, "x-hub-signature-256": `sha256=${hmacHex(secret, body)}` });
const pagerduty = (body: string, header = `v1=${hmacHex(SECRETS.pagerduty, body)}`) => request("/webhooks/pagerduty", body, { "x-pagerduty-signature": header });
const bearer = { authorization: `Bearer ${SECRETS.token}` };

const DEPLOYMENT = { deployment_id: "argocd:payments:42", service: "payments", environment: "production", commit_sha: "abc1234", finished_at: "2026-11-20T10:00:00Z", result: "success" };
/** The least a deployment_status payload has (github-events.ts): what these tests land. */
const STATUS = { deployment_status: { id: 1, state: "success" }, deployment: { id: 2, environment: "production" } };

describe("the webhook handler's routing", () => {
  it("names a path it has no webhook at with 404, takes a trailing slash, and wants POST", async () => {
    const { handle } = handlerWith();
    expect(await handle(request("/webhooks/gitlab", "{}"))).toEqual({ status: 404, body: { status: "not_found", message: "no webhook at /webhooks/gitlab" } });
    expect(await handle(request("/webhooks/deployments", "{}", bearer, "GET"))).toEqual({ status: 405, body: { status: "rejected", message: "use POST" } });
    expect((await handle(request("/webhooks/deployments/", JSON.stringify(DEPLOYMENT), bearer))).status).toBe(202);
  });

  it("refuses a body over the limit with 413, whether declared or only sent, and takes one of exactly the limit", async () => {
    const { handle, writer } = handlerWith();
    const exact = JSON.stringify({ ...DEPLOYMENT, source: "x".repeat(MAX - JSON.stringify({ ...DEPLOYMENT, source: "" }).length) });
    expect(Buffer.byteLength(exact)).toBe(MAX);
    const over = { status: 413, body: { status: "rejected", message: `body over ${MAX} bytes` } };
    expect(handle.screen({ method: "POST", path: "/webhooks/deployments", headers: { ...bearer, "content-length": String(MAX + 1) } })).toEqual(over);
    expect(handle.screen({ method: "POST", path: "/webhooks/deployments", headers: { ...bearer, "content-length": String(MAX) } })).toBeUndefined();
    expect(await handle({ ...request("/webhooks/deployments", `${exact} `, bearer), headers: bearer })).toEqual(over);
    expect(writer.landed).toEqual([]);
    // 50 characters of source at most: the schema refuses it, past the size check
    expect((await handle(request("/webhooks/deployments", exact, bearer))).status).toBe(422);
  });

  it("answers each endpoint whose secret is not set with 503 naming the variable", async () => {
    const { handle } = handlerWith({});
    const unconfigured = (variable: string) => ({ status: 503, body: { status: "unconfigured", message: `${variable} is not set` } });
    expect(await handle(github("deployment_status", "d1", JSON.stringify(STATUS)))).toEqual(unconfigured("GITHUB_WEBHOOK_SECRET"));
    expect(await handle(pagerduty("{}"))).toEqual(unconfigured("PAGERDUTY_WEBHOOK_SECRET"));
    expect(await handle(request("/webhooks/incidents", "{}", bearer))).toEqual(unconfigured("DORAFORM_WEBHOOK_TOKEN"));
  });

  it("names the variables doraform.yaml's sources give, in the 503 and when reading them; today's names by default", async () => {
    const yaml = parseConfig("sources:\n  github:\n    webhook_secret_env: HOOK_GH\n  pagerduty:\n    webhook_secret_env: HOOK_PD\n  webhooks:\n    token_env: HOOK_TOKEN\n");
    const variables = webhookSecretVariables(yaml);
    expect(variables).toEqual({ github: "HOOK_GH", pagerduty: "HOOK_PD", token: "HOOK_TOKEN" });
    expect(webhookSecretVariables(noConfig())).toEqual({ github: "GITHUB_WEBHOOK_SECRET", pagerduty: "PAGERDUTY_WEBHOOK_SECRET", token: "DORAFORM_WEBHOOK_TOKEN" });
    expect(webhookSecretsFromEnv({ GITHUB_WEBHOOK_SECRET: "old", HOOK_GH: "g", HOOK_PD: "p", HOOK_TOKEN: "t" }, variables)).toEqual({ github: "g", pagerduty: "p", token: "t" });
    const handle = createWebhookHandler({ secrets: {}, variables, writer: memoryWriter(), maxBodyBytes: MAX, now: () => NOW });
    expect(await handle(github("deployment_status", "d1", JSON.stringify(STATUS)))).toEqual({ status: 503, body: { status: "unconfigured", message: "HOOK_GH is not set" } });
    expect(await handle(pagerduty("{}"))).toEqual({ status: 503, body: { status: "unconfigured", message: "HOOK_PD is not set" } });
  });

  it("reads the secrets from the environment, an empty one being unset", () => {
    expect(webhookSecretsFromEnv({ GITHUB_WEBHOOK_SECRET: "g", PAGERDUTY_WEBHOOK_SECRET: "p", DORAFORM_WEBHOOK_TOKEN: "t" })).toEqual({ github: "g", pagerduty: "p", token: "t" });
    expect(webhookSecretsFromEnv({ GITHUB_WEBHOOK_SECRET: "", PAGERDUTY_WEBHOOK_SECRET: "", DORAFORM_WEBHOOK_TOKEN: "" })).toEqual({ github: undefined, pagerduty: undefined, token: undefined });
  });
});

describe("GitHub deliveries", () => {
  it("are landed, and asked for by `webhooks register`, for exactly the events whose streams the models read", () => {
    const read = rawStreamIndex.STREAMS.filter((s) => s.namespace === "github_webhook").map((s) => s.name);
    expect([...GITHUB_EVENTS].sort()).toEqual(read.sort());
  });

  it("land under github:<delivery id> in the event's stream at the receiver's clock, answered 202, then 200 duplicate", async () => {
    const { handle, writer } = handlerWith();
    const body = JSON.stringify(STATUS);
    expect(await handle(github("deployment_status", "d-1", body))).toEqual({ status: 202, body: { status: "landed" } });
    expect(await handle(github("deployment_status", "d-1", body))).toEqual({ status: 200, body: { status: "duplicate" } });
    expect(writer.landed).toEqual([{ key: "github:d-1", namespace: "github_webhook", stream: "deployment_status", data: STATUS, receivedAt: NOW }]);
  });

  it("need the event and delivery headers", async () => {
    const { handle, writer } = handlerWith();
    const missing = { status: 400, body: { status: "rejected", message: "X-GitHub-Event and X-GitHub-Delivery are required" } };
    expect(await handle(github(undefined, "d-1", "{}"))).toEqual(missing);
    expect(await handle(github("push", undefined, "{}"))).toEqual(missing);
    expect(writer.landed).toEqual([]);
  });

  it("of an event the metrics do not read are acknowledged as ignored", async () => {
    const { handle, writer } = handlerWith();
    expect(await handle(github("ping", "d-2", '{"zen":"x"}'))).toEqual({ status: 200, body: { status: "ignored", message: "event ping is not used" } });
    // a direct push counts through deployment contents (docs/metrics.md#decision-22), never through its delivery
    expect(await handle(github("push", "d-2", '{"ref":"refs/heads/main","after":"abc"}'))).toEqual({ status: 200, body: { status: "ignored", message: "event push is not used" } });
    expect(writer.landed).toEqual([]);
  });

  it("are refused with 401 when signed with another secret or not signed like GitHub", async () => {
    const { handle } = handlerWith();
    const refused = { status: 401, body: { status: "rejected", message: "bad or missing X-Hub-Signature-256" } };
    expect(await handle(github("push", "d-3", "{}", "another secret"))).toEqual(refused);
    expect(await handle(request("/webhooks/github", "{}", { "x-github-event": "push", "x-github-delivery": "d-3" }))).toEqual(refused);
  });

  it("whose body is not a JSON object or not of the event's shape are refused with 400", async () => {
    const { handle, writer } = handlerWith();
    expect(await handle(github("workflow_run", "d-4", "[1]"))).toEqual({ status: 400, body: { status: "rejected", message: "body is not a JSON object" } });
    expect(await handle(github("workflow_run", "d-4", "null"))).toEqual({ status: 400, body: { status: "rejected", message: "body is not a JSON object" } });
    expect(await handle(github("workflow_run", "d-4", "{nope"))).toEqual({ status: 400, body: { status: "rejected", message: "body is not JSON" } });
    const wrong = await handle(github("workflow_run", "d-5", JSON.stringify(STATUS)));
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/: not landed in stream workflow_run$/);
    expect(writer.landed).toEqual([]);
  });
});

describe("PagerDuty deliveries", () => {
  const event = (id: string, type: string) => JSON.stringify({ event: { id, event_type: type, data: { id: "Q1" } } });

  it("land under pagerduty:<event id>, in a stream named for the event type", async () => {
    const { handle, writer } = handlerWith();
    expect(await handle(pagerduty(event("01E1", "incident.custom_field_values.updated")))).toEqual({ status: 202, body: { status: "landed" } });
    expect(writer.landed.map((d) => [d.key, d.namespace, d.stream, d.receivedAt])).toEqual([["pagerduty:01E1", "pagerduty_webhook", "incident_custom_field_values_updated", NOW]]);
    expect(writer.landed[0]!.data).toEqual({ event: { id: "01E1", event_type: "incident.custom_field_values.updated", data: { id: "Q1" } } });
  });

  it("of another kind than incidents are acknowledged as ignored", async () => {
    const { handle, writer } = handlerWith();
    expect(await handle(pagerduty(event("01E2", "service.updated")))).toEqual({ status: 200, body: { status: "ignored", message: "event service.updated is not used" } });
    expect(writer.landed).toEqual([]);
  });

  it("that are not v3 events are refused with 400", async () => {
    const { handle } = handlerWith();
    const notV3 = { status: 400, body: { status: "rejected", message: "body is not a v3 webhook event (event.id, event.event_type)" } };
    expect(await handle(pagerduty("{}"))).toEqual(notV3);
    expect(await handle(pagerduty("[]"))).toEqual(notV3);
    expect(await handle(pagerduty(JSON.stringify({ event: { id: 1, event_type: "incident.triggered" } })))).toEqual(notV3);
    expect(await handle(pagerduty(JSON.stringify({ event: { id: "01E3" } })))).toEqual(notV3);
  });

  it("are refused with 401 unless a v1 signature matches", async () => {
    const { handle } = handlerWith();
    const body = event("01E4", "incident.triggered");
    const refused = { status: 401, body: { status: "rejected", message: "bad or missing X-PagerDuty-Signature" } };
    expect(await handle(pagerduty(body, `v1=${hmacHex("other", body)}`))).toEqual(refused);
    expect(await handle(pagerduty(body, "v1=short"))).toEqual(refused);
  });
});

describe("reports of other tools", () => {
  it("land once per body under doraform:<stream>:<sha256 of the body>", async () => {
    const { handle, writer } = handlerWith();
    const body = JSON.stringify(DEPLOYMENT);
    expect(await handle(request("/webhooks/deployments", body, bearer))).toEqual({ status: 202, body: { status: "landed" } });
    expect(await handle(request("/webhooks/deployments", body, bearer))).toEqual({ status: 200, body: { status: "duplicate" } });
    const sha = createHash("sha256").update(body).digest("hex");
    expect(writer.landed).toEqual([{ key: `doraform:deployments:${sha}`, namespace: "doraform", stream: "deployments", data: DEPLOYMENT, receivedAt: NOW }]);
  });

  it("land incidents in their own stream", async () => {
    const { handle, writer } = handlerWith();
    const incident = { incident_id: "opsgenie:1", service: "payments", title: "down", started_at: "2026-11-20T11:00:00Z" };
    expect((await handle(request("/webhooks/incidents", JSON.stringify(incident), bearer))).status).toBe(202);
    expect(writer.landed.map((d) => d.stream)).toEqual(["incidents"]);
  });

  it("need the bearer token, and are checked against the receiver's clock", async () => {
    const { handle, writer } = handlerWith();
    const body = JSON.stringify(DEPLOYMENT);
    expect(await handle(request("/webhooks/deployments", body, { authorization: "Bearer guess" }))).toEqual({ status: 401, body: { status: "rejected", message: "bad or missing bearer token" } });
    expect(await handle(request("/webhooks/deployments", body))).toEqual({ status: 401, body: { status: "rejected", message: "bad or missing bearer token" } });
    expect(await handle(request("/webhooks/deployments", "7", bearer))).toEqual({ status: 400, body: { status: "rejected", message: "body is not a JSON object" } });
    // two days after NOW: more than a day ahead of the receiver's clock
    const ahead = await handle(request("/webhooks/deployments", JSON.stringify({ ...DEPLOYMENT, finished_at: "2026-11-22T12:00:00Z" }), bearer));
    expect(ahead.status).toBe(422);
    expect(ahead.body.message).toMatch(/finished_at/);
    expect(writer.landed).toEqual([]);
  });
});

describe("signature headers", () => {
  const body = Buffer.from('{"a":1}');
  const hex = hmacHex("s", body);

  it("tell a GitHub signature's form before the body: sha256= and 64 hex digits, either case", () => {
    expect(isGitHubSignatureHeader(`sha256=${hex}`)).toBe(true);
    expect(isGitHubSignatureHeader(`sha256=${hex.toUpperCase()}`)).toBe(true);
    expect(isGitHubSignatureHeader(`sha256=${hex} `)).toBe(true);
    expect(isGitHubSignatureHeader(`sha256=${hex}0`)).toBe(false);
    expect(isGitHubSignatureHeader(`sha256=${hex.slice(1)}`)).toBe(false);
    expect(isGitHubSignatureHeader(`sha256=x${hex.slice(1)}`)).toBe(false);
    expect(isGitHubSignatureHeader(`sha1=${hex}`)).toBe(false);
    expect(isGitHubSignatureHeader(hex)).toBe(false);
    expect(isGitHubSignatureHeader(undefined)).toBe(false);
  });

  it("tell a PagerDuty header holding one v1 signature among others", () => {
    expect(isPagerDutySignatureHeader(`v1=${hex}`)).toBe(true);
    expect(isPagerDutySignatureHeader(`v0=abc, v1=${hex}`)).toBe(true);
    expect(isPagerDutySignatureHeader(`v1=${hex.slice(2)},v2=${hex}`)).toBe(false);
    expect(isPagerDutySignatureHeader(`x1=${hex}`)).toBe(false);
    expect(isPagerDutySignatureHeader("")).toBe(false);
    expect(isPagerDutySignatureHeader(undefined)).toBe(false);
  });

  it("verify a signature sent in capitals or with a space after it", async () => {
    expect(await verifyGitHubSignature("s", body, `sha256=${hex.toUpperCase()}`)).toBe(true);
    expect(await verifyGitHubSignature("s", body, `sha256=${hex} `)).toBe(true);
    expect(await verifyGitHubSignature("s", body, `sha256=${hex.slice(2)}`)).toBe(false);
    expect(await verifyPagerDutySignature("s", body, `v1=${hex.toUpperCase()}`)).toBe(true);
    expect(await verifyPagerDutySignature("s", body, `v1=${hex.slice(2)}`)).toBe(false);
    expect(await verifyPagerDutySignature("s", body, `v1=${hex},v1=${"0".repeat(64)}`)).toBe(true);
  });

  it("take a bearer token after any spaces, and nothing else", () => {
    expect(verifyBearer("t0ken", "Bearer   t0ken ")).toBe(true);
    expect(verifyBearer("t0ken", "BEARER t0ken")).toBe(true);
    expect(verifyBearer("t0ken", "Bearer")).toBe(false);
    expect(verifyBearer("t0ken", "Bearer ")).toBe(false);
    expect(verifyBearer("t0ken", "Bearert0ken")).toBe(false);
    expect(verifyBearer("t0ken", "x Bearer t0ken")).toBe(false);
    expect(verifyBearer("t0ken", "Bearer t0k")).toBe(false);
  });
});
