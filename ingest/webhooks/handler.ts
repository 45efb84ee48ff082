import { createHash } from "node:crypto";
import type { ValidateFunction } from "ajv";
import type { Delivery, DeliveryWriter } from "./delivery.ts";
import { describeErrors, validateDeployment, validateIncident } from "./generic-schemas.ts";
import { withoutPersonalData } from "./personal-data.ts";
import { verifyBearer, verifyGitHubSignature, verifyPagerDutySignature } from "./signatures.ts";

/** An HTTP request as both front ends (node:http, API Gateway) see it: header names lower-case, the raw body. */
export interface WebhookRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface WebhookResponse {
  status: number;
  body: { status: string; message?: string };
}

export interface WebhookSecrets {
  github?: string;
  pagerduty?: string;
  /** Bearer token of the generic endpoints. */
  token?: string;
}

export interface WebhookOptions {
  secrets: WebhookSecrets;
  writer: DeliveryWriter;
  /** Larger bodies get 413 before any parsing. */
  maxBodyBytes: number;
  now?: () => Date;
}

/** GitHub's hard cap on a payload is 25 MB; ours is lower because no event the metrics read comes near it. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The GitHub events the models read; others (ping included) are acknowledged and not landed. */
export const GITHUB_EVENTS = ["pull_request", "push", "workflow_run", "deployment_status"] as const;

export function webhookSecretsFromEnv(env: NodeJS.ProcessEnv): WebhookSecrets {
  return { github: env.GITHUB_WEBHOOK_SECRET || undefined, pagerduty: env.PAGERDUTY_WEBHOOK_SECRET || undefined, token: env.DORAFORM_WEBHOOK_TOKEN || undefined };
}

const reply = (status: number, state: string, message?: string): WebhookResponse => ({ status, body: message ? { status: state, message } : { status: state } });

/**
 * The one webhook handler behind `doraform webhooks serve` and the Lambda: checks size, then the
 * signature or token over the raw body, then the payload, and answers 2xx only once the delivery is
 * durable (or was landed before: a repeat gets 200 "duplicate" and lands nothing).
 */
export function createWebhookHandler(options: WebhookOptions): (request: WebhookRequest) => Promise<WebhookResponse> {
  const now = options.now ?? (() => new Date());
  const { secrets } = options;

  const land = async (delivery: Delivery): Promise<WebhookResponse> => {
    const outcome = await options.writer.write(delivery);
    return outcome === "landed" ? reply(202, "landed") : reply(200, "duplicate");
  };

  const routes: Record<string, (request: WebhookRequest) => Promise<WebhookResponse>> = {
    "/webhooks/github": async (request) => {
      if (!secrets.github) return reply(503, "unconfigured", "GITHUB_WEBHOOK_SECRET is not set");
      if (!verifyGitHubSignature(secrets.github, request.body, request.headers["x-hub-signature-256"])) return reply(401, "rejected", "bad or missing X-Hub-Signature-256");
      const event = request.headers["x-github-event"];
      const id = request.headers["x-github-delivery"];
      if (!event || !id) return reply(400, "rejected", "X-GitHub-Event and X-GitHub-Delivery are required");
      if (!(GITHUB_EVENTS as readonly string[]).includes(event)) return reply(200, "ignored", `event ${event} is not used`);
      const data = parseJson(request.body);
      if (data === undefined) return reply(400, "rejected", "body is not JSON");
      return land({ key: `github:${id}`, namespace: "github_webhook", stream: event, data: withoutPersonalData(data), receivedAt: now() });
    },
    "/webhooks/pagerduty": async (request) => {
      if (!secrets.pagerduty) return reply(503, "unconfigured", "PAGERDUTY_WEBHOOK_SECRET is not set");
      if (!verifyPagerDutySignature(secrets.pagerduty, request.body, request.headers["x-pagerduty-signature"])) return reply(401, "rejected", "bad or missing X-PagerDuty-Signature");
      const data = parseJson(request.body) as { event?: { id?: unknown; event_type?: unknown } } | undefined;
      const event = data?.event;
      if (typeof event?.id !== "string" || typeof event.event_type !== "string") return reply(400, "rejected", "body is not a v3 webhook event (event.id, event.event_type)");
      if (!event.event_type.startsWith("incident.")) return reply(200, "ignored", `event ${event.event_type} is not used`);
      // incident.custom_field_values.updated -> incident_custom_field_values_updated
      const stream = event.event_type.replace(/[^A-Za-z0-9]+/g, "_");
      return land({ key: `pagerduty:${event.id}`, namespace: "pagerduty_webhook", stream, data: withoutPersonalData(data), receivedAt: now() });
    },
    "/webhooks/deployments": (request) => generic(request, "deployments", validateDeployment),
    "/webhooks/incidents": (request) => generic(request, "incidents", validateIncident),
  };

  const generic = async (request: WebhookRequest, stream: string, validate: ValidateFunction): Promise<WebhookResponse> => {
    if (!secrets.token) return reply(503, "unconfigured", "DORAFORM_WEBHOOK_TOKEN is not set");
    if (!verifyBearer(secrets.token, request.headers.authorization)) return reply(401, "rejected", "bad or missing bearer token");
    const data = parseJson(request.body);
    if (data === undefined) return reply(400, "rejected", "body is not JSON");
    if (!validate(data)) return reply(422, "rejected", describeErrors(validate.errors));
    // the same report sent twice is one delivery; a later report of the same deployment (other fields) is a new record
    const key = `doraform:${stream}:${createHash("sha256").update(request.body).digest("hex")}`;
    return land({ key, namespace: "doraform", stream, data, receivedAt: now() });
  };

  return async (request) => {
    const route = routes[request.path.replace(/\/+$/, "")];
    if (!route) return reply(404, "not_found", `no webhook at ${request.path}`);
    if (request.method !== "POST") return reply(405, "rejected", "use POST");
    if (request.body.length > options.maxBodyBytes) return reply(413, "rejected", `body over ${options.maxBodyBytes} bytes`);
    return route(request);
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}
