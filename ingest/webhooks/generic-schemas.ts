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

export const validateDeployment: ValidateFunction = ajv.compile(deploymentSchema);
export const validateIncident: ValidateFunction = ajv.compile(incidentSchema);

/** One line naming the first problem, e.g. "/finished_at must match format \"date-time\"". */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return "invalid";
  const where = first.instancePath || "body";
  const extra = first.keyword === "additionalProperties" ? ` (${String(first.params.additionalProperty)})` : "";
  return `${where} ${first.message ?? "is invalid"}${extra}`;
}
