import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../../core/errors.ts";
import { isAlive } from "../../core/waiting.ts";

/** Past this size a segment is closed and the next line starts another, so a drain reads a bounded file. */
const MAX_SEGMENT_BYTES = 8 * 1024 * 1024;
const SEGMENT = /^\d{12}\.jsonl$/;
const OWNER = "receiver.pid";

interface Pending {
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A closed segment's lines, and what could not be read of it. */
export interface SegmentLines {
  lines: string[];
  /** A last line without its newline: a write cut short by a crash, never acknowledged. */
  torn: boolean;
}

/**
 * An append-only directory of JSON-lines segments beside the warehouse file (`FILE.spool/`), owned
 * by one receiver at a time. `append` resolves once its line is written and fsynced (lines arriving
 * together share one fsync); `rotate` closes the segment being written, so the closed ones can be
 * read, landed and removed while appends go on into the next.
 */
export class Spool {
  #sequence: number;
  #current: { name: string; handle: fs.promises.FileHandle; bytes: number } | undefined;
  #pending: Pending[] = [];
  #flushQueued = false;
  /** File operations run one after the other in this chain. */
  #chain: Promise<void> = Promise.resolve();

  private constructor(readonly directory: string, sequence: number) {
    this.#sequence = sequence;
  }

  static directoryOf(database: string): string {
    return `${path.resolve(database)}.spool`;
  }

  /** Opens the spool of a warehouse file, refusing when another live receiver owns it. */
  static open(database: string): Spool {
    const directory = Spool.directoryOf(database);
    fs.mkdirSync(directory, { recursive: true });
    const owner = path.join(directory, OWNER);
    const previous = Number.parseInt(readOrEmpty(owner), 10);
    if (Number.isInteger(previous) && previous !== process.pid && isAlive(previous)) {
      throw new UserError(`webhooks serve: ${path.resolve(database)} already has a receiver (PID ${previous}): stop it first or pass another --database`);
    }
    fs.writeFileSync(owner, String(process.pid));
    const last = fs.readdirSync(directory).filter((name) => SEGMENT.test(name)).sort().at(-1);
    return new Spool(directory, last ? Number.parseInt(last, 10) + 1 : 1);
  }

  append(line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ line: `${line}\n`, resolve, reject });
      if (!this.#flushQueued) {
        this.#flushQueued = true;
        void this.#serially(() => this.#flush());
      }
    });
  }

  /**
   * Closes the segment being written (if any) and lists the closed ones, oldest first: every line
   * appended before is in one of them. (Listed between two writes, so none is half-created.)
   */
  async rotate(): Promise<string[]> {
    let closed: string[] = [];
    await this.#serially(async () => {
      await this.#closeCurrent();
      closed = fs.readdirSync(this.directory).filter((name) => SEGMENT.test(name)).sort();
    });
    return closed;
  }

  /** Whether anything is spooled: lines in the segment being written, or closed segments. */
  holdsLines(): boolean {
    if ((this.#current?.bytes ?? 0) > 0 || this.#pending.length > 0) return true;
    return fs.readdirSync(this.directory).some((name) => SEGMENT.test(name) && name !== this.#current?.name);
  }

  read(segment: string): SegmentLines {
    const text = fs.readFileSync(path.join(this.directory, segment), "utf8");
    const lines = text.split("\n");
    const last = lines.pop() ?? "";
    return { lines: lines.filter((line) => line !== ""), torn: last !== "" };
  }

  remove(segment: string): void {
    fs.rmSync(path.join(this.directory, segment), { force: true });
  }

  /** Flushes what is pending, closes the segment and gives the spool up (the segments stay for the next receiver). */
  async close(): Promise<void> {
    await this.#serially(() => this.#closeCurrent());
    if (readOrEmpty(path.join(this.directory, OWNER)) === String(process.pid)) fs.rmSync(path.join(this.directory, OWNER), { force: true });
  }

  #serially(operation: () => Promise<void>): Promise<void> {
    const result = this.#chain.then(operation);
    this.#chain = result.catch(() => undefined);
    return result;
  }

  async #flush(): Promise<void> {
    this.#flushQueued = false;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    try {
      const current = this.#current ?? (this.#current = await this.#openSegment());
      const data = batch.map((p) => p.line).join("");
      await current.handle.appendFile(data);
      await current.handle.datasync();
      current.bytes += Buffer.byteLength(data);
      if (current.bytes >= MAX_SEGMENT_BYTES) await this.#closeCurrent();
    } catch (error) {
      // what this segment holds after a failed write is unknown: the next batch starts another
      await this.#closeCurrent().catch(() => undefined);
      for (const p of batch) p.reject(error);
      return;
    }
    for (const p of batch) p.resolve();
  }

  async #openSegment(): Promise<{ name: string; handle: fs.promises.FileHandle; bytes: number }> {
    const name = `${String(this.#sequence++).padStart(12, "0")}.jsonl`;
    const handle = await fs.promises.open(path.join(this.directory, name), "ax");
    // the new name must survive a crash as well as the lines in it
    const directory = await fs.promises.open(this.directory, "r");
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
    return { name, handle, bytes: 0 };
  }

  async #closeCurrent(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    await current?.handle.close();
  }
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}
