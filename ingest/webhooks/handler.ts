import { createHash } from "node:crypto";
import type { Delivery, DeliveryWriter } from "./delivery.ts";
import { DEPLOYMENT_REPORT, INCIDENT_REPORT, reportProblem, type ReportKind } from "./generic-schemas.ts";
import { isGitHubEvent, shapeProblem } from "./github-events.ts";
import { withoutPersonalData } from "./personal-data.ts";
import { isGitHubSignatureHeader, isPagerDutySignatureHeader, verifyBearer, verifyGitHubSignature, verifyPagerDutySignature } from "./signatures.ts";
import { DEFAULT_SECRET_VARIABLES, type WebhookSecretVariables } from "./secrets.ts";

/** An HTTP request as both front ends (node:http, API Gateway) see it: header names lower-case, the raw body. */
export interface WebhookRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/** What is known of a request before its body is read. */
export type WebhookRequestHead = Omit<WebhookRequest, "body">;

/** The handler, and the part of it that needs no body: the HTTP server answers that before reading one. */
export interface WebhookHandler {
  (request: WebhookRequest): Promise<WebhookResponse>;
  /** The answer a request gets from its method, path and headers alone, or undefined when its body must be read. */
  screen(head: WebhookRequestHead): WebhookResponse | undefined;
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
  /** The variables the secrets come from, named when one is missing; default today's names. */
  variables?: WebhookSecretVariables;
  writer: DeliveryWriter;
  /** Larger bodies get 413 before any parsing. */
  maxBodyBytes: number;
  now?: () => Date;
}

/** GitHub's hard cap on a payload is 25 MB; ours is lower because no event the metrics read comes near it. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The secrets from the variables that hold them (doraform.yaml may name others: ./secrets.ts). */
export function webhookSecretsFromEnv(env: NodeJS.ProcessEnv, variables: WebhookSecretVariables = DEFAULT_SECRET_VARIABLES): WebhookSecrets {
  return { github: env[variables.github] || undefined, pagerduty: env[variables.pagerduty] || undefined, token: env[variables.token] || undefined };
}

const reply = (status: number, state: string, message?: string): WebhookResponse => ({ status, body: message ? { status: state, message } : { status: state } });

interface Route {
  /** What the headers alone can refuse: a missing secret, credentials missing or malformed (a bearer token: wrong). */
  screen(head: WebhookRequestHead): WebhookResponse | undefined;
  /** The rest, once the body is in. */
  receive(request: WebhookRequest): Promise<WebhookResponse>;
}

/**
 * The one webhook handler behind `doraform webhooks serve` and the Lambda: checks what the headers
 * tell (path, method, declared size, a signature header's form, the bearer token), then the size,
 * the signature over the raw body and the payload, and answers 2xx only once the delivery is durable
 * (or was landed before: a repeat gets 200 "duplicate" and lands nothing).
 */
export function createWebhookHandler(options: WebhookOptions): WebhookHandler {
  const now = options.now ?? (() => new Date());
  const { secrets } = options;
  const variables = options.variables ?? DEFAULT_SECRET_VARIABLES;

  const land = async (delivery: Delivery): Promise<WebhookResponse> => {
    const outcome = await options.writer.write(delivery);
    return outcome === "landed" ? reply(202, "landed") : reply(200, "duplicate");
  };

  const generic = (kind: ReportKind): Route => ({
    screen: (head) => {
      if (!secrets.token) return reply(503, "unconfigured", `${variables.token} is not set`);
      if (!verifyBearer(secrets.token, head.headers.authorization)) return reply(401, "rejected", "bad or missing bearer token");
      return undefined;
    },
    receive: async (request) => {
      const data = parseObject(request.body);
      if (typeof data === "string") return reply(400, "rejected", data);
      const problem = reportProblem(kind, data, now());
      if (problem) return reply(422, "rejected", problem);
      // the same report sent twice is one delivery; a later report of the same deployment (other fields) is a new record
      const key = `doraform:${kind.stream}:${createHash("sha256").update(request.body).digest("hex")}`;
      return land({ key, namespace: "doraform", stream: kind.stream, data, receivedAt: now() });
    },
  });

  const routes: Record<string, Route> = {
    "/webhooks/github": {
      screen: signedScreen(secrets.github, variables.github, (head) => isGitHubSignatureHeader(head.headers["x-hub-signature-256"]), GITHUB_SIGNATURE_REFUSED),
      receive: async (request) => {
        if (!(await verifyGitHubSignature(secrets.github ?? "", request.body, request.headers["x-hub-signature-256"]))) return reply(401, "rejected", GITHUB_SIGNATURE_REFUSED);
        const event = request.headers["x-github-event"];
        const id = request.headers["x-github-delivery"];
        if (!event || !id) return reply(400, "rejected", "X-GitHub-Event and X-GitHub-Delivery are required");
        if (!isGitHubEvent(event)) return reply(200, "ignored", `event ${event} is not used`);
        const data = parseObject(request.body);
        if (typeof data === "string") return reply(400, "rejected", data);
        const problem = shapeProblem(event, data);
        if (problem) return reply(400, "rejected", `${problem}: not landed in stream ${event}`);
        return land({ key: `github:${id}`, namespace: "github_webhook", stream: event, data: withoutPersonalData(data), receivedAt: now() });
      },
    },
    "/webhooks/pagerduty": {
      screen: signedScreen(secrets.pagerduty, variables.pagerduty, (head) => isPagerDutySignatureHeader(head.headers["x-pagerduty-signature"]), PAGERDUTY_SIGNATURE_REFUSED),
      receive: async (request) => {
        if (!(await verifyPagerDutySignature(secrets.pagerduty ?? "", request.body, request.headers["x-pagerduty-signature"]))) return reply(401, "rejected", PAGERDUTY_SIGNATURE_REFUSED);
        const data = parseObject(request.body);
        const event = typeof data === "string" ? undefined : (data.event as { id?: unknown; event_type?: unknown } | undefined);
        if (typeof event?.id !== "string" || typeof event.event_type !== "string") return reply(400, "rejected", "body is not a v3 webhook event (event.id, event.event_type)");
        if (!event.event_type.startsWith("incident.")) return reply(200, "ignored", `event ${event.event_type} is not used`);
        // incident.custom_field_values.updated -> incident_custom_field_values_updated
        const stream = event.event_type.replace(/[^A-Za-z0-9]+/g, "_");
        return land({ key: `pagerduty:${event.id}`, namespace: "pagerduty_webhook", stream, data: withoutPersonalData(data), receivedAt: now() });
      },
    },
    "/webhooks/deployments": generic(DEPLOYMENT_REPORT),
    "/webhooks/incidents": generic(INCIDENT_REPORT),
  };
  const routeOf = (path: string): Route | undefined => routes[path.replace(/\/+$/, "")];

  const screen = (head: WebhookRequestHead): WebhookResponse | undefined => {
    const route = routeOf(head.path);
    if (!route) return reply(404, "not_found", `no webhook at ${head.path}`);
    if (head.method !== "POST") return reply(405, "rejected", "use POST");
    if (Number(head.headers["content-length"] ?? 0) > options.maxBodyBytes) return reply(413, "rejected", `body over ${options.maxBodyBytes} bytes`);
    return route.screen(head);
  };

  const handle = async (request: WebhookRequest): Promise<WebhookResponse> => {
    const refused = screen(request);
    if (refused) return refused;
    if (request.body.length > options.maxBodyBytes) return reply(413, "rejected", `body over ${options.maxBodyBytes} bytes`);
    return (routeOf(request.path) as Route).receive(request);
  };
  return Object.assign(handle, { screen });
}

/** A signed endpoint's screen: its secret is set, and the request carries something shaped like a signature. */
function signedScreen(secret: string | undefined, variable: string, wellFormed: (head: WebhookRequestHead) => boolean, refused: string): Route["screen"] {
  return (head) => {
    if (!secret) return reply(503, "unconfigured", `${variable} is not set`);
    return wellFormed(head) ? undefined : reply(401, "rejected", refused);
  };
}

const GITHUB_SIGNATURE_REFUSED = "bad or missing X-Hub-Signature-256";
const PAGERDUTY_SIGNATURE_REFUSED = "bad or missing X-PagerDuty-Signature";

/** The body as a JSON object, or why it is not one. */
function parseObject(body: Buffer): Record<string, unknown> | string {
  let data: unknown;
  try {
    data = JSON.parse(body.toString("utf8"));
  } catch {
    return "body is not JSON";
  }
  return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : "body is not a JSON object";
}
