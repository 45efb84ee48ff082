import { UserError } from "../../core/errors.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { othersWaiting, WarehouseBusy } from "../../core/waiting.ts";
import type { Delivery, DeliveryWriter } from "./delivery.ts";
import { DuckDbDeliveryWriter } from "./duckdb-writer.ts";
import { Spool } from "./spool.ts";

export interface SpooledWriterOptions {
  /** The DuckDB warehouse file; the spool is the directory `FILE.spool` beside it. */
  file: string;
  catalog: string;
  dataset: string;
  /** Where drain failures and waits are reported, one line each (default stderr). */
  log?: (line: string) => void;
}

/** Keys answered "duplicate" without touching the spool: the latest ones (the warehouse's claim catches older repeats). */
const RECENT_KEYS = 100_000;
/** Between two drains, so that deliveries arriving meanwhile share a transaction and other commands find the file free. */
const DRAIN_PAUSE_MS = 200;
/** How soon to try again when another command holds the file or waits for it. */
const BUSY_RETRY_MS = 250;
const ERROR_RETRY_MS = 5_000;

/**
 * The receiver's writer on DuckDB, which must share the file with every other command: a delivery is
 * acknowledged once it is fsynced in the spool, and the spool is drained into the warehouse in short
 * transactions, opening the file only for the drain, never while another command holds it or waits
 * for it. The drain claims each delivery's key in the transaction that lands it, so a segment landed
 * again (after a crash between the commit and its removal) lands nothing twice. `close` drains
 * everything acknowledged, waiting for the file as long as it takes.
 */
export class SpooledDeliveryWriter implements DeliveryWriter {
  readonly #recent = new Map<string, Promise<void>>();
  readonly #loop: Promise<void>;
  #closing = false;
  #wake: (() => void) | undefined;
  #lastFailure: string | undefined;

  private constructor(readonly spool: Spool, private readonly options: SpooledWriterOptions) {
    this.#loop = this.#drainLoop();
  }

  /**
   * Opens the spool (a leftover one drains first) and starts draining. The warehouse is opened once
   * first, so a file that cannot be written fails the start rather than every drain after it.
   */
  static async open(options: SpooledWriterOptions): Promise<SpooledDeliveryWriter> {
    const spool = Spool.open(options.file);
    try {
      (await openWarehouse({ file: options.file, catalog: options.catalog, waitMs: 0 })).close();
    } catch (error) {
      if (!(error instanceof WarehouseBusy)) {
        await spool.close();
        throw error;
      }
    }
    return new SpooledDeliveryWriter(spool, options);
  }

  write(delivery: Delivery): Promise<"landed" | "duplicate"> {
    const known = this.#recent.get(delivery.key);
    // a repeat of a delivery still being spooled is a duplicate only once that one is durable
    if (known) return known.then(() => "duplicate");
    const line = JSON.stringify({ key: delivery.key, namespace: delivery.namespace, stream: delivery.stream, receivedAt: delivery.receivedAt.toISOString(), data: delivery.data });
    const appended = this.spool.append(line);
    this.#recent.set(delivery.key, appended);
    if (this.#recent.size > RECENT_KEYS) this.#recent.delete(this.#recent.keys().next().value!);
    appended.catch(() => {
      if (this.#recent.get(delivery.key) === appended) this.#recent.delete(delivery.key);
    });
    return appended.then(() => {
      this.#wake?.();
      return "landed";
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#wake?.();
    await this.#loop;
    try {
      await this.#drain(Infinity);
    } catch (error) {
      const left = (await this.spool.rotate()).reduce((n, segment) => n + this.spool.read(segment).lines.length, 0);
      throw new UserError(`webhooks: ${left} acknowledged deliveries stay in ${this.spool.directory} (${reason(error)}): they land when the receiver starts again`);
    } finally {
      await this.spool.close();
    }
  }

  async #drainLoop(): Promise<void> {
    while (!this.#closing) {
      let pause: number | "until a write";
      try {
        if (othersWaiting(this.options.file)) pause = BUSY_RETRY_MS;
        else pause = (await this.#drain(0)) > 0 ? DRAIN_PAUSE_MS : "until a write";
        this.#lastFailure = undefined;
      } catch (error) {
        if (error instanceof WarehouseBusy) pause = BUSY_RETRY_MS;
        else {
          // said once per reason: the deliveries stay spooled and acknowledged, and the next drain tries again
          if (reason(error) !== this.#lastFailure) this.#log(`webhooks: spooled deliveries not landed yet, retrying: ${reason(error)}`);
          this.#lastFailure = reason(error);
          pause = ERROR_RETRY_MS;
        }
      }
      await this.#pause(pause);
    }
  }

  /** Lands every closed segment, each in one transaction, then removes it: how many there were. */
  async #drain(waitMs: number): Promise<number> {
    if (!this.spool.holdsLines()) return 0;
    const writer = await DuckDbDeliveryWriter.open({ ...this.options, waitMs });
    // rotated once the file is ours: while it is busy, deliveries keep filling one segment
    let segments: string[] = [];
    try {
      segments = await this.spool.rotate();
      for (const segment of segments) {
        const { lines, torn } = this.spool.read(segment);
        // a line cut short by a crash was never fsynced whole, so never acknowledged
        if (torn) this.#log(`webhooks: ${segment}: its last line was cut short by a crash before it was acknowledged: skipped`);
        const deliveries = lines.map((line, i) => parseLine(line, `${segment} line ${i + 1}`));
        if (deliveries.length > 0) await writer.land(deliveries);
        this.spool.remove(segment);
      }
      // closing checkpoints the file synchronously, which would stall the receiver's answers: checkpoint first, off the event loop
      await writer.warehouse.run("CHECKPOINT");
    } finally {
      await writer.close();
    }
    return segments.length;
  }

  #pause(pause: number | "until a write"): Promise<void> {
    if (this.#closing) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = pause === "until a write" ? undefined : setTimeout(done, pause);
      // closing always ends a pause; a write ends only the wait for one
      this.#wake = pause === "until a write" ? done : () => (this.#closing ? done() : undefined);
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.#wake = undefined;
    });
  }

  #log(line: string): void {
    (this.options.log ?? ((text) => process.stderr.write(`${text}\n`)))(line);
  }
}

function parseLine(line: string, where: string): Delivery {
  let record: { key: string; namespace: string; stream: string; receivedAt: string; data: unknown };
  try {
    record = JSON.parse(line) as typeof record;
  } catch {
    // written whole and fsynced, so damaged since: stop there rather than drop an acknowledged delivery
    throw new Error(`the spool's ${where} is not a delivery`);
  }
  return { key: record.key, namespace: record.namespace, stream: record.stream, data: record.data, receivedAt: new Date(record.receivedAt) };
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0];
