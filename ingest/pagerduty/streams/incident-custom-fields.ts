import { incidentChildStream, incidentPath } from "../children.ts";

interface FieldValue {
  name: string;
  value: unknown;
}

export const incidentCustomFields = incidentChildStream(
  {
    name: "incident_custom_fields",
    primaryKey: [["incident_id"]],
    properties: { incident_id: "string", custom_fields: "array" },
  },
  async (ctx, incident) => {
    const { body } = await ctx.api.get<{ custom_fields: FieldValue[] }>(`${incidentPath(incident)}/custom_fields/values`);
    return [{ incident_id: incident.id, custom_fields: body.custom_fields.map(({ name, value }) => ({ name, value: value ?? null })) }];
  },
);
