import type { PagerDutyStream } from "../context.ts";
import { incidentsToVisit, type IncidentsCursor } from "../incident-listing.ts";

export const incidents: PagerDutyStream<IncidentsCursor> = {
  name: "incidents",
  primaryKey: [["id"]],
  cursorField: ["updated_at"],
  properties: {
    id: "string", incident_number: "integer", title: "string", description: "string", status: "string", urgency: "string",
    created_at: "string", updated_at: "string", resolved_at: "string", last_status_change_at: "string",
    resolve_reason: "object", service: "object", html_url: "string",
  },
  async *read(ctx, state) {
    const { incidents: visit, next } = await incidentsToVisit(ctx, state);
    for (const incident of visit) {
      yield {
        id: incident.id,
        incident_number: incident.incident_number,
        title: incident.title,
        description: incident.description ?? null,
        status: incident.status,
        urgency: incident.urgency,
        created_at: incident.created_at,
        updated_at: incident.updated_at,
        resolved_at: incident.resolved_at ?? null,
        last_status_change_at: incident.last_status_change_at ?? null,
        resolve_reason: incident.resolve_reason
          ? { type: incident.resolve_reason.type, ...(incident.resolve_reason.incident ? { incident: { id: incident.resolve_reason.incident.id } } : {}) }
          : null,
        service: { id: incident.service.id },
        html_url: incident.html_url,
      };
    }
    return next;
  },
};
