/**
 * The receiver shares its DuckDB file with every other command: it acknowledges a delivery once it
 * is fsynced in its spool (`FILE.spool/`) and drains the spool into the warehouse only while no one
 * else holds the file. Here another process holds the file (as a transform or a sync does) while
 * deliveries arrive, the receiver is stopped and killed, and a real DuckDB write fails mid-drain.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { DuckDbDeliveryWriter } from "../../ingest/webhooks/duckdb-writer.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { holdFile } from "../helpers/hold-file.ts";
import { CATALOG, DATASET, rawRows, serveProcess, signedAnnotation, startReceiver, UNREAD_TABLE, temporaryDatabase } from "./fixtures.ts";

const ids = async (file: string) => (await rawRows(file, UNREAD_TABLE)).map((row) => row._airbyte_raw_id);

/** A raw push table with a column too many: every INSERT of the raw layout into it fails, inside the landing transaction. */
async function breakPushTable(file: string): Promise<void> {
  const warehouse = await openWarehouse({ file, catalog: CATALOG });
  try {
    await warehouse.run(`CREATE SCHEMA IF NOT EXISTS ${DATASET}`);
    await warehouse.run(`CREATE TABLE ${DATASET}.${UNREAD_TABLE} (_airbyte_raw_id VARCHAR, _airbyte_extracted_at TIMESTAMPTZ, _airbyte_loaded_at TIMESTAMPTZ, _airbyte_data VARCHAR, _airbyte_meta VARCHAR, _airbyte_generation_id BIGINT, extra VARCHAR NOT NULL)`);
  } finally {
    warehouse.close();
  }
}

/** The same table with the Airbyte raw layout of docs/raw-streams.md (empty, as the failed landing left it). */
const REPAIR = `DROP TABLE ${DATASET}.${UNREAD_TABLE}; CREATE TABLE ${DATASET}.${UNREAD_TABLE} (_airbyte_raw_id VARCHAR NOT NULL, _airbyte_extracted_at TIMESTAMPTZ NOT NULL, _airbyte_loaded_at TIMESTAMPTZ, _airbyte_data VARCHAR NOT NULL, _airbyte_meta VARCHAR, _airbyte_generation_id BIGINT)`;

describe("the receiver beside another command holding the file", () => {
  it("acknowledges deliveries while the file is held and lands each once when it is free", async () => {
    const file = temporaryDatabase();
    const holder = await holdFile(file);
    const receiver = await startReceiver({ file });
    try {
      expect((await signedAnnotation(receiver.url, "held-1")).status).toBe(202);
      expect((await signedAnnotation(receiver.url, "held-2")).status).toBe(202);
      expect(await signedAnnotation(receiver.url, "held-1")).toEqual({ status: 200, body: { status: "duplicate" } });
    } finally {
      await holder.release();
      await receiver.stop();
    }
    expect(await ids(file)).toEqual(["pagerduty:held-1", "pagerduty:held-2"]);
  });
});

describe("a real DuckDB write failing inside the landing transaction", () => {
  const delivery = { key: "pagerduty:failed-once", namespace: "pagerduty_webhook", stream: "incident_annotated", data: { event: { id: "failed-once" } }, receivedAt: new Date("2026-11-20T10:00:00Z") };

  it("leaves the delivery unclaimed, so the sender's retry lands it (the runbook commands' direct writer)", async () => {
    const file = temporaryDatabase();
    await breakPushTable(file);
    const writer = await DuckDbDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET });
    try {
      await expect(writer.write(delivery)).rejects.toThrow(/column/i);
      await writer.warehouse.run(REPAIR);
      // a claim that outlived the failed transaction would answer "duplicate" here and never land
      expect(await writer.write(delivery)).toBe("landed");
    } finally {
      await writer.close();
    }
    expect(await ids(file)).toEqual(["pagerduty:failed-once"]);
  });

  it("keeps an acknowledged delivery spooled until a later drain lands it (the receiver)", async () => {
    const file = temporaryDatabase();
    await breakPushTable(file);
    let failed: () => void = () => {};
    const firstFailure = new Promise<void>((resolve) => (failed = resolve));
    const lines: string[] = [];
    const receiver = await startReceiver({
      file,
      log: (line) => {
        lines.push(line);
        failed();
      },
    });
    try {
      expect((await signedAnnotation(receiver.url, "spooled-then-failed")).status).toBe(202);
      await firstFailure;
      // the operator repairs the table: opening it waits for the receiver, which stays away meanwhile
      const warehouse = await openWarehouse({ file, catalog: CATALOG, log: () => {} });
      await warehouse.run(REPAIR);
      warehouse.close();
    } finally {
      await receiver.stop();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^webhooks: spooled deliveries not landed yet, retrying: .*column/i);
    expect(await ids(file)).toEqual(["pagerduty:spooled-then-failed"]);
  });
});

describe("doraform webhooks serve and its spool", () => {
  it("on SIGTERM lands every acknowledged delivery, waiting as long as another command holds the file; a second receiver on the file is refused", { timeout: 300_000 }, async () => {
    const file = temporaryDatabase();
    const serve = await serveProcess(file);
    const second = await serveProcess(file).catch((error: Error) => error.message);
    expect(second).toContain(`doraform: webhooks serve: ${file} already has a receiver (PID ${serve.child.pid}): stop it first or pass another --database\n`);
    const holder = await holdFile(file);
    for (const id of ["term-1", "term-2", "term-3"]) expect((await signedAnnotation(serve.url, id)).status).toBe(202);
    serve.child.kill("SIGTERM");
    // the receiver may not stop before the holder lets go: only then can it land what it acknowledged
    await serve.untilStderr(new RegExp(`waiting for ${file.replaceAll(".", "\\.")}: in use by another process \\(node, PID ${holder.pid}\\)`));
    await holder.release();
    expect(await serve.exited).toBe(0);
    expect(await ids(file)).toEqual(["pagerduty:term-1", "pagerduty:term-2", "pagerduty:term-3"]);
    expect(fs.readdirSync(`${file}.spool`)).toEqual([]);
  });

  it("after a SIGKILL lands the leftover spool on the next start, skipping a line the crash cut short, and never lands a segment twice", { timeout: 300_000 }, async () => {
    const file = temporaryDatabase();
    const spool = `${file}.spool`;
    const holder = await holdFile(file);
    const killed = await serveProcess(file);
    for (const id of ["kill-1", "kill-2"]) expect((await signedAnnotation(killed.url, id)).status).toBe(202);
    killed.child.kill("SIGKILL");
    await killed.exited;
    await holder.release();
    const [segment] = fs.readdirSync(spool).filter((name) => name.endsWith(".jsonl"));
    // what a crash in the middle of a write leaves: a line without its end (never acknowledged)
    fs.appendFileSync(path.join(spool, segment), '{"key":"pagerduty:kill-3","namespace":"pagerduty_w');
    const landedBefore = fs.readFileSync(path.join(spool, segment));

    const restarted = await serveProcess(file);
    expect((await signedAnnotation(restarted.url, "after-restart")).status).toBe(202);
    restarted.child.kill("SIGTERM");
    expect(await restarted.exited).toBe(0);
    expect(restarted.stderr()).toContain(`webhooks: ${segment}: its last line was cut short by a crash before it was acknowledged: skipped`);
    expect(await ids(file)).toEqual(["pagerduty:after-restart", "pagerduty:kill-1", "pagerduty:kill-2"]);

    // a crash between a drain's commit and the segment's removal leaves a landed segment behind
    fs.writeFileSync(path.join(spool, segment), landedBefore);
    const again = await serveProcess(file);
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
    expect(await ids(file)).toEqual(["pagerduty:after-restart", "pagerduty:kill-1", "pagerduty:kill-2"]);
  });
});
