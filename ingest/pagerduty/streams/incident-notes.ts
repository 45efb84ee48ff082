import { streamFacts } from "../../protocol/source.ts";
import { incidentChildStream, incidentPath } from "../children.ts";
import incidentNotesSchema from "../../../includes/raw_streams/pagerduty/incident_notes.json" with { type: "json" };

interface Note {
  id: string;
  content: string;
  created_at: string;
}

export const incidentNotes = incidentChildStream(
  streamFacts(incidentNotesSchema),
  async (ctx, incident) => {
    // not paginated: PagerDuty returns every note of an incident at once
    const { body } = await ctx.api.get<{ notes: Note[] }>(`${incidentPath(incident)}/notes`);
    return body.notes.map((note) => ({ id: note.id, content: note.content, created_at: note.created_at, incident_id: incident.id }));
  },
);
