import { incidentChildStream, incidentPath } from "../children.ts";

interface Note {
  id: string;
  content: string;
  created_at: string;
}

export const incidentNotes = incidentChildStream(
  {
    name: "incident_notes",
    primaryKey: [["id"]],
    cursorField: ["created_at"],
    properties: { id: "string", content: "string", created_at: "string", incident_id: "string" },
  },
  async (ctx, incident) => {
    // not paginated: PagerDuty returns every note of an incident at once
    const { body } = await ctx.api.get<{ notes: Note[] }>(`${incidentPath(incident)}/notes`);
    return body.notes.map((note) => ({ id: note.id, content: note.content, created_at: note.created_at, incident_id: incident.id }));
  },
);
