import { streamFacts } from "../../protocol/source.ts";
import { incidentChildStream, incidentPath } from "../children.ts";
import incidentLogEntriesSchema from "../../../includes/raw_streams/pagerduty/incident_log_entries.json" with { type: "json" };

interface LogEntry {
  id: string;
  type: string;
  created_at: string;
  incident: { id: string };
  service?: { id: string } | null;
}

export const incidentLogEntries = incidentChildStream(
  streamFacts(incidentLogEntriesSchema),
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
