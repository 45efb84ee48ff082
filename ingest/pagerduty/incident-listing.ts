import { mapConcurrently } from "../protocol/concurrency.ts";
import { OFFSET_CAP } from "./api.ts";
import type { PagerDutyContext } from "./context.ts";

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
/** PagerDuty answers at most 6 months per listing. */
const WINDOW_DAYS = 179;

/**
 * The incidents a stream must (re)visit: those created since the cursor's lookback (or the start date,
 * and before a backfill's end) that changed since its cursor, and those still open at the last sync,
 * wherever they were created.
 */
export async function incidentsToVisit(ctx: PagerDutyContext, cursor: IncidentsCursor | undefined): Promise<{ incidents: Incident[]; next: IncidentsCursor }> {
  const since = cursor?.created_at ? Date.parse(cursor.created_at) - ctx.config.lookbackDays * DAY_MS : Date.parse(ctx.config.startDate);
  const listed = new Map<string, Incident>();
  for (let from = since, until = ctx.config.endDate ? Date.parse(ctx.config.endDate) : Date.now() + DAY_MS; from < until; from += WINDOW_DAYS * DAY_MS) {
    for await (const incident of listWindow(ctx, from, Math.min(until, from + WINDOW_DAYS * DAY_MS))) listed.set(incident.id, incident);
  }
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

/** One creation window, halved while it holds more incidents than the offset cap lets one listing page through. */
async function* listWindow(ctx: PagerDutyContext, from: number, until: number): AsyncGenerator<Incident> {
  const query = {
    since: new Date(from).toISOString(),
    until: new Date(until).toISOString(),
    time_zone: "UTC",
    sort_by: "created_at:asc",
    "service_ids[]": ctx.config.serviceIds.length ? ctx.config.serviceIds : undefined,
  };
  if (until - from > 3_600_000 && (await ctx.api.total("/incidents", query)) > OFFSET_CAP) {
    const middle = from + Math.floor((until - from) / 2);
    yield* listWindow(ctx, from, middle);
    yield* listWindow(ctx, middle, until);
    return;
  }
  yield* ctx.api.list<Incident>("/incidents", query, "incidents");
}

async function fetchIncident(ctx: PagerDutyContext, id: string): Promise<Incident | undefined> {
  const response = await ctx.api.get<{ incident: Incident }>(`/incidents/${encodeURIComponent(id)}`, { allow: [404] });
  return response.status === 200 ? response.body.incident : undefined;
}
