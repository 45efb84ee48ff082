import { streamFacts } from "../../protocol/source.ts";
import type { PagerDutyStream } from "../context.ts";
import { incidentsToVisit, type IncidentsCursor } from "../incident-listing.ts";
import incidentsSchema from "../../../includes/raw_streams/pagerduty/incidents.json" with { type: "json" };

export const incidents: PagerDutyStream<IncidentsCursor> = {
  ...streamFacts(incidentsSchema),
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
