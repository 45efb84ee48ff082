import { streamFacts } from "../../protocol/source.ts";
import { incidentChildStream, incidentPath } from "../children.ts";
import incidentCustomFieldsSchema from "../../../includes/raw_streams/pagerduty/incident_custom_fields.json" with { type: "json" };

interface FieldValue {
  name: string;
  value: unknown;
}

export const incidentCustomFields = incidentChildStream(
  streamFacts(incidentCustomFieldsSchema),
  async (ctx, incident) => {
    const { body } = await ctx.api.get<{ custom_fields: FieldValue[] }>(`${incidentPath(incident)}/custom_fields/values`);
    return [{ incident_id: incident.id, custom_fields: body.custom_fields.map(({ name, value }) => ({ name, value: value ?? null })) }];
  },
);
