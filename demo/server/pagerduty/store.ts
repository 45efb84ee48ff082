import type { Incident, Organisation } from "../../model/organisation.ts";
import { pagerDutyId } from "../ids.ts";
import * as objects from "./objects.ts";
import type { PagerDutyUrls } from "./objects.ts";

interface LoggedChange {
  at: string;
  type: "custom_field_value_change_log_entry";
  summary: string;
}

/**
 * The served PagerDuty account: lookups, and the in-memory writes of the runbook commands
 * (notes and custom field values), each stamped with the server's clock and logged.
 */
export class PagerDutyStore {
  readonly incidentById: Map<string, Incident>;
  readonly serviceNames: Map<string, string>;
  private readonly writes = new Map<string, LoggedChange[]>();

  constructor(readonly org: Organisation, readonly urls: PagerDutyUrls) {
    this.incidentById = new Map(org.pagerduty.incidents.map((i) => [i.id, i]));
    this.serviceNames = new Map(org.pagerduty.services.map((s) => [s.id, s.name]));
  }

  /** Field names defined on the account: the deployment id field and any a scenario sets. */
  fieldNames(): string[] {
    const names = new Set([this.org.settings?.custom_field_name ?? "deployment_id"]);
    for (const i of this.org.pagerduty.incidents) for (const name of Object.keys(i.custom_fields)) names.add(name);
    return [...names].sort();
  }

  customFields(i: Incident) {
    return this.fieldNames().map((name) => ({
      id: pagerDutyId(`field:${name}`),
      type: "field_value",
      name,
      display_name: name,
      description: "",
      data_type: "string",
      field_type: "single_value",
      value: i.custom_fields[name] ?? null,
    }));
  }

  setCustomField(i: Incident, name: string, value: string | null): void {
    i.custom_fields[name] = value;
    this.log(i, { at: this.urls.now, type: "custom_field_value_change_log_entry", summary: `Custom field ${name} changed.` });
  }

  addNote(i: Incident, content: string) {
    const n = { id: pagerDutyId(`${i.id}:note:${i.notes.length}:${content}`), content, created_at: this.urls.now };
    i.notes.push(n);
    return n;
  }

  updatedAt(i: Incident): string {
    const times = [
      i.created_at,
      ...i.status_changes.map((c) => c.at),
      ...i.notes.map((n) => n.created_at),
      ...(this.writes.get(i.id) ?? []).map((w) => w.at),
    ];
    return times.reduce((a, b) => (b > a ? b : a));
  }

  incident(i: Incident) {
    return objects.incident(this.urls, i, this.serviceNames.get(i.service_id) ?? i.service_id, this.updatedAt(i));
  }

  /** Every log entry of an incident, oldest first: trigger, status changes, notes, field changes. */
  logEntries(i: Incident) {
    const service = objects.reference(this.urls, "service", i.service_id, this.serviceNames.get(i.service_id) ?? i.service_id);
    const incidentRef = objects.reference(this.urls, "incident", i.id, `[#${i.incident_number}] ${i.title}`);
    const user = objects.reference(this.urls, "user", "PDEMOUS", "On-call Engineer");
    const raw: Array<{ at: string; type: string; summary: string; byService: boolean }> = [
      { at: i.created_at, type: "trigger_log_entry", summary: "Triggered through the API.", byService: true },
      ...i.status_changes.map((c) => ({
        at: c.at,
        type: c.type === "reopen" ? "trigger_log_entry" : `${c.type}_log_entry`,
        summary: c.type === "reopen" ? "Reopened." : c.type === "resolve" ? "Resolved." : "Acknowledged.",
        byService: false,
      })),
      ...i.notes.map((n) => ({ at: n.created_at, type: "annotate_log_entry", summary: n.content, byService: false })),
      ...(this.writes.get(i.id) ?? []).map((w) => ({ ...w, byService: false })),
    ];
    return raw
      .map((entry, n) => ({ entry, n }))
      .sort((a, b) => a.entry.at.localeCompare(b.entry.at) || a.n - b.n)
      .map(({ entry, n }) => {
        const id = objects.logEntryId(i, n);
        return {
          id,
          type: entry.type,
          summary: entry.summary,
          self: `${this.urls.api}/log_entries/${id}`,
          html_url: `https://doraform-demo.pagerduty.com/incidents/${i.id}/log_entries/${id}`,
          created_at: entry.at,
          agent: entry.byService ? service : user,
          channel: { type: entry.byService ? "api" : "web_ui" },
          service,
          incident: incidentRef,
          teams: [],
          contexts: [],
          event_details: { description: entry.summary },
        };
      });
  }

  private log(i: Incident, change: LoggedChange): void {
    this.writes.set(i.id, [...(this.writes.get(i.id) ?? []), change]);
  }
}
