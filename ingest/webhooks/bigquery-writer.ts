import type { BigQuery } from "@google-cloud/bigquery";
import { adapt, managedwriter, protos } from "@google-cloud/bigquery-storage";
import { BigQueryLoader } from "../load/bigquery.ts";
import { rawTableName } from "../load/raw-table.ts";
import type { Delivery, DeliveryWriter } from "./delivery.ts";

/** gRPC's status for a table that does not exist. */
const NOT_FOUND = 5;

/** Keys remembered per process to answer a quick repeat as a duplicate; staging deduplicates on `_airbyte_raw_id` anyway. */
const REMEMBERED_KEYS = 100_000;

/**
 * Lands deliveries in BigQuery through the Storage Write API's default stream (a load job per delivery
 * would hit BigQuery's per-table daily load limit): a delivery is acknowledged once its append is
 * confirmed, which is when the row is durable and visible. A missing raw table is created by the
 * extractors' loader, so both write the same layout.
 *
 * Unlike the DuckDB writer, deduplication here is not transactional: the delivery key is the row's
 * `_airbyte_raw_id`, repeats seen by this process are not written again, and staging keeps one row
 * per `_airbyte_raw_id` for the rest (a repeat that reaches another Lambda container).
 */
export class BigQueryDeliveryWriter implements DeliveryWriter {
  readonly #client: managedwriter.WriterClient;
  readonly #writers = new Map<string, Promise<managedwriter.JSONWriter>>();
  readonly #seen = new Set<string>();
  #loader: Promise<BigQueryLoader> | undefined;

  /** `client` and `bigquery` are for tests (clients pointed at local stubs); otherwise Application Default Credentials. */
  constructor(readonly options: { projectId: string; dataset: string; client?: managedwriter.WriterClient; bigquery?: BigQuery }) {
    this.#client = options.client ?? new managedwriter.WriterClient({ projectId: options.projectId });
  }

  async write(delivery: Delivery): Promise<"landed" | "duplicate"> {
    if (this.#seen.has(delivery.key)) return "duplicate";
    const writer = await this.#writerFor(rawTableName(delivery.namespace, delivery.stream), delivery.namespace, delivery.stream);
    const pending = writer.appendRows([
      {
        _airbyte_raw_id: delivery.key,
        _airbyte_extracted_at: delivery.receivedAt,
        _airbyte_loaded_at: new Date(),
        _airbyte_data: JSON.stringify(delivery.data),
        _airbyte_meta: JSON.stringify({ changes: [] }),
        _airbyte_generation_id: 0,
      },
    ]);
    const result = await pending.getResult();
    if (result.error) throw new Error(`BigQuery append to ${this.options.dataset}.${rawTableName(delivery.namespace, delivery.stream)}: ${result.error.message ?? "failed"}`);
    this.#remember(delivery.key);
    return "landed";
  }

  async close(): Promise<void> {
    for (const writer of this.#writers.values()) (await writer).close();
    this.#client.close();
  }

  #remember(key: string): void {
    if (this.#seen.size >= REMEMBERED_KEYS) this.#seen.delete(this.#seen.values().next().value as string);
    this.#seen.add(key);
  }

  #writerFor(table: string, namespace: string, stream: string): Promise<managedwriter.JSONWriter> {
    let writer = this.#writers.get(table);
    if (!writer) {
      writer = this.#open(table, namespace, stream);
      writer.catch(() => this.#writers.delete(table));
      this.#writers.set(table, writer);
    }
    return writer;
  }

  async #open(table: string, namespace: string, stream: string): Promise<managedwriter.JSONWriter> {
    const destinationTable = `projects/${this.options.projectId}/datasets/${this.options.dataset}/tables/${table}`;
    const streamOf = () => this.#client.getWriteStream({ streamId: `${destinationTable}/streams/_default`, view: protos.google.cloud.bigquery.storage.v1.WriteStreamView.FULL });
    // a table made beforehand (metrics/ makes them) needs no right on the dataset: only a missing one is created
    const writeStream = await streamOf().catch(async (error: unknown) => {
      if ((error as { code?: number }).code !== NOT_FOUND) throw error;
      this.#loader ??= BigQueryLoader.create({ projectId: this.options.projectId, dataset: this.options.dataset, bigquery: this.options.bigquery });
      await (await this.#loader).prepare(namespace, [stream]);
      return streamOf();
    });
    const protoDescriptor = adapt.convertStorageSchemaToProto2Descriptor(writeStream.tableSchema ?? {}, "root");
    const connection = await this.#client.createStreamConnection({ streamId: managedwriter.DefaultStream, destinationTable });
    return new managedwriter.JSONWriter({ connection, protoDescriptor });
  }
}
