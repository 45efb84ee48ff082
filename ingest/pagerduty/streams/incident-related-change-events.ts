import { streamFacts } from "../../protocol/source.ts";
import { incidentChildStream, incidentPath } from "../children.ts";
import incidentRelatedChangeEventsSchema from "../../../includes/raw_streams/pagerduty/incident_related_change_events.json" with { type: "json" };

interface ChangeEvent {
  id: string;
  summary: string;
  timestamp: string;
  services?: Array<{ id: string }>;
  custom_details?: Record<string, unknown> | null;
  links?: unknown[];
}

export const incidentRelatedChangeEvents = incidentChildStream(
  streamFacts(incidentRelatedChangeEventsSchema),
  async (ctx, incident) => {
    const { body } = await ctx.api.get<{ change_events: ChangeEvent[] }>(`${incidentPath(incident)}/related_change_events`);
    return body.change_events.map((event) => ({
      id: event.id,
      summary: event.summary,
      timestamp: event.timestamp,
      services: (event.services ?? []).map((service) => ({ id: service.id })),
      custom_details: event.custom_details ?? null,
      links: event.links ?? [],
      incident_id: incident.id,
    }));
  },
);
