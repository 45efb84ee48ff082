import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { call } from "./fixture.ts";
import { organisation } from "./fixture.ts";

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer(organisation());
});
afterAll(() => server.close());

const get = (path: string) => call(server, "pagerduty", path);
const numbers = async (query: string) => (await get(`/incidents?${query}`)).body.incidents.map((i: { incident_number: number }) => i.incident_number);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("services", () => {
  test("listed by name with offset paging", async () => {
    const first = (await get("/services?limit=1")).body;
    expect(first).toMatchObject({ limit: 1, offset: 0, more: true, total: null });
    expect(first.services.map((s: { id: string }) => s.id)).toEqual(["PSVC001"]);
    const second = (await get("/services?limit=1&offset=1&total=true")).body;
    expect(second).toMatchObject({ more: false, total: 2 });
    expect(second.services[0]).toMatchObject({ id: "PSVC002", name: "web", type: "service", summary: "web" });
  });
});

describe("incidents", () => {
  test("without since/until: the 30 days before the end of as_of, by incident number", async () => {
    // now = 2026-03-10T23:59:59Z; the window starts 2026-02-09: #1, #2, #5 and the February incidents #18–#39
    expect(await numbers("limit=100")).toEqual([1, 2, 5, ...range(18, 39)]);
  });

  test("offset paging with more, and total only when asked", async () => {
    const page = async (offset: number) => (await get(`/incidents?limit=10&offset=${offset}`)).body;
    const pages = [await page(0), await page(10), await page(20)];
    expect(pages.map((p) => p.more)).toEqual([true, true, false]);
    expect(pages.flatMap((p) => p.incidents.map((i: { incident_number: number }) => i.incident_number))).toEqual([1, 2, 5, ...range(18, 39)]);
    expect(pages[0].total).toBeNull();
    expect((await get("/incidents?date_range=all&total=true")).body.total).toBe(34);
  });

  test("limit is capped at 100 and offset + limit may not pass 10000", async () => {
    expect((await get("/incidents?limit=500")).body.limit).toBe(100);
    const refused = await get("/incidents?offset=9950&limit=100");
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe(2001);
    expect(refused.body.error.errors[0]).toMatch(/Offset/);
  });

  test("since/until filter on creation time and may not span more than 6 months", async () => {
    expect(await numbers("since=2026-03-05T00:00:00Z&until=2026-03-09T00:00:00Z")).toEqual([2, 5]);
    expect(await numbers("since=2025-11-01T00:00:00Z&until=2026-03-11T00:00:00Z&limit=100")).toEqual([1, 2, 3, 5, ...range(10, 39)]);
    const tooLong = await get("/incidents?since=2025-09-01T00:00:00Z&until=2026-03-10T00:00:00Z");
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe("Invalid Input Provided");
    expect((await get("/incidents?since=not-a-date")).status).toBe(400);
  });

  test("time_zone renders timestamps with that zone's offset and reads since/until without an offset in it", async () => {
    const one = (await get("/incidents/PINC001?time_zone=America/New_York")).body.incident;
    // 2026-03-04 is before the US switch to summer time (2026-03-08): New York is UTC-5
    expect(one.created_at).toBe("2026-03-04T06:00:00-05:00");
    expect(one.resolved_at).toBe("2026-03-04T07:00:00-05:00");
    const two = (await get("/incidents/PINC002?time_zone=America/New_York")).body.incident;
    expect(two.created_at).toBe("2026-03-08T04:00:00-04:00"); // 08:00Z, after the switch
    // a naive window in Tokyo (UTC+9): 2026-03-04T20:00 local is 11:00Z, the moment #1 was created
    expect(await numbers("time_zone=Asia/Tokyo&since=2026-03-04T20:00:00&until=2026-03-04T20:00:01")).toEqual([1]);
    expect(await numbers("since=2026-03-04T20:00:00&until=2026-03-04T20:00:01")).toEqual([]);
    expect((await get("/incidents?time_zone=Mars/Olympus")).status).toBe(400);
  });

  test("statuses[], service_ids[] and sort_by", async () => {
    expect(await numbers("date_range=all&statuses[]=triggered")).toEqual([2]);
    expect(await numbers("date_range=all&statuses[]=acknowledged")).toEqual([5]);
    expect(await numbers("date_range=all&statuses[]=triggered&statuses[]=acknowledged")).toEqual([2, 5]);
    expect(await numbers("date_range=all&service_ids[]=PSVC001")).toEqual([1, 3]);
    expect((await numbers("sort_by=created_at:desc")).slice(0, 4)).toEqual([2, 5, 1, 39]);
    expect((await get("/incidents?sort_by=severity")).status).toBe(400);
  });

  test("an incident's status, resolution and merge come from its status changes", async () => {
    const one = (await get("/incidents/PINC001")).body.incident;
    expect(one).toMatchObject({
      id: "PINC001",
      incident_number: 1,
      status: "resolved",
      urgency: "high",
      created_at: "2026-03-04T11:00:00Z",
      resolved_at: "2026-03-04T12:00:00Z",
      last_status_change_at: "2026-03-04T12:00:00Z",
      updated_at: "2026-03-04T12:00:00Z",
      service: { id: "PSVC001", type: "service_reference" },
      resolve_reason: null,
    });
    expect(one.acknowledgements.map((a: { at: string }) => a.at)).toEqual(["2026-03-04T11:05:00Z"]);
    const merged = (await get("/incidents/PINC003")).body.incident;
    expect(merged.resolve_reason).toMatchObject({ type: "merge_resolve_reason", incident: { id: "PINC001" } });
    const reopened = (await get("/incidents/PINC005")).body.incident;
    expect(reopened).toMatchObject({ status: "acknowledged", resolved_at: null, last_status_change_at: "2026-03-06T10:30:00Z" });
    expect((await get("/incidents/PINC004")).status).toBe(404); // created after as_of
  });
});

describe("log entries, notes, custom fields and change events", () => {
  test("an incident's log entries, newest first, and the account-wide list by time window", async () => {
    const types = ["resolve_log_entry", "annotate_log_entry", "acknowledge_log_entry", "trigger_log_entry"];
    const entries = (await get("/incidents/PINC001/log_entries")).body.log_entries;
    expect(entries.map((e: { type: string }) => e.type)).toEqual(types);
    expect(entries.every((e: { incident: { id: string }; service: { id: string } }) => e.incident.id === "PINC001" && e.service.id === "PSVC001")).toBe(true);
    const window = (await get("/log_entries?since=2026-03-04T00:00:00Z&until=2026-03-05T00:00:00Z")).body.log_entries;
    expect(window.map((e: { type: string }) => e.type)).toEqual(types);
  });

  test("the account-wide list pages with more and total, defaults to the month before now, and takes no date_range", async () => {
    const all = (await get("/log_entries?since=2026-01-01T00:00:00Z&until=2026-03-11T00:00:00Z&limit=100&total=true")).body;
    expect(all.total).toBe(all.log_entries.length);
    const times = all.log_entries.map((e: { created_at: string }) => e.created_at);
    expect(times).toEqual([...times].sort().reverse());
    const pages = [];
    for (let offset = 0; ; offset += 7) {
      const page = (await get(`/log_entries?since=2026-01-01T00:00:00Z&until=2026-03-11T00:00:00Z&limit=7&offset=${offset}`)).body;
      expect(page).toMatchObject({ limit: 7, offset, total: null });
      pages.push(...page.log_entries);
      if (!page.more) break;
    }
    expect(pages).toEqual(all.log_entries);
    // now = 2026-03-10T23:59:59Z: the default window starts 30 days before
    const defaulted = (await get("/log_entries?limit=100")).body.log_entries.map((e: { created_at: string }) => e.created_at);
    expect(defaulted).toEqual(times.filter((t: string) => t >= "2026-02-08T23:59:59Z" && t <= "2026-03-10T23:59:59Z"));
    expect(defaulted.length).toBeGreaterThan(0);
    expect(defaulted.length).toBeLessThan(times.length);
    expect((await get("/log_entries?limit=100&date_range=all")).body.log_entries.length).toBe(defaulted.length);
    expect((await get("/log_entries?since=2025-06-01T00:00:00Z&until=2026-03-01T00:00:00Z")).status).toBe(400);
    expect((await get("/log_entries?since=2026-01-01T00:00:00Z&until=2026-03-11T00:00:00Z&offset=9950&limit=100")).status).toBe(400);
  });

  test("is_overview keeps the status changes, include[] puts the full objects in place of references", async () => {
    const window = "since=2026-03-04T00:00:00Z&until=2026-03-05T00:00:00Z";
    const overview = (await get(`/log_entries?${window}&is_overview=true`)).body.log_entries.map((e: { type: string }) => e.type);
    expect(overview).toEqual(["resolve_log_entry", "acknowledge_log_entry", "trigger_log_entry"]);
    expect((await get("/incidents/PINC001/log_entries?is_overview=true")).body.log_entries.map((e: { type: string }) => e.type)).toEqual(overview);
    expect((await get(`/log_entries?${window}&is_overview=false`)).body.log_entries).toHaveLength(4);
    expect((await get(`/log_entries?${window}&is_overview=yes`)).status).toBe(400);
    const included = (await get(`/log_entries?${window}&include[]=incidents&include[]=services`)).body.log_entries[0];
    expect(included.incident).toMatchObject({ id: "PINC001", type: "incident", status: "resolved" });
    expect(included.service).toMatchObject({ id: "PSVC001", type: "service", name: "api" });
    expect((await get(`/log_entries?${window}&include[]=users`)).status).toBe(400);
  });

  test("notes are listed, and a new note needs a From header and lands on the incident", async () => {
    expect((await get("/incidents/PINC001/notes")).body.notes.map((n: { content: string }) => n.content)).toEqual(["deployment: gh-run:100"]);
    const body = { note: { content: "deployment: gh-run:101" } };
    const noFrom = await call(server, "pagerduty", "/incidents/PINC002/notes", { method: "POST", body });
    expect(noFrom.status).toBe(400);
    const created = await call(server, "pagerduty", "/incidents/PINC002/notes", { method: "POST", body, headers: { from: "sre@acme.example" } });
    expect(created.status).toBe(200);
    expect(created.body.note).toMatchObject({ content: "deployment: gh-run:101", created_at: "2026-03-10T23:59:59Z" });
    expect((await get("/incidents/PINC002/notes")).body.notes.map((n: { content: string }) => n.content)).toEqual(["deployment: gh-run:101"]);
    expect((await get("/incidents/PINC002")).body.incident.updated_at).toBe("2026-03-10T23:59:59Z");
    expect((await get("/incidents/PINC002/log_entries")).body.log_entries[0].type).toBe("annotate_log_entry");
  });

  test("custom field values are read and written by name", async () => {
    const values = (await get("/incidents/PINC001/custom_fields/values")).body.custom_fields;
    expect(values).toEqual([expect.objectContaining({ name: "deployment_id", value: "gh-run:100", type: "field_value" })]);
    const put = await call(server, "pagerduty", "/incidents/PINC005/custom_fields/values", {
      method: "PUT",
      body: { custom_fields: [{ name: "deployment_id", value: "gh-run:100" }] },
    });
    expect(put.status).toBe(201);
    expect((await get("/incidents/PINC005/custom_fields/values")).body.custom_fields[0].value).toBe("gh-run:100");
    expect((await get("/incidents/PINC005/log_entries")).body.log_entries[0].type).toBe("custom_field_value_change_log_entry");
    const unknown = await call(server, "pagerduty", "/incidents/PINC005/custom_fields/values", {
      method: "PUT",
      body: { custom_fields: [{ name: "severity", value: "sev1" }] },
    });
    expect(unknown.status).toBe(400);
  });

  test("related change events carry the correlation reason; change events list by UTC window", async () => {
    const related = (await get("/incidents/PINC001/related_change_events")).body.change_events;
    expect(related).toEqual([
      expect.objectContaining({ id: "CE1", correlation_reason: { reason: "related_service" }, custom_details: { deployment_id: "gh-run:100" } }),
    ]);
    expect(related[0].services.map((s: { id: string }) => s.id)).toEqual(["PSVC001"]);
    const ids = async (query: string) => (await get(`/change_events${query}`)).body.change_events.map((e: { id: string }) => e.id);
    expect(await ids("")).toEqual(["CE1"]);
    expect(await ids("?since=2025-10-15T00:00:00Z&until=2026-03-11T00:00:00Z")).toEqual(["CE1", "CE2"]);
    expect((await get("/change_events?since=2026-03-01T00:00:00%2B02:00")).status).toBe(400);
  });
});

describe("tokens and rate-limit headers", () => {
  test("a wrong token gets PagerDuty's 401; each request spends one of the minute's requests", async () => {
    const wrong = await fetch(`${server.env.PAGERDUTY_API_URL}/services`, { headers: { authorization: "Token token=nope" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { message: "Unauthorized", code: 2006 } });
    const a = await get("/services");
    const b = await get("/services");
    expect(a.headers.get("ratelimit-limit")).toBe("960");
    expect(Number(b.headers.get("ratelimit-remaining"))).toBe(Number(a.headers.get("ratelimit-remaining")) - 1);
    expect(Number(b.headers.get("ratelimit-reset"))).toBeLessThanOrEqual(60);
  });

  test("unknown routes and incidents are PagerDuty's 404", async () => {
    expect((await get("/incidents/PNOPE")).body).toEqual({ error: { message: "Not Found", code: 2100 } });
    expect((await get("/schedules")).status).toBe(404);
  });
});
