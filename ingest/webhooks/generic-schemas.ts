import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import deploymentsStream from "../../includes/raw_streams/doraform/deployments.json" with { type: "json" };
import incidentsStream from "../../includes/raw_streams/doraform/incidents.json" with { type: "json" };

const ajv = new Ajv({ allErrors: false, strict: true });
addFormats.default(ajv);

/** A kind of report: its schema, and the two timestamps that bound it (the end may be absent or null). */
export interface ReportKind {
  stream: "deployments" | "incidents";
  validate: ValidateFunction;
  start: string;
  end: string;
}

/**
 * The JSON that tools other than GitHub and PagerDuty (Argo CD, Jenkins, Opsgenie, scripts) POST to
 * `/webhooks/deployments` and `/webhooks/incidents`: the record schemas of the `doraform` streams
 * (includes/raw_streams/doraform/, documented in docs/raw-streams.md). The models count these like
 * GitHub deployments and PagerDuty incidents.
 */
export const DEPLOYMENT_REPORT: ReportKind = { stream: "deployments", validate: ajv.compile(deploymentsStream.json_schema), start: "started_at", end: "finished_at" };
export const INCIDENT_REPORT: ReportKind = { stream: "incidents", validate: ajv.compile(incidentsStream.json_schema), start: "started_at", end: "resolved_at" };

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
