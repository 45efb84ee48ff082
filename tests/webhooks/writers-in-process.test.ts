/**
 * The webhook writers called in-process (the mutation run's module `webhook-writers` runs this file:
 * a `doraform webhooks serve` process runs the code unmutated): the DuckDB writer on a real file,
 * the spool in a real directory, the spooled writer draining one into the other.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { openWarehouse } from "../../core/duckdb.ts";
import { readProvenance } from "../../core/provenance.ts";
import type { Delivery } from "../../ingest/webhooks/delivery.ts";
import { DELIVERIES_TABLE, DuckDbDeliveryWriter } from "../../ingest/webhooks/duckdb-writer.ts";
import { Spool } from "../../ingest/webhooks/spool.ts";
import { SpooledDeliveryWriter } from "../../ingest/webhooks/spooled-writer.ts";
import { holdFile } from "../helpers/hold-file.ts";
import { CATALOG, DATASET, temporaryDatabase } from "./fixtures.ts";

const PUSHES = "github_webhook_raw__stream_push";
const INCIDENTS = "pagerduty_webhook_raw__stream_incident_triggered";

const push = (id: string, at = "2026-11-20T10:00:00Z"): Delivery => ({ key: `github:${id}`, namespace: "github_webhook", stream: "push", data: { after: id }, receivedAt: new Date(at) });
const incident = (id: string): Delivery => ({ key: `pagerduty:${id}`, namespace: "pagerduty_webhook", stream: "incident_triggered", data: { id }, receivedAt: new Date("2026-11-21T08:30:00Z") });

/** The rows of a table of the file, read after the writer closed it. */
async function read<T = Record<string, unknown>>(file: string, sql: string): Promise<T[]> {
  const warehouse = await openWarehouse({ file, catalog: CATALOG, readOnly: true });
  try {
    return await warehouse.all<T>(sql);
  } finally {
    warehouse.close();
  }
}
const ids = async (file: string, table = PUSHES) => (await read<{ id: string }>(file, `SELECT _airbyte_raw_id AS id FROM ${DATASET}.${table} ORDER BY 1`)).map((row) => row.id);

/** A raw push table with a column more than the raw layout: every INSERT into it fails, inside the landing transaction. */
const BREAK = `CREATE SCHEMA IF NOT EXISTS ${DATASET}; CREATE TABLE ${DATASET}.${PUSHES} (_airbyte_raw_id VARCHAR, _airbyte_extracted_at TIMESTAMPTZ, _airbyte_loaded_at TIMESTAMPTZ, _airbyte_data VARCHAR, _airbyte_meta VARCHAR, _airbyte_generation_id BIGINT, extra VARCHAR NOT NULL)`;
const REPAIR = `DROP TABLE ${DATASET}.${PUSHES}; CREATE TABLE ${DATASET}.${PUSHES} (_airbyte_raw_id VARCHAR NOT NULL, _airbyte_extracted_at TIMESTAMPTZ NOT NULL, _airbyte_loaded_at TIMESTAMPTZ, _airbyte_data VARCHAR NOT NULL, _airbyte_meta VARCHAR, _airbyte_generation_id BIGINT)`;

async function onFile(file: string, sql: string): Promise<void> {
  const warehouse = await openWarehouse({ file, catalog: CATALOG });
  try {
    await warehouse.run(sql);
  } finally {
    warehouse.close();
  }
}

describe("the DuckDB delivery writer", () => {
  it("lands a delivery in its raw table in the Airbyte layout and records its key, once", async () => {
    const file = temporaryDatabase();
    const writer = await DuckDbDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET });
    const before = Date.now();
    try {
      expect(await writer.write(push("a1"))).toBe("landed");
      expect(await writer.write(push("a1", "2026-11-20T11:00:00Z"))).toBe("duplicate");
    } finally {
      await writer.close();
    }
    // closing lets the file go: another process can open it (checked first: this process opening the file again would release its lock)
    await (await holdFile(file)).release();
    const rows = await read(
      file,
      `SELECT _airbyte_raw_id, CAST(epoch_ms(_airbyte_extracted_at) AS DOUBLE) AS extracted, CAST(epoch_ms(_airbyte_loaded_at) AS DOUBLE) AS loaded, _airbyte_data, _airbyte_meta, CAST(_airbyte_generation_id AS INTEGER) AS generation FROM ${DATASET}.${PUSHES}`,
    );
    expect(rows).toHaveLength(1);
    const { loaded, ...row } = rows[0];
    expect(row).toEqual({ _airbyte_raw_id: "github:a1", extracted: Date.UTC(2026, 10, 20, 10), _airbyte_data: '{"after":"a1"}', _airbyte_meta: '{"changes":[]}', generation: 0 });
    // the load time is the commit's, not the delivery's
    expect(loaded).toBeGreaterThanOrEqual(before - 1000);
    expect(await read(file, `SELECT delivery_key, namespace, stream, CAST(epoch_ms(received_at) AS DOUBLE) AS received FROM ${DATASET}.${DELIVERIES_TABLE}`)).toEqual([
      { delivery_key: "github:a1", namespace: "github_webhook", stream: "push", received: Date.UTC(2026, 10, 20, 10) },
    ]);
    // a delivery makes the file real: no demo run may replace it
    const warehouse = await openWarehouse({ file, catalog: CATALOG, readOnly: true });
    try {
      expect(await readProvenance(warehouse)).toBe("real");
    } finally {
      warehouse.close();
    }
  });

  it("lands a batch in order of outcome: a key repeated in the batch or landed before is a duplicate, each stream in its table", async () => {
    const file = temporaryDatabase();
    const writer = await DuckDbDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET });
    try {
      expect(await writer.land([push("b1")])).toEqual(["landed"]);
      expect(await writer.land([push("b2"), incident("P1"), push("b2"), push("b1"), push("b3")])).toEqual(["landed", "landed", "duplicate", "duplicate", "landed"]);
    } finally {
      await writer.close();
    }
    expect(await ids(file)).toEqual(["github:b1", "github:b2", "github:b3"]);
    expect(await ids(file, INCIDENTS)).toEqual(["pagerduty:P1"]);
  });

  it("lands 1,001 deliveries of one batch (three INSERTs of at most 500 rows) and keeps the first of a repeated key", async () => {
    const file = temporaryDatabase();
    const writer = await DuckDbDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET });
    const batch = Array.from({ length: 1001 }, (_, i) => push(`n${String(i).padStart(4, "0")}`));
    // the same key again at the end, with other data: the first one is the one that lands
    const repeat = { ...push("n0000"), data: { after: "other" } };
    let outcomes: string[];
    try {
      outcomes = await writer.land([...batch, repeat]);
    } finally {
      await writer.close();
    }
    expect(outcomes.filter((o) => o === "landed")).toHaveLength(1001);
    expect(outcomes.at(-1)).toBe("duplicate");
    const landed = await ids(file);
    expect(landed).toHaveLength(1001);
    expect(landed.at(0)).toBe("github:n0000");
    expect(landed.at(-1)).toBe("github:n1000");
    expect(await read(file, `SELECT _airbyte_data FROM ${DATASET}.${PUSHES} WHERE _airbyte_raw_id = 'github:n0000'`)).toEqual([{ _airbyte_data: '{"after":"n0000"}' }]);
    expect(await read(file, `SELECT CAST(count(*) AS INTEGER) AS n FROM ${DATASET}.${DELIVERIES_TABLE}`)).toEqual([{ n: 1001 }]);
  });

  it("groups deliveries written together into one commit, each answered, a repeat among them a duplicate; close waits for them", async () => {
    const file = temporaryDatabase();
    const writer = await DuckDbDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET });
    const answers = Promise.all([writer.write(push("g1")), writer.write(push("g2")), writer.write(push("g1")), writer.write(incident("P2"))]);
    await writer.close();
    expect(await answers).toEqual(["landed", "landed", "duplicate", "landed"]);
    expect(await ids(file)).toEqual(["github:g1", "github:g2"]);
    // after a drain, the next write starts another one
    const again = await DuckDbDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET });
    try {
      expect(await again.write(push("g3"))).toBe("landed");
      expect(await again.write(push("g4"))).toBe("landed");
    } finally {
      await again.close();
    }
    expect(await ids(file)).toEqual(["github:g1", "github:g2", "github:g3", "github:g4"]);
  });

  it("a write failing inside the transaction rolls the key's claim back: every delivery of its batch fails, and the retry lands exactly once", async () => {
    const file = temporaryDatabase();
    await onFile(file, BREAK);
    const writer = await DuckDbDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET });
    try {
      // the first write commits alone; the two written while it runs share the next transaction
      const answers = [writer.write(incident("P3")), writer.write(push("f1")), writer.write(incident("P4"))];
      expect(await answers[0]).toBe("landed");
      await expect(answers[1]).rejects.toThrow(/column/);
      await expect(answers[2]).rejects.toThrow(/column/);
      await expect(writer.land([push("f2")])).rejects.toThrow(/column/);
      await writer.warehouse.run(REPAIR);
      // a claim that outlived the failed transaction would answer "duplicate" here and never land
      expect(await writer.write(push("f1"))).toBe("landed");
      expect(await writer.land([incident("P4"), push("f2"), push("f1")])).toEqual(["landed", "landed", "duplicate"]);
    } finally {
      await writer.close();
    }
    expect(await ids(file)).toEqual(["github:f1", "github:f2"]);
    expect(await ids(file, INCIDENTS)).toEqual(["pagerduty:P3", "pagerduty:P4"]);
    expect(await read(file, `SELECT delivery_key FROM ${DATASET}.${DELIVERIES_TABLE} ORDER BY 1`)).toEqual([
      { delivery_key: "github:f1" },
      { delivery_key: "github:f2" },
      { delivery_key: "pagerduty:P3" },
      { delivery_key: "pagerduty:P4" },
    ]);
  });
});

/** A PID that no process holds: a child's, after it exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("the spool", () => {
  it("lives beside the warehouse file, owned by this process until closed; the segments stay", async () => {
    const file = temporaryDatabase();
    const directory = `${path.resolve(file)}.spool`;
    expect(Spool.directoryOf(file)).toBe(directory);
    const spool = Spool.open(file);
    expect(spool.directory).toBe(directory);
    expect(fs.readFileSync(path.join(directory, "receiver.pid"), "utf8")).toBe(String(process.pid));
    expect(spool.holdsLines()).toBe(false);
    // a line still being written is held already: a drain then must not take the spool for empty
    const appended = spool.append('{"n":1}');
    expect(spool.holdsLines()).toBe(true);
    await appended;
    expect(spool.holdsLines()).toBe(true);
    await spool.close();
    // closed: no file of the spool (a segment, the directory synced for a new name) stays open
    const open = fs.readdirSync("/proc/self/fd").flatMap((fd) => {
      try {
        return [fs.readlinkSync(`/proc/self/fd/${fd}`)];
      } catch {
        return [];
      }
    });
    expect(open.filter((target) => target.startsWith(directory))).toEqual([]);
    expect(fs.readdirSync(directory)).toEqual(["000000000001.jsonl"]);
    expect(fs.readFileSync(path.join(directory, "000000000001.jsonl"), "utf8")).toBe('{"n":1}\n');
  });

  it("refuses a spool another live receiver owns, naming the file; a dead owner's or its own is taken over", async () => {
    const file = temporaryDatabase();
    const owner = path.join(Spool.directoryOf(file), "receiver.pid");
    fs.mkdirSync(Spool.directoryOf(file));
    // the parent of this test process: alive, and not this process
    fs.writeFileSync(owner, String(process.ppid));
    expect(() => Spool.open(file)).toThrow(`webhooks serve: ${path.resolve(file)} already has a receiver (PID ${process.ppid}): stop it first or pass another --database`);
    expect(fs.readFileSync(owner, "utf8")).toBe(String(process.ppid));

    const dead = deadPid();
    fs.writeFileSync(owner, `${dead}\n`);
    const spool = Spool.open(file);
    expect(fs.readFileSync(owner, "utf8")).toBe(String(process.pid));
    await spool.close();
    expect(fs.existsSync(owner)).toBe(false);

    // its own claim, written again with a newline (as `echo` would): still its own, given up on close
    const again = Spool.open(file);
    fs.writeFileSync(owner, `${process.pid}\n`);
    await again.close();
    expect(fs.existsSync(owner)).toBe(false);

    fs.writeFileSync(owner, String(process.pid));
    const own = Spool.open(file);
    // another receiver took the spool over meanwhile: closing leaves its claim alone
    fs.writeFileSync(owner, String(dead));
    await own.close();
    expect(fs.readFileSync(owner, "utf8")).toBe(String(dead));
  });

  it("appends after the last segment left behind; rotate closes the one being written and lists all, oldest first", async () => {
    const file = temporaryDatabase();
    const directory = Spool.directoryOf(file);
    fs.mkdirSync(directory);
    // written out of order: the last is the highest number, whatever order the directory lists them in
    fs.writeFileSync(path.join(directory, "000000000002.jsonl"), "left\n");
    fs.writeFileSync(path.join(directory, "000000000010.jsonl"), "over\n");
    fs.writeFileSync(path.join(directory, "000000000009.jsonl"), "behind\n");
    fs.writeFileSync(path.join(directory, "notes.txt"), "not a segment\n");
    const spool = Spool.open(file);
    try {
      expect(spool.holdsLines()).toBe(true);
      // lines appended together share a segment (and an fsync)
      await Promise.all([spool.append("a"), spool.append("b")]);
      expect(await spool.rotate()).toEqual(["000000000002.jsonl", "000000000009.jsonl", "000000000010.jsonl", "000000000011.jsonl"]);
      expect(spool.read("000000000011.jsonl")).toEqual({ lines: ["a", "b"], torn: false });
      await spool.append("c");
      expect(await spool.rotate()).toEqual(["000000000002.jsonl", "000000000009.jsonl", "000000000010.jsonl", "000000000011.jsonl", "000000000012.jsonl"]);
      for (const segment of ["000000000002.jsonl", "000000000009.jsonl", "000000000010.jsonl", "000000000011.jsonl"]) spool.remove(segment);
      expect(spool.holdsLines()).toBe(true);
      spool.remove("000000000012.jsonl");
      expect(spool.holdsLines()).toBe(false);
      // a segment removed already (a drain's removal repeated) is no error
      spool.remove("000000000012.jsonl");
      // rotating with nothing written closes nothing
      expect(await spool.rotate()).toEqual([]);
    } finally {
      await spool.close();
    }
    expect(fs.readdirSync(directory).sort()).toEqual(["notes.txt"]);
  });

  it("reads a segment's whole lines and tells a last line cut short", async () => {
    const file = temporaryDatabase();
    const spool = Spool.open(file);
    try {
      fs.writeFileSync(path.join(spool.directory, "000000000001.jsonl"), 'one\n\ntwo\n{"key":"github:cut');
      expect(spool.read("000000000001.jsonl")).toEqual({ lines: ["one", "two"], torn: true });
      fs.writeFileSync(path.join(spool.directory, "000000000002.jsonl"), "");
      expect(spool.read("000000000002.jsonl")).toEqual({ lines: [], torn: false });
    } finally {
      await spool.close();
    }
  });

  it("closes a segment once it reaches 8 MiB: the next line starts another", async () => {
    const file = temporaryDatabase();
    const spool = Spool.open(file);
    try {
      // with its newline, exactly 8 MiB
      await spool.append("x".repeat(8 * 1024 * 1024 - 1));
      await spool.append("next");
      const segments = await spool.rotate();
      expect(segments).toEqual(["000000000001.jsonl", "000000000002.jsonl"]);
      expect(fs.statSync(path.join(spool.directory, segments[0])).size).toBe(8 * 1024 * 1024);
      expect(spool.read(segments[1])).toEqual({ lines: ["next"], torn: false });
    } finally {
      await spool.close();
    }
  });

  it("a write that fails fails its lines, and the next lines go to another segment: what the failed one holds is unknown", async () => {
    const file = temporaryDatabase();
    const spool = Spool.open(file);
    try {
      await spool.append("first");
      // the segment being written refuses the next write, as a full disk would
      const handle = await fs.promises.open(path.join(spool.directory, "probe"), "w");
      const failing = vi.spyOn(Object.getPrototypeOf(handle) as fs.promises.FileHandle, "appendFile").mockRejectedValueOnce(new Error("ENOSPC: no space left on device"));
      await handle.close();
      await expect(spool.append("lost")).rejects.toThrow("ENOSPC");
      failing.mockRestore();
      await spool.append("kept");
      expect(await spool.rotate()).toEqual(["000000000001.jsonl", "000000000002.jsonl"]);
      expect(spool.read("000000000001.jsonl")).toEqual({ lines: ["first"], torn: false });
      expect(spool.read("000000000002.jsonl")).toEqual({ lines: ["kept"], torn: false });
    } finally {
      await spool.close();
    }
  });

  it("a segment that cannot be created fails the lines waiting for it, and the next lines go to another", async () => {
    const file = temporaryDatabase();
    const spool = Spool.open(file);
    try {
      // the name the spool would take next is taken: its exclusive create fails
      fs.writeFileSync(path.join(spool.directory, "000000000001.jsonl"), "");
      const failed = [spool.append("lost-1"), spool.append("lost-2")];
      await expect(failed[0]).rejects.toThrow(/EEXIST/);
      await expect(failed[1]).rejects.toThrow(/EEXIST/);
      await spool.append("kept");
      expect(await spool.rotate()).toEqual(["000000000001.jsonl", "000000000002.jsonl"]);
      expect(spool.read("000000000002.jsonl")).toEqual({ lines: ["kept"], torn: false });
    } finally {
      await spool.close();
    }
  });
});

describe("the spooled writer (the receiver's, on DuckDB)", () => {
  const open = (file: string, log: string[] = []) => SpooledDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET, log: (line) => log.push(line) });

  it("answers once the delivery is in the spool, while another process holds the file, a repeat as a duplicate; closing lands each once", async () => {
    const file = temporaryDatabase();
    const holder = await holdFile(file);
    const log: string[] = [];
    let writer: SpooledDeliveryWriter;
    try {
      writer = await open(file, log);
      expect(await Promise.all([writer.write(push("s1")), writer.write(push("s1"))])).toEqual(["landed", "duplicate"]);
      expect(await writer.write(push("s1"))).toBe("duplicate");
      expect(await writer.write(incident("P5"))).toBe("landed");
      // nothing can land while the file is held: the spool holds the whole deliveries, each once
      const spooled = fs.readFileSync(path.join(writer.spool.directory, "000000000001.jsonl"), "utf8");
      expect(spooled.split("\n").map((line) => (line === "" ? line : JSON.parse(line)))).toEqual([
        { key: "github:s1", namespace: "github_webhook", stream: "push", receivedAt: "2026-11-20T10:00:00.000Z", data: { after: "s1" } },
        { key: "pagerduty:P5", namespace: "pagerduty_webhook", stream: "incident_triggered", receivedAt: "2026-11-21T08:30:00.000Z", data: { id: "P5" } },
        "",
      ]);
      // a second held: the drain finds the file busy a few times (every 250 ms)
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await holder.release();
    }
    // the file let go, the next try lands them without a write or a close to prompt it
    const deadline = Date.now() + 30_000;
    while (writer.spool.holdsLines() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writer.spool.holdsLines()).toBe(false);
    await writer.close();
    // a busy file is waited for, not reported as a failure
    expect(log).toEqual([]);
    expect(await ids(file)).toEqual(["github:s1"]);
    expect(await ids(file, INCIDENTS)).toEqual(["pagerduty:P5"]);
    expect(await read(file, `SELECT CAST(epoch_ms(_airbyte_extracted_at) AS DOUBLE) AS at, _airbyte_data FROM ${DATASET}.${PUSHES}`)).toEqual([{ at: Date.UTC(2026, 10, 20, 10), _airbyte_data: '{"after":"s1"}' }]);
    expect(fs.readdirSync(Spool.directoryOf(file))).toEqual([]);
  });

  it("a delivery the spool could not take is not remembered: its retry is spooled and lands", async () => {
    const file = temporaryDatabase();
    const writer = await open(file);
    try {
      // the name the spool takes next is taken: the append fails, the delivery is not acknowledged
      fs.writeFileSync(path.join(writer.spool.directory, "000000000001.jsonl"), "");
      await expect(writer.write(push("e1"))).rejects.toThrow(/EEXIST/);
      expect(await writer.write(push("e1"))).toBe("landed");
    } finally {
      await writer.close();
    }
    expect(await ids(file)).toEqual(["github:e1"]);
  });

  it("drains while it runs, without waiting to be closed", async () => {
    const file = temporaryDatabase();
    const writer = await open(file);
    try {
      expect(await writer.write(push("d1"))).toBe("landed");
      const deadline = Date.now() + 30_000;
      while (writer.spool.holdsLines() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(writer.spool.holdsLines()).toBe(false);
      // between drains the file is free for other commands
      await (await holdFile(file)).release();
    } finally {
      await writer.close();
    }
    expect(await ids(file)).toEqual(["github:d1"]);
  });

  it("leaves the file to a command waiting for it, and drains once it is done", async () => {
    const file = temporaryDatabase();
    const writer = await open(file);
    // what a command waiting for the file leaves beside it (core/waiting.ts): the parent of this test process, alive
    const waiting = `${file}.wanted-${process.ppid}`;
    fs.writeFileSync(waiting, "");
    try {
      expect(await writer.write(push("w1"))).toBe("landed");
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(writer.spool.holdsLines()).toBe(true);
      fs.rmSync(waiting);
      const deadline = Date.now() + 30_000;
      while (writer.spool.holdsLines() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(writer.spool.holdsLines()).toBe(false);
    } finally {
      fs.rmSync(waiting, { force: true });
      await writer.close();
    }
    expect(await ids(file)).toEqual(["github:w1"]);
  });

  it("says on stderr, by default, why spooled deliveries do not land", async () => {
    const file = temporaryDatabase();
    await onFile(file, BREAK);
    let written = "";
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });
    try {
      const writer = await SpooledDeliveryWriter.open({ file, catalog: CATALOG, dataset: DATASET });
      await writer.write(push("o1"));
      const deadline = Date.now() + 30_000;
      while (written === "" && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await writer.close().catch(() => undefined);
    } finally {
      vi.restoreAllMocks();
    }
    expect(written).toMatch(/^webhooks: spooled deliveries not landed yet, retrying: [^\n]*column[^\n]*\n$/);
  });

  it("lands a spool left by a crash on start, skipping a line cut short, and never lands a segment twice", async () => {
    const file = temporaryDatabase();
    const directory = Spool.directoryOf(file);
    fs.mkdirSync(directory);
    const line = (d: Delivery) => JSON.stringify({ key: d.key, namespace: d.namespace, stream: d.stream, receivedAt: d.receivedAt.toISOString(), data: d.data });
    const leftover = `${line(push("c1"))}\n${line(push("c2"))}\n{"key":"github:c3","names`;
    fs.writeFileSync(path.join(directory, "000000000004.jsonl"), leftover);
    const log: string[] = [];
    await (await open(file, log)).close();
    expect(log).toEqual(["webhooks: 000000000004.jsonl: its last line was cut short by a crash before it was acknowledged: skipped"]);
    expect(await ids(file)).toEqual(["github:c1", "github:c2"]);
    expect(fs.readdirSync(directory)).toEqual([]);

    // a crash between a drain's commit and the segment's removal: the same segment again
    fs.writeFileSync(path.join(directory, "000000000004.jsonl"), `${line(push("c1"))}\n${line(push("c2"))}\n`);
    const quiet: string[] = [];
    await (await open(file, quiet)).close();
    expect(quiet).toEqual([]);
    expect(await ids(file)).toEqual(["github:c1", "github:c2"]);
  });

  it("keeps acknowledged deliveries spooled while landing fails, says why in one line, and lands them when it works again", async () => {
    const file = temporaryDatabase();
    await onFile(file, BREAK);
    const log: string[] = [];
    const writer = await open(file, log);
    expect(await writer.write(push("r1"))).toBe("landed");
    const deadline = Date.now() + 30_000;
    while (log.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    // said at the first failure, and not again at the next try (5 s later) for the same reason
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const stillSpooled = writer.spool.holdsLines();
    const closing = await writer.close().then(() => "closed", (error: Error) => error.message);
    const prefix = "webhooks: spooled deliveries not landed yet, retrying: ";
    expect(log).toHaveLength(1);
    expect(log[0].startsWith(prefix)).toBe(true);
    const reason = log[0].slice(prefix.length);
    expect(reason).toMatch(/column/);
    expect(reason).not.toContain("\n");
    expect(stillSpooled).toBe(true);
    expect(closing).toBe(`webhooks: 1 acknowledged deliveries stay in ${Spool.directoryOf(file)} (${reason}): they land when the receiver starts again`);
    // the spool was given up, its segment kept for the next receiver
    expect(fs.readdirSync(Spool.directoryOf(file)).filter((name) => name.endsWith(".jsonl"))).toHaveLength(1);
    expect(fs.existsSync(path.join(Spool.directoryOf(file), "receiver.pid"))).toBe(false);
    await onFile(file, REPAIR);
    await (await open(file, log)).close();
    expect(await ids(file)).toEqual(["github:r1"]);
  });

  it("stops at a whole spooled line that is not a delivery rather than drop it, naming the segment and line", async () => {
    const file = temporaryDatabase();
    const directory = Spool.directoryOf(file);
    fs.mkdirSync(directory);
    fs.writeFileSync(path.join(directory, "000000000002.jsonl"), `${JSON.stringify({ key: "github:ok", namespace: "github_webhook", stream: "push", receivedAt: "2026-11-20T10:00:00.000Z", data: {} })}\nnot json\n`);
    const writer = await open(file, []);
    await expect(writer.close()).rejects.toThrow(`webhooks: 2 acknowledged deliveries stay in ${directory} (the spool's 000000000002.jsonl line 2 is not a delivery): they land when the receiver starts again`);
    expect(await read(file, `SELECT 1 FROM information_schema.tables WHERE table_name = '${PUSHES}'`)).toEqual([]);
  });

  it("refuses to start on a warehouse file it cannot open, giving the spool back", async () => {
    const file = temporaryDatabase();
    fs.writeFileSync(file, "this is not a DuckDB file");
    await expect(open(file)).rejects.toThrow();
    expect(fs.existsSync(path.join(Spool.directoryOf(file), "receiver.pid"))).toBe(false);
  });
});
