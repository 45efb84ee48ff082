import { mapConcurrently } from "../protocol/concurrency.ts";
import type { PagerDutyContext } from "./context.ts";
import { aDayPastNow, listByWindows } from "./windowed-listing.ts";

export interface Incident {
  id: string;
  incident_number: number;
  title: string;
  description: string | null;
  status: "triggered" | "acknowledged" | "resolved";
  urgency: string;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  last_status_change_at: string | null;
  resolve_reason: { type: string; incident?: { id: string } } | null;
  service: { id: string };
  html_url: string;
}

/** Where an incident stream got to: the newest creation and update it saw, and the incidents still open then. */
export interface IncidentsCursor {
  created_at?: string;
  updated_at?: string;
  open?: string[];
}

const DAY_MS = 86_400_000;

/**
 * The creation window a read lists incidents in: from the cursor's lookback (or the start date) up to
 * a backfill's end, else past now.
 */
export function creationWindow(ctx: PagerDutyContext, cursor: IncidentsCursor | undefined): { since: number; until: number } {
  const since = cursor?.created_at ? Date.parse(cursor.created_at) - ctx.config.lookbackDays * DAY_MS : Date.parse(ctx.config.startDate);
  return { since, until: ctx.config.endDate ? Date.parse(ctx.config.endDate) : aDayPastNow() };
}

/**
 * The incidents a stream must (re)visit: those created in its creation window that changed since its
 * cursor, and those still open at the last sync, wherever they were created.
 */
export async function incidentsToVisit(ctx: PagerDutyContext, cursor: IncidentsCursor | undefined): Promise<{ incidents: Incident[]; next: IncidentsCursor }> {
  const { since, until } = creationWindow(ctx, cursor);
  const listed = new Map<string, Incident>();
  const query = { sort_by: "created_at:asc", "service_ids[]": ctx.config.serviceIds.length ? ctx.config.serviceIds : undefined };
  for await (const incident of listByWindows<Incident>(ctx, "/incidents", "incidents", query, since, until)) listed.set(incident.id, incident);
  const stillOpen = (cursor?.open ?? []).filter((id) => !listed.has(id));
  for await (const incident of mapConcurrently(stillOpen, ctx.config.concurrency, (id) => fetchIncident(ctx, id))) {
    if (incident) listed.set(incident.id, incident);
  }
  const all = [...listed.values()].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  const changedSince = cursor?.updated_at ? Date.parse(cursor.updated_at) : -Infinity;
  const wasOpen = new Set(cursor?.open ?? []);
  const incidents = all.filter((incident) => Date.parse(incident.updated_at) > changedSince || wasOpen.has(incident.id));
  const latest = (values: string[], previous?: string) =>
    values.reduce((best, value) => (best === undefined || value > best ? value : best), previous);
  return {
    incidents,
    next: {
      created_at: latest(all.map((incident) => incident.created_at), cursor?.created_at),
      updated_at: latest(all.map((incident) => incident.updated_at), cursor?.updated_at),
      open: all.filter((incident) => incident.status !== "resolved").map((incident) => incident.id),
    },
  };
}

async function fetchIncident(ctx: PagerDutyContext, id: string): Promise<Incident | undefined> {
  const response = await ctx.api.get<{ incident: Incident }>(`/incidents/${encodeURIComponent(id)}`, { allow: [404] });
  return response.status === 200 ? response.body.incident : undefined;
}
