import type { Incident } from "../../model/organisation.ts";
import { isApiResponse, type ApiRequest, type ApiResponse, type Router } from "../router.ts";
import * as objects from "./objects.ts";
import { arrayParam, inWindow, invalidInput, notFound, paginated, readWindow } from "./responses.ts";
import type { PagerDutyStore } from "./store.ts";
import { parseIn } from "./time-zone.ts";

const SORT_FIELDS = ["incident_number", "created_at", "resolved_at", "urgency"];
const STATUSES = ["triggered", "acknowledged", "resolved"];
/** What `is_overview=true` keeps of a log ("only the most important changes"): the demo's reading is the status changes. */
const OVERVIEW = new Set(["trigger_log_entry", "acknowledge_log_entry", "resolve_log_entry"]);
const LOG_ENTRY_INCLUDES = ["incidents", "services", "channels", "teams"];

/** `is_overview` (default false) and `include[]` of both log entry listings, or the 400 a bad value gets. */
function logEntryOptions(request: ApiRequest): { overview: boolean; include: Set<string> } | ApiResponse {
  const overview = request.query.get("is_overview") ?? "false";
  if (overview !== "true" && overview !== "false") return invalidInput("is_overview must be true or false.");
  const include = arrayParam(request, "include");
  const unknown = include.find((name) => !LOG_ENTRY_INCLUDES.includes(name));
  if (unknown !== undefined) return invalidInput(`include[] ${unknown} is not one of ${LOG_ENTRY_INCLUDES.join(", ")}.`);
  return { overview: overview === "true", include: new Set(include) };
}

/** Registers PagerDuty's REST routes (paths below PAGERDUTY_API_URL). */
export function registerPagerDutyRoutes(router: Router, store: PagerDutyStore): void {
  const { org, urls } = store;
  // include[]=incidents or services: the full object in place of the reference
  const withIncluded = (entry: ReturnType<PagerDutyStore["logEntries"]>[number], include: Set<string>) => {
    const i = store.incidentById.get(entry.incident.id)!;
    const s = org.pagerduty.services.find((x) => x.id === entry.service.id);
    return {
      ...entry,
      ...(include.has("incidents") ? { incident: store.incident(i) } : {}),
      ...(include.has("services") && s ? { service: objects.service(urls, s, lastIncident(s.id)) } : {}),
    };
  };
  const withIncident = (handler: (request: ApiRequest, i: Incident) => ApiResponse) => (request: ApiRequest) => {
    const i = store.incidentById.get(request.params.id!);
    return i ? handler(request, i) : notFound();
  };
  const lastIncident = (serviceId: string) =>
    org.pagerduty.incidents.filter((i) => i.service_id === serviceId).reduce<string | null>((a, i) => (a === null || i.created_at > a ? i.created_at : a), null);

  router
    .add("GET", "/services", (request) => {
      const query = request.query.get("query")?.toLowerCase();
      const services = org.pagerduty.services
        .filter((s) => !query || s.name.toLowerCase().includes(query))
        .sort((a, b) => a.name.localeCompare(b.name));
      if (request.query.get("sort_by") === "name:desc") services.reverse();
      return paginated(request, "services", services, (s) => objects.service(urls, s, lastIncident(s.id)));
    })
    .add("GET", "/services/{id}", (request) => {
      const s = org.pagerduty.services.find((x) => x.id === request.params.id);
      return s ? { status: 200, body: { service: objects.service(urls, s, lastIncident(s.id)) } } : notFound();
    })
    .add("GET", "/incidents", (request) => listIncidents(request, store))
    .add("GET", "/incidents/{id}", withIncident((_request, i) => ({ status: 200, body: { incident: store.incident(i) } })))
    .add(
      "GET",
      "/incidents/{id}/log_entries",
      withIncident((request, i) => {
        const options = logEntryOptions(request);
        if (isApiResponse(options)) return options;
        // unlike the account-wide list, an incident's log has no default window
        const zone = request.query.get("time_zone");
        const bound = (name: string) => (request.query.has(name) ? parseIn(zone, request.query.get(name)!) : undefined);
        const since = bound("since") ?? -Infinity;
        const until = bound("until") ?? Infinity;
        if (Number.isNaN(since) || Number.isNaN(until)) return invalidInput("since and until must be dates.");
        const entries = store
          .logEntries(i)
          .filter((e) => Date.parse(e.created_at) >= since && Date.parse(e.created_at) < until && (!options.overview || OVERVIEW.has(e.type)))
          .reverse();
        return paginated(request, "log_entries", entries, (e) => withIncluded(e, options.include));
      }),
    )
    .add("GET", "/log_entries", (request) => {
      // listLogEntries takes no date_range: only since/until (the month before now when absent, at most 6 months)
      const window = readWindow(request, urls.now, { dateRange: false });
      if (isApiResponse(window)) return window;
      const options = logEntryOptions(request);
      if (isApiResponse(options)) return options;
      const entries = org.pagerduty.incidents
        .flatMap((i) => store.logEntries(i))
        .filter((e) => inWindow(window, e.created_at) && (!options.overview || OVERVIEW.has(e.type)))
        .sort((a, b) => b.created_at.localeCompare(a.created_at) || a.id.localeCompare(b.id));
      return paginated(request, "log_entries", entries, (e) => withIncluded(e, options.include));
    })
    .add(
      "GET",
      "/incidents/{id}/notes",
      withIncident((_request, i) => ({ status: 200, body: { notes: i.notes.map((n) => objects.note(urls, n)) } })),
    )
    .add(
      "POST",
      "/incidents/{id}/notes",
      withIncident((request, i) => {
        const from = request.headers.from;
        if (typeof from !== "string" || !from.includes("@")) return invalidInput("A From header with the email address of a valid user is required.");
        const content = (request.body as { note?: { content?: unknown } } | undefined)?.note?.content;
        if (typeof content !== "string" || content.trim() === "") return invalidInput("note.content must be a non-empty string.");
        // the official description answers a new note with 200 (and a custom field update with 201)
        return { status: 200, body: { note: objects.note(urls, store.addNote(i, content)) } };
      }),
    )
    .add(
      "GET",
      "/incidents/{id}/custom_fields/values",
      withIncident((_request, i) => ({ status: 200, body: { custom_fields: store.customFields(i) } })),
    )
    .add(
      "PUT",
      "/incidents/{id}/custom_fields/values",
      withIncident((request, i) => {
        const fields = (request.body as { custom_fields?: unknown } | undefined)?.custom_fields;
        if (!Array.isArray(fields)) return invalidInput("custom_fields must be an array.");
        const known = store.customFields(i);
        const updates: Array<{ name: string; value: string | null }> = [];
        for (const field of fields as Array<{ id?: unknown; name?: unknown; value?: unknown }>) {
          const definition = known.find((k) => k.name === field.name || k.id === field.id);
          if (!definition) return invalidInput(`Custom field ${String(field.name ?? field.id)} does not exist.`);
          if (field.value !== null && typeof field.value !== "string") return invalidInput(`Custom field ${definition.name} takes a string value.`);
          updates.push({ name: definition.name, value: field.value });
        }
        for (const update of updates) store.setCustomField(i, update.name, update.value);
        return { status: 201, body: { custom_fields: store.customFields(i) } };
      }),
    )
    .add(
      "GET",
      "/incidents/{id}/related_change_events",
      withIncident((request, i) => {
        const events = i.related_change_event_ids
          .map((id) => org.pagerduty.change_events.find((e) => e.id === id))
          .filter((e) => e !== undefined);
        return paginated(request, "change_events", events, (e) => ({
          ...objects.changeEvent(urls, e, store.serviceNames),
          correlation_reason: { reason: e.service_ids.includes(i.service_id) ? "related_service" : "most_recent" },
        }));
      }),
    )
    .add("GET", "/change_events", (request) => {
      const window = readWindow(request, urls.now, { utcOnly: true });
      if (isApiResponse(window)) return window;
      const events = org.pagerduty.change_events
        .filter((e) => inWindow(window, e.timestamp))
        .sort((a, b) => b.timestamp.localeCompare(a.timestamp) || a.id.localeCompare(b.id));
      return paginated(request, "change_events", events, (e) => objects.changeEvent(urls, e, store.serviceNames));
    });
}

function listIncidents(request: ApiRequest, store: PagerDutyStore): ApiResponse {
  const window = readWindow(request, store.urls.now);
  if (isApiResponse(window)) return window;
  const statuses = arrayParam(request, "statuses");
  if (statuses.some((s) => !STATUSES.includes(s))) return invalidInput("statuses must be triggered, acknowledged or resolved.");
  const serviceIds = arrayParam(request, "service_ids");
  const urgencies = arrayParam(request, "urgencies");
  const sortBy = (request.query.get("sort_by") ?? "incident_number:asc").split(",").filter((s) => s !== "");
  if (sortBy.length > 2) return invalidInput("sort_by takes at most two fields.");
  const keys = sortBy.map((spec) => {
    const [field, direction = "asc"] = spec.split(":");
    return { field: field!, descending: direction === "desc" };
  });
  if (keys.some((k) => !SORT_FIELDS.includes(k.field))) return invalidInput(`sort_by must name ${SORT_FIELDS.join(", ")}.`);
  const rows = store.org.pagerduty.incidents
    .filter((i) => inWindow(window, i.created_at))
    .filter((i) => serviceIds.length === 0 || serviceIds.includes(i.service_id))
    .filter((i) => urgencies.length === 0 || urgencies.includes(i.urgency))
    .map((i) => store.incident(i))
    .filter((i) => statuses.length === 0 || statuses.includes(i.status));
  rows.sort((a, b) => {
    for (const { field, descending } of keys) {
      const x = a[field as keyof typeof a] as string | number | null;
      const y = b[field as keyof typeof b] as string | number | null;
      const order = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
      if (order !== 0) return descending ? -order : order;
    }
    return a.incident_number - b.incident_number;
  });
  return paginated(request, "incidents", rows, (i) => i);
}
