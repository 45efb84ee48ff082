import { mapConcurrently } from "../protocol/concurrency.ts";
import type { PagerDutyContext, PagerDutyStream } from "./context.ts";
import { incidentsToVisit, type Incident, type IncidentsCursor } from "./incident-listing.ts";

/**
 * A stream of things that hang off an incident (notes, custom field values, related change
 * events): read again for each incident that changed or was open, as its own stream with its own cursor.
 */
export function incidentChildStream(
  facts: Omit<PagerDutyStream<IncidentsCursor>, "read">,
  fetchFor: (ctx: PagerDutyContext, incident: Incident) => Promise<Array<Record<string, unknown>>>,
): PagerDutyStream<IncidentsCursor> {
  return {
    ...facts,
    async *read(ctx, state) {
      const { incidents, next } = await incidentsToVisit(ctx, state);
      for await (const records of mapConcurrently(incidents, ctx.config.concurrency, (incident) => fetchFor(ctx, incident))) yield* records;
      return next;
    },
  };
}

export const incidentPath = (incident: Incident) => `/incidents/${encodeURIComponent(incident.id)}`;
