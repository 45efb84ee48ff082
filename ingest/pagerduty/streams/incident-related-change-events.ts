import { incidentChildStream, incidentPath } from "../children.ts";

interface ChangeEvent {
  id: string;
  summary: string;
  timestamp: string;
  services?: Array<{ id: string }>;
  custom_details?: Record<string, unknown> | null;
  links?: unknown[];
}

export const incidentRelatedChangeEvents = incidentChildStream(
  {
    name: "incident_related_change_events",
    primaryKey: [["incident_id"], ["id"]],
    properties: { id: "string", summary: "string", timestamp: "string", services: "array", custom_details: "object", links: "array", incident_id: "string" },
  },
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
