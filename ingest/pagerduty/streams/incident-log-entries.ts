import { mapConcurrently } from "../../protocol/concurrency.ts";
import { streamFacts } from "../../protocol/source.ts";
import { incidentPath } from "../children.ts";
import type { PagerDutyContext, PagerDutyStream } from "../context.ts";
import { creationWindow, incidentsToVisit, type Incident, type IncidentsCursor } from "../incident-listing.ts";
import { aDayPastNow, listByWindows } from "../windowed-listing.ts";
import incidentLogEntriesSchema from "../../../includes/raw_streams/pagerduty/incident_log_entries.json" with { type: "json" };

interface LogEntry {
  id: string;
  type: string;
  created_at: string;
  incident?: { id: string } | null;
  service?: { id: string } | null;
}

/** Every entry, not only the overview (PagerDuty's default, said anyway). */
const QUERY = { is_overview: "false" };

/**
 * Every log entry of the incidents the other incident streams visit, read from the account's log
 * (`GET /log_entries`) by time rather than once per incident: a log entry is never older than its
 * incident, so the log from the earliest visited creation on holds them all (with entries of other
 * incidents, skipped). An incident still open from before the creation window is read on its own, so
 * that one old incident does not stretch the window back (docs/extractors.md#pagerduty-log-entries).
 */
export const incidentLogEntries: PagerDutyStream<IncidentsCursor> = {
  ...streamFacts(incidentLogEntriesSchema),
  async *read(ctx, state) {
    const { incidents, next } = await incidentsToVisit(ctx, state);
    const { since } = creationWindow(ctx, state);
    const inWindow = incidents.filter((incident) => Date.parse(incident.created_at) >= since);
    const older = incidents.filter((incident) => Date.parse(incident.created_at) < since);
    for await (const records of mapConcurrently(older, ctx.config.concurrency, (incident) => entriesOf(ctx, incident))) yield* records;
    if (inWindow.length === 0) return next;
    const visited = new Map(inWindow.map((incident) => [incident.id, incident]));
    const from = Math.min(...inWindow.map((incident) => Date.parse(incident.created_at)));
    // up to now, whatever the creation window's end: a backfill's incidents went on being logged after it
    const until = aDayPastNow();
    const seen = new Set<string>();
    for await (const entry of listByWindows<LogEntry>(ctx, "/log_entries", "log_entries", QUERY, from, until)) {
      const incident = entry.incident ? visited.get(entry.incident.id) : undefined;
      // paging newest first while entries arrive can show one twice
      if (!incident || seen.has(entry.id)) continue;
      seen.add(entry.id);
      yield record(entry, incident);
    }
    return next;
  },
};

/** An incident's own log (`GET /incidents/{id}/log_entries`). */
async function entriesOf(ctx: PagerDutyContext, incident: Incident): Promise<Array<Record<string, unknown>>> {
  const records: Array<Record<string, unknown>> = [];
  for await (const entry of ctx.api.list<LogEntry>(`${incidentPath(incident)}/log_entries`, { time_zone: "UTC", ...QUERY }, "log_entries")) records.push(record(entry, incident));
  return records;
}

function record(entry: LogEntry, incident: Incident): Record<string, unknown> {
  return {
    id: entry.id,
    type: entry.type,
    created_at: entry.created_at,
    incident: { id: entry.incident?.id ?? incident.id },
    service: { id: entry.service?.id ?? incident.service.id },
  };
}
