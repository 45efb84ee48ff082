import type { ChangeEvent, Incident, Note, PagerDutyService } from "../../model/organisation.ts";
import { pagerDutyId, sha1 } from "../ids.ts";

/** REST objects in the shapes of PagerDuty's OpenAPI description (reference/pagerduty/rest-openapiv3.json). */
export interface PagerDutyUrls {
  api: string;
  /** The server's clock (end of as_of): default windows end here and writes are stamped with it. */
  now: string;
}

const HTML = "https://doraform-demo.pagerduty.com";

export function reference(
  urls: PagerDutyUrls,
  kind: "service" | "incident" | "escalation_policy" | "user" | "log_entry",
  id: string,
  summary: string,
  type = `${kind}_reference`,
) {
  const collection = kind === "escalation_policy" ? "escalation_policies" : `${kind}s`;
  return { id, type, summary, self: `${urls.api}/${collection}/${id}`, html_url: `${HTML}/${collection}/${id}` };
}

const escalationPolicy = (urls: PagerDutyUrls) => reference(urls, "escalation_policy", "PDEMOEP", "Default");
const responder = (urls: PagerDutyUrls) => reference(urls, "user", "PDEMOUS", "On-call Engineer");

export function service(urls: PagerDutyUrls, s: PagerDutyService, lastIncident: string | null) {
  return {
    id: s.id,
    type: "service",
    summary: s.name,
    self: `${urls.api}/services/${s.id}`,
    html_url: `${HTML}/service-directory/${s.id}`,
    name: s.name,
    description: s.name,
    auto_resolve_timeout: 14400,
    acknowledgement_timeout: 1800,
    created_at: s.created_at,
    updated_at: s.created_at,
    status: "active",
    last_incident_timestamp: lastIncident,
    teams: [],
    escalation_policy: escalationPolicy(urls),
    integrations: [],
    alert_creation: "create_alerts_and_incidents",
    incident_urgency_rule: { type: "constant", urgency: "high" },
    scheduled_actions: [],
  };
}

export interface IncidentState {
  status: "triggered" | "acknowledged" | "resolved";
  resolvedAt: string | null;
  lastStatusChangeAt: string;
  acknowledgedAt: string[];
}

/** Replays the status changes: the last one decides the status; a reopen clears the resolution. */
export function incidentState(incident: Incident): IncidentState {
  const state: IncidentState = { status: "triggered", resolvedAt: null, lastStatusChangeAt: incident.created_at, acknowledgedAt: [] };
  for (const change of [...incident.status_changes].sort((a, b) => a.at.localeCompare(b.at))) {
    state.lastStatusChangeAt = change.at;
    if (change.type === "acknowledge") {
      state.status = "acknowledged";
      state.acknowledgedAt.push(change.at);
    } else if (change.type === "resolve") {
      state.status = "resolved";
      state.resolvedAt = change.at;
    } else {
      state.status = "triggered";
      state.resolvedAt = null;
      state.acknowledgedAt = [];
    }
  }
  return state;
}

export function logEntryId(incident: Incident, n: number): string {
  return `R${BigInt(`0x${sha1(`${incident.id}:log:${n}`).slice(0, 24)}`).toString(36).toUpperCase().padStart(19, "0")}`;
}

export function incident(urls: PagerDutyUrls, i: Incident, serviceName: string, updatedAt: string) {
  const state = incidentState(i);
  const mergedInto = state.status === "resolved" ? i.merged_into_incident_id : undefined;
  const serviceRef = reference(urls, "service", i.service_id, serviceName);
  const resolved = state.status === "resolved";
  return {
    id: i.id,
    type: "incident",
    summary: `[#${i.incident_number}] ${i.title}`,
    self: `${urls.api}/incidents/${i.id}`,
    html_url: `${HTML}/incidents/${i.id}`,
    incident_number: i.incident_number,
    title: i.title,
    description: i.description,
    created_at: i.created_at,
    updated_at: updatedAt,
    status: state.status,
    incident_key: sha1(`incident:${i.id}`).slice(0, 32),
    service: serviceRef,
    assignments: resolved ? [] : [{ at: i.created_at, assignee: responder(urls) }],
    assigned_via: "escalation_policy",
    acknowledgements: state.acknowledgedAt.map((at) => ({ at, acknowledger: responder(urls) })),
    last_status_change_at: state.lastStatusChangeAt,
    last_status_change_by: state.lastStatusChangeAt === i.created_at ? serviceRef : responder(urls),
    resolved_at: state.resolvedAt,
    resolve_reason: mergedInto
      ? { type: "merge_resolve_reason", incident: reference(urls, "incident", mergedInto, `Incident ${mergedInto}`) }
      : null,
    first_trigger_log_entry: reference(urls, "log_entry", logEntryId(i, 0), "Triggered through the API.", "trigger_log_entry_reference"),
    alert_counts: { all: 1, triggered: resolved ? 0 : 1, resolved: resolved ? 1 : 0 },
    is_mergeable: !resolved,
    incident_type: { name: "incident_default" },
    escalation_policy: escalationPolicy(urls),
    teams: [],
    pending_actions: [],
    urgency: i.urgency,
    incidents_responders: [],
    responder_requests: [],
  };
}

export function note(urls: PagerDutyUrls, n: Note) {
  return {
    id: n.id,
    user: responder(urls),
    channel: { summary: "The PagerDuty website or APIs" },
    content: n.content,
    created_at: n.created_at,
    updated_at: n.created_at,
  };
}

export function changeEvent(urls: PagerDutyUrls, e: ChangeEvent, serviceNames: Map<string, string>) {
  return {
    id: e.id,
    type: "change_event",
    summary: e.summary,
    timestamp: e.timestamp,
    source: "github-actions",
    integration: { id: pagerDutyId(`integration:${e.service_ids[0] ?? ""}`), type: "inbound_integration_reference" },
    services: e.service_ids.map((id) => reference(urls, "service", id, serviceNames.get(id) ?? id)),
    custom_details: e.custom_details,
    links: e.links,
  };
}
