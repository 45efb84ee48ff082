import { incidentChildStream, incidentPath } from "../children.ts";

interface LogEntry {
  id: string;
  type: string;
  created_at: string;
  incident: { id: string };
  service?: { id: string } | null;
}

export const incidentLogEntries = incidentChildStream(
  {
    name: "incident_log_entries",
    primaryKey: [["id"]],
    cursorField: ["created_at"],
    properties: { id: "string", type: "string", created_at: "string", incident: "object", service: "object" },
  },
  async (ctx, incident) => {
    const records: Array<Record<string, unknown>> = [];
    const query = { time_zone: "UTC", is_overview: "false" };
    for await (const entry of ctx.api.list<LogEntry>(`${incidentPath(incident)}/log_entries`, query, "log_entries")) {
      records.push({
        id: entry.id,
        type: entry.type,
        created_at: entry.created_at,
        incident: { id: entry.incident?.id ?? incident.id },
        service: { id: entry.service?.id ?? incident.service.id },
      });
    }
    return records;
  },
);
