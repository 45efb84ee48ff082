/**
 * Issue 15: the PagerDuty log entries are read from the account's log by time window
 * (`GET /log_entries`), not once per incident. What lands must be what reading each landed incident's
 * own log (`GET /incidents/{id}/log_entries`, the per-incident path) gives, field for field: the
 * staging model reads id, type, created_at, incident.id and service.id, and nothing else reads the
 * stream, so equal records mean equal marts.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Organisation } from "../../demo/model/organisation.ts";
import { dayBefore } from "../../demo/model/snapshot.ts";
import { demoOrganisation, loadScenario } from "../../demo/scenario/index.ts";
import type { DemoServer } from "../../demo/server/index.ts";
import { DuckDbLoader } from "../../ingest/load/duckdb.ts";
import { pagerdutySource } from "../../ingest/pagerduty/source.ts";
import { syncSource } from "../../ingest/sync.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { CATALOG, DATASET, demoServers, temporaryDatabase } from "./demo-harness.ts";
import { smallOrganisation } from "./fixtures/small-org.ts";
import { json, startStub } from "./stub-server.ts";

const serve = demoServers();
const SCENARIOS = join(import.meta.dirname, "..", "..", "demo", "scenarios");

async function syncPagerDuty(server: DemoServer, org: Organisation, file: string, extra: Record<string, unknown> = {}): Promise<void> {
  const loader = await DuckDbLoader.open({ file, catalog: CATALOG, dataset: DATASET });
  try {
    await syncSource(pagerdutySource, pagerdutySource.parseConfig({ start_date: org.start_date, ...extra }, server.env), loader, () => undefined);
  } finally {
    await loader.close();
  }
}

interface ServedEntry {
  id: string;
  type: string;
  created_at: string;
  incident: { id: string };
  service: { id: string };
}

/** One incident's own log (`query` narrows it), paged, in the stream's record shape, into `records`. */
async function incidentLog(server: DemoServer, incidentId: string, records: Map<string, unknown>, query = ""): Promise<void> {
  for (let offset = 0; ; offset += 100) {
    const url = `${server.env.PAGERDUTY_API_URL}/incidents/${incidentId}/log_entries?time_zone=UTC&is_overview=false&limit=100&offset=${offset}${query}`;
    const answer = await fetch(url, { headers: { authorization: `Token token=${server.env.PAGERDUTY_TOKEN}` } });
    expect(answer.status, url).toBe(200);
    const page = (await answer.json()) as { more: boolean; log_entries: ServedEntry[] };
    for (const entry of page.log_entries) {
      records.set(entry.id, { id: entry.id, type: entry.type, created_at: entry.created_at, incident: { id: entry.incident.id }, service: { id: entry.service.id } });
    }
    if (!page.more) return;
  }
}

/** The per-incident path, written out here: each landed incident's own log. */
async function perIncidentRecords(server: DemoServer, incidentIds: Iterable<string>): Promise<Map<string, unknown>> {
  const records = new Map<string, unknown>();
  for (const incidentId of incidentIds) await incidentLog(server, incidentId, records);
  return records;
}

/** The landed log entries (latest per id, as staging keeps them) and the landed incidents' ids. */
async function landed(file: string) {
  const warehouse = await openWarehouse({ file, catalog: CATALOG, readOnly: true });
  const latest = (stream: string) =>
    warehouse.all<{ id: string; data: string }>(
      `SELECT json_extract_string(_airbyte_data, '$.id') AS id, _airbyte_data AS data FROM ${DATASET}."pagerduty_raw__stream_${stream}"
       QUALIFY row_number() OVER (PARTITION BY id ORDER BY _airbyte_extracted_at DESC, _airbyte_raw_id DESC) = 1`,
    );
  try {
    const entries = new Map((await latest("incident_log_entries")).map((row) => [row.id, JSON.parse(row.data) as unknown]));
    return { entries, incidents: (await latest("incidents")).map((row) => row.id) };
  } finally {
    warehouse.close();
  }
}

const organisations: Array<[string, () => Promise<Organisation>]> = [
  ["the default demo", () => demoOrganisation()],
  ...readdirSync(SCENARIOS)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name): [string, () => Promise<Organisation>] => [`scenario ${name}`, () => loadScenario(join(SCENARIOS, name))]),
];

describe.each(organisations)("the log entries landed from %s", (_name, make) => {
  it("are, field for field, those of each landed incident's own log: on a first sync, under the fault mix, and after a nightly sync", async () => {
    const org = await make();
    const server = await serve(org);
    const file = temporaryDatabase();
    await syncPagerDuty(server, org, file);
    const first = await landed(file);
    const reference = await perIncidentRecords(server, first.incidents);
    expect(first.entries).toEqual(reference);

    const stormy = await serve(org, { faults: true, seed: 3 });
    const stormyFile = temporaryDatabase();
    await syncPagerDuty(stormy, org, stormyFile);
    expect(stormy.violations()).toEqual([]);
    expect((await landed(stormyFile)).entries).toEqual(reference);

    // the organisation as it stood the night before, then today's: one night's incremental sync
    const nightlyFile = temporaryDatabase();
    await syncPagerDuty(await serve({ ...org, as_of: dayBefore(org) }), org, nightlyFile);
    await syncPagerDuty(server, org, nightlyFile);
    const nightly = await landed(nightlyFile);
    expect(nightly.incidents.sort()).toEqual([...first.incidents].sort());
    expect(nightly.entries).toEqual(reference);
  }, 300_000);
});

describe("the account-wide log", () => {
  it("gives a backfill's incidents their entries logged after the backfilled days too", async () => {
    const org = smallOrganisation();
    // Q1INC (4 March) is reopened and resolved again on 20 March, inside the range the first sync lands
    org.pagerduty.incidents.find((incident) => incident.id === "Q1INC")!.status_changes.push({ type: "reopen", at: "2026-03-20T09:00:00Z" }, { type: "resolve", at: "2026-03-20T10:00:00Z" });
    const server = await serve(org);
    const file = temporaryDatabase();
    await syncPagerDuty(server, org, file, { start_date: "2026-03-10" });
    expect((await landed(file)).incidents).toEqual(["Q2INC"]);
    await syncPagerDuty(server, org, file, { start_date: "2026-03-01" });
    const { entries, incidents } = await landed(file);
    expect(incidents.sort()).toEqual(["Q1INC", "Q2INC"]);
    const reference = await perIncidentRecords(server, incidents);
    expect([...reference.values()].filter((entry) => (entry as { created_at: string }).created_at.startsWith("2026-03-20"))).toHaveLength(2);
    expect(entries).toEqual(reference);
  }, 300_000);

  it("holds every entry on the demo: the comparisons above compare something", async () => {
    const org = await demoOrganisation();
    const server = await serve(org);
    const file = temporaryDatabase();
    await syncPagerDuty(server, org, file);
    const { entries, incidents } = await landed(file);
    expect(incidents.length).toBeGreaterThan(100);
    // a trigger per incident, and more
    expect(entries.size).toBeGreaterThan(2 * incidents.length);
    expect(server.requestCounts()["GET /incidents/{id}/log_entries"] ?? 0).toBe(0);
  }, 300_000);

  it("is split where one window would hold more entries than PagerDuty's offset cap of 10,000 lets a listing page through", async () => {
    const org = smallOrganisation();
    const storm = org.pagerduty.incidents.find((incident) => incident.id === "Q1INC")!;
    // 10,200 acknowledgements, 2 seconds apart, the hour after the incident opened
    storm.status_changes = [
      ...Array.from({ length: 10_200 }, (_, i) => ({ type: "acknowledge" as const, at: new Date(Date.parse(storm.created_at) + (i + 1) * 2000).toISOString().replace(".000", "") })),
      ...storm.status_changes.filter((change) => change.type === "resolve"),
    ];
    const server = await serve(org);
    const file = temporaryDatabase();
    await syncPagerDuty(server, org, file);
    const { entries, incidents } = await landed(file);
    const ofStorm = [...entries.values()].filter((entry) => (entry as { incident: { id: string } }).incident.id === "Q1INC");
    // the trigger, every acknowledgement and the resolution: none lost past the cap
    expect(ofStorm.length).toBe(1 + storm.status_changes.length + storm.notes.length);
    // the per-incident path cannot page through that incident's own log: it is read in two halves of time
    const reference = await perIncidentRecords(server, incidents.filter((id) => id !== "Q1INC"));
    await incidentLog(server, "Q1INC", reference, "&until=2026-03-04T15:00:00Z");
    await incidentLog(server, "Q1INC", reference, "&since=2026-03-04T15:00:00Z");
    expect(entries).toEqual(reference);
  }, 300_000);
});

describe("an error answer to the account-wide listing", () => {
  it("stops the sync with one line naming the endpoint, lands none of the stream, and the next sync lands each entry once", async () => {
    const org = smallOrganisation();
    const server = await serve(org);
    let refuse = true;
    // the demo's PagerDuty behind a loopback proxy that refuses the account's log while `refuse` holds
    const proxy = await startStub(async (request, response) => {
      if (refuse && request.url.startsWith("/log_entries")) {
        json(response, 400, { error: { message: "Invalid Input Provided", code: 2001, errors: ["since is not a valid date."] } });
        return;
      }
      const answer = await fetch(`${server.env.PAGERDUTY_API_URL}${request.url}`, { headers: { authorization: String(request.headers.authorization ?? "") } });
      json(response, answer.status, await answer.json());
    });
    try {
      const file = temporaryDatabase();
      const env = { ...server.env, PAGERDUTY_API_URL: proxy.url };
      const failure = await syncPagerDuty({ ...server, env }, org, file).then(
        () => new Error("the sync succeeded"),
        (error: unknown) => error as Error,
      );
      expect(failure.message).toBe("pagerduty: GET /log_entries: 400 Invalid Input Provided");
      expect((await landed(file)).entries.size).toBe(0);

      refuse = false;
      await syncPagerDuty({ ...server, env }, org, file);
      const { entries, incidents } = await landed(file);
      expect(entries).toEqual(await perIncidentRecords(server, incidents));
      expect(await rawCount(file, "incident_log_entries")).toBe(entries.size);
    } finally {
      await proxy.close();
    }
  });
});

async function rawCount(file: string, stream: string): Promise<number> {
  const warehouse = await openWarehouse({ file, catalog: CATALOG, readOnly: true });
  try {
    return Number((await warehouse.all<{ n: number }>(`SELECT count(*) AS n FROM ${DATASET}."pagerduty_raw__stream_${stream}"`))[0]!.n);
  } finally {
    warehouse.close();
  }
}
