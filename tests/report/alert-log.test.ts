import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../core/errors.ts";
import { evaluateAlerts, type Firing } from "../../report/alerts/evaluate.ts";
import { DEFAULT_THRESHOLDS } from "../../report/alerts/rules.ts";
import { ensureSentLog, recordSent, unsent } from "../../report/alerts/sent-log.ts";
import { openMarts, type MartDatabase } from "../../report/reader/open.ts";
import { fakeBigQuery } from "./support/bigquery-stub.ts";
import { WritableTables } from "./support/bigquery-tables.ts";
import { writeMartFile } from "../../demo/warehouse/mart-file.ts";
import { LATEST_COMPLETE_WEEK, plantedOrganisation } from "./support/planted-org.ts";

/**
 * The alert log (`dora.alerts_sent`, report/alerts/sent-log.ts) as the nightly `doraform alerts`
 * job uses it: ensure the table, keep what was not posted yet, record what was posted. A second
 * run of the same week posts nothing again.
 */

/** One run of the job's de-duplication step: what it would post, then recorded as posted. */
async function postOnce(m: MartDatabase): Promise<{ weekStart: string; fired: Firing[]; posted: Firing[] }> {
  const { weekStart, firings } = await evaluateAlerts(m, DEFAULT_THRESHOLDS);
  await ensureSentLog(m);
  const posted = await unsent(m, weekStart!, firings);
  await recordSent(m, posted);
  return { weekStart: weekStart!, fired: firings, posted };
}

const key = (f: Firing) => `${f.rule} ${f.scope} ${f.name}`;

/**
 * The planted organisation's latest complete week (tests/report/alerts.test.ts works it out): api
 * failed 2 of 5 deployments and its lead time tripled; team platform is api alone; the
 * organisation failed 2 of 9 with a p50 of 3 days.
 */
const PLANTED_FIRINGS = [
  "change_failure_rate_high organisation all",
  "change_failure_rate_high service api",
  "change_failure_rate_high team platform",
  "lead_time_p50_up organisation all",
  "lead_time_p50_up service api",
  "lead_time_p50_up team platform",
];

describe("the alert log on BigQuery (the real client against the REST stub)", { timeout: 120_000 }, () => {
  const marts = plantedOrganisation();
  const stubs: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(stubs.splice(0).map((stub) => stub.close()));
  });

  async function bigQuery(tables: WritableTables) {
    const fake = await fakeBigQuery(marts, { tables });
    stubs.push(fake.stub);
    return openMarts({ bigquery: fake.bigquery });
  }

  it("posts each alert of a week once: the next run finds it in dora.alerts_sent, in GoogleSQL a BigQuery parser accepts", async () => {
    const tables = new WritableTables(["alerts_sent"]);
    const first = await bigQuery(tables);
    const started = Date.now();
    const run1 = await postOnce(first).finally(() => first.close());
    expect(run1.weekStart).toBe(LATEST_COMPLETE_WEEK);
    expect(run1.posted.map(key).sort()).toEqual(PLANTED_FIRINGS);

    // the table as BigQuery holds it: the README's (week, rule, scope, name) and when it was sent
    const log = tables.tables.get("dora.alerts_sent")!;
    expect(log.fields).toEqual([
      { name: "week_start", type: "DATE" },
      { name: "rule", type: "STRING" },
      { name: "scope", type: "STRING" },
      { name: "name", type: "STRING" },
      { name: "sent_at", type: "TIMESTAMP" },
    ]);
    expect(log.rows.map((r) => `${r.rule} ${r.scope} ${r.name}`).sort()).toEqual(PLANTED_FIRINGS);
    expect(log.rows.every((r) => r.week_start === LATEST_COMPLETE_WEEK)).toBe(true);
    expect(log.rows.every((r) => Date.parse(r.sent_at as string) >= started - 1000 && Date.parse(r.sent_at as string) <= Date.now())).toBe(true);

    // the nightly job again, a new process with a new connection: nothing is posted twice
    const second = await bigQuery(tables);
    const run2 = await postOnce(second).finally(() => second.close());
    expect(run2.fired.map(key).sort()).toEqual(PLANTED_FIRINGS);
    expect(run2.posted).toEqual([]);
    expect(log.rows).toHaveLength(6);
    // create (twice: if not exists), select, insert, create, select: the second run inserts nothing
    expect(tables.statements.map((s) => s.split(" ")[0])).toEqual(["create", "select", "insert", "create", "select"]);
  });

  it("posts again only what the log lacks: another week, or an alert of the same week not posted yet", async () => {
    const tables = new WritableTables(["alerts_sent"]);
    const m = await bigQuery(tables);
    try {
      await ensureSentLog(m);
      const firing = (rule: Firing["rule"], scope: Firing["scope"], name: string, weekStart: string): Firing => ({ rule, scope, name, weekStart, text: "" });
      await recordSent(m, [firing("lead_time_p50_up", "service", "api", "2026-11-09"), firing("change_failure_rate_high", "team", "platform", LATEST_COMPLETE_WEEK)]);
      const candidates = [
        firing("lead_time_p50_up", "service", "api", LATEST_COMPLETE_WEEK), // posted for the week before only
        firing("change_failure_rate_high", "team", "platform", LATEST_COMPLETE_WEEK), // posted
        firing("change_failure_rate_high", "service", "platform", LATEST_COMPLETE_WEEK), // same name, other scope
        firing("recovery_time_high", "team", "platform", LATEST_COMPLETE_WEEK), // same scope and name, other rule
      ];
      expect((await unsent(m, LATEST_COMPLETE_WEEK, candidates)).map(key)).toEqual([
        "lead_time_p50_up service api",
        "change_failure_rate_high service platform",
        "recovery_time_high team platform",
      ]);
      // recording nothing sends no statement
      const before = tables.statements.length;
      await recordSent(m, []);
      expect(tables.statements).toHaveLength(before);
    } finally {
      await m.close();
    }
  });

  it("fails in one line when the log was never created", async () => {
    const m = await bigQuery(new WritableTables(["alerts_sent"]));
    try {
      const error = await unsent(m, LATEST_COMPLETE_WEEK, []).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toBe("BigQuery (project p): Not found: Table p:dora.alerts_sent was not found in location EU");
    } finally {
      await m.close();
    }
  });
});

describe("the alert log in the embedded warehouse", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-alert-log-"));
  const database = path.join(dir, "warehouse.duckdb");
  beforeAll(() => writeMartFile(database, plantedOrganisation()), 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("posts each alert of a week once across two runs, and keeps the week and time it was sent", async () => {
    const first = await openMarts({ database, write: true });
    // a session far from UTC: the log must still hold the instant it was sent
    await sql`set TimeZone = 'Asia/Tokyo'`.execute(first.db);
    const started = Date.now();
    const run1 = await postOnce(first).finally(() => first.close());
    expect(run1.posted.map(key).sort()).toEqual(PLANTED_FIRINGS);

    const second = await openMarts({ database, write: true });
    try {
      const run2 = await postOnce(second);
      expect(run2.fired).toHaveLength(6);
      expect(run2.posted).toEqual([]);
      const rows = await second.db
        .selectFrom("alerts_sent" as never)
        .select(["week_start", "rule", "scope", "name", "sent_at"] as never[])
        .execute();
      expect(rows).toHaveLength(6);
      // the warehouse's types for BigQuery's (DATE, STRING, TIMESTAMP), as the marts use them
      const columns = await sql<{ column_name: string; data_type: string }>`
        select column_name, data_type from information_schema.columns where table_schema = 'dora' and table_name = 'alerts_sent' order by ordinal_position`.execute(second.db);
      expect(columns.rows).toEqual([
        { column_name: "week_start", data_type: "DATE" },
        { column_name: "rule", data_type: "VARCHAR" },
        { column_name: "scope", data_type: "VARCHAR" },
        { column_name: "name", data_type: "VARCHAR" },
        { column_name: "sent_at", data_type: "TIMESTAMP WITH TIME ZONE" },
      ]);
      for (const row of rows as Array<Record<string, unknown>>) {
        expect(row.week_start).toBe(LATEST_COMPLETE_WEEK);
        expect(Date.parse(String(row.sent_at))).toBeGreaterThanOrEqual(started - 1000);
        expect(Date.parse(String(row.sent_at))).toBeLessThanOrEqual(Date.now());
      }
    } finally {
      await second.close();
    }
  });
});
