import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/**
 * The JSON that tools other than GitHub and PagerDuty (Argo CD, Jenkins, Opsgenie, scripts) POST to
 * `/webhooks/deployments` and `/webhooks/incidents`. Documented in docs/raw-streams.md (namespace
 * `doraform`); the models count these like GitHub deployments and PagerDuty incidents.
 */
export const deploymentSchema = {
  $id: "https://doraform.dev/schemas/webhook-deployment.json",
  title: "A deployment reported by another tool",
  type: "object",
  additionalProperties: false,
  required: ["deployment_id", "service", "environment", "commit_sha", "finished_at", "result"],
  properties: {
    deployment_id: { type: "string", minLength: 1, maxLength: 200, description: "Stable id, unique across tools, e.g. argocd:payments:42" },
    service: { type: "string", minLength: 1, maxLength: 200, description: "Service catalog name" },
    environment: { type: "string", minLength: 1, maxLength: 100, description: "Only production deployments are counted" },
    repository: { type: "string", pattern: "^[^/\\s]+/[^/\\s]+$", description: "owner/name of the deployed code, for deployment contents" },
    commit_sha: { type: "string", pattern: "^[0-9a-f]{7,40}$" },
    branch: { type: "string", maxLength: 255 },
    started_at: { type: "string", format: "date-time" },
    finished_at: { type: "string", format: "date-time" },
    result: { enum: ["success", "failure", "cancelled"] },
    source: { type: "string", minLength: 1, maxLength: 50, description: "The sending tool, e.g. argocd, jenkins" },
    url: { type: "string", format: "uri" },
  },
} as const;

export const incidentSchema = {
  $id: "https://doraform.dev/schemas/webhook-incident.json",
  title: "An incident reported by another tool",
  type: "object",
  additionalProperties: false,
  required: ["incident_id", "service", "title", "started_at"],
  properties: {
    incident_id: { type: "string", minLength: 1, maxLength: 200, description: "Stable id, unique across tools, e.g. opsgenie:1234" },
    service: { type: "string", minLength: 1, maxLength: 200 },
    title: { type: "string", minLength: 1, maxLength: 1024 },
    urgency: { enum: ["high", "low"] },
    started_at: { type: "string", format: "date-time" },
    resolved_at: { anyOf: [{ type: "string", format: "date-time" }, { type: "null" }] },
    caused_by_deployment_id: { type: "string", minLength: 1, maxLength: 200 },
    resolved_by_deployment_id: { type: "string", minLength: 1, maxLength: 200 },
    source: { type: "string", minLength: 1, maxLength: 50 },
    url: { type: "string", format: "uri" },
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: true });
addFormats.default(ajv);

/** A kind of report: its schema, and the two timestamps that bound it (the end may be absent or null). */
export interface ReportKind {
  stream: "deployments" | "incidents";
  validate: ValidateFunction;
  start: string;
  end: string;
}

export const DEPLOYMENT_REPORT: ReportKind = { stream: "deployments", validate: ajv.compile(deploymentSchema), start: "started_at", end: "finished_at" };
export const INCIDENT_REPORT: ReportKind = { stream: "incidents", validate: ajv.compile(incidentSchema), start: "started_at", end: "resolved_at" };

/** Before this a timestamp is a typo or a zero value, not a deployment or an incident DORA metrics can use. */
const EARLIEST = "2000-01-01T00:00:00Z";
/** How far ahead of the receiver's clock a timestamp may be: the sender's clock may run a little fast, not a day. */
const AHEAD_MS = 24 * 60 * 60 * 1000;

/**
 * Why a report cannot be landed, in one line naming the field, or undefined. Beyond the schema: an
 * impossible time (before 2000, more than a day ahead of the receiver's clock, or an end before its
 * start) would land a negative or absurd duration that every later transform would have to carry.
 */
export function reportProblem(kind: ReportKind, data: unknown, now: Date): string | undefined {
  if (!kind.validate(data)) return describeErrors(kind.validate.errors);
  const report = data as Record<string, unknown>;
  const times: Record<string, number> = {};
  for (const field of [kind.start, kind.end]) {
    const value = report[field];
    if (typeof value !== "string") continue;
    const time = Date.parse(value);
    if (Number.isNaN(time)) return `/${field} ${value} is not a time the warehouse can read`;
    if (time < Date.parse(EARLIEST)) return `/${field} ${value} is before ${EARLIEST}`;
    if (time > now.getTime() + AHEAD_MS) return `/${field} ${value} is more than a day ahead of the receiver's clock (${now.toISOString()})`;
    times[field] = time;
  }
  if (times[kind.end] < times[kind.start]) return `/${kind.end} ${String(report[kind.end])} is before /${kind.start} ${String(report[kind.start])}`;
  return undefined;
}

/** One line naming the first problem, e.g. "/finished_at must match format \"date-time\"". */
function describeErrors(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return "invalid";
  const where = first.instancePath || "body";
  const extra = first.keyword === "additionalProperties" ? ` (${String(first.params.additionalProperty)})` : "";
  return `${where} ${first.message ?? "is invalid"}${extra}`;
}
