import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { AirbyteRecord, StreamDescriptor } from "../protocol/messages.ts";
import type { StateMap } from "../protocol/source.ts";

/** A landed record in the Airbyte Destinations V2 raw layout. */
export interface RawRow {
  _airbyte_raw_id: string;
  _airbyte_extracted_at: Date;
  _airbyte_data: string;
  _airbyte_meta: string;
  _airbyte_generation_id: number;
}

/**
 * Where landed records and the sources' state go. `commit` makes every record added so far durable,
 * then the stream's state, so a sync killed at any point and run again loses nothing.
 */
export interface Loader {
  /** Creates the raw tables of these streams, so the models find every table even when a stream has no records yet. */
  prepare(namespace: string, streams: string[]): Promise<void>;
  /** Each stream's latest committed state; a stream whose latest is null (a reset) has none. */
  readState(namespace: string): Promise<StateMap>;
  add(record: AirbyteRecord): Promise<void>;
  /** `state` null forgets the stream's state (a reset), keeping its landed records. */
  commit(stream: StreamDescriptor & { namespace: string }, state: unknown): Promise<void>;
  close(): Promise<void>;
}

/**
 * Airbyte's raw table name: `<namespace>_raw__stream_<stream>`, the underscores between growing by one
 * when namespace or stream hold a longer run of them, so two streams never collide (reference §2.1).
 */
export function rawTableName(namespace: string, stream: string): string {
  const longestRun = Math.max(1, ...[...`${namespace}${stream}`.matchAll(/_+/g)].map((match) => match[0].length));
  return `${namespace}_raw${"_".repeat(longestRun + 1)}stream_${stream}`.replace(/[^A-Za-z0-9_]/g, "_");
}

export function rawRow(record: AirbyteRecord): RawRow {
  return {
    _airbyte_raw_id: randomUUID(),
    _airbyte_extracted_at: new Date(record.emitted_at),
    _airbyte_data: JSON.stringify(record.data),
    _airbyte_meta: JSON.stringify({ changes: [] }),
    _airbyte_generation_id: 0,
  };
}

/** The state table's latest rows as a state map: a null state (a reset) is no state. */
export function savedState(rows: Array<{ stream: string; state: string }>): StateMap {
  const state: StateMap = new Map();
  for (const row of rows) {
    const value: unknown = JSON.parse(row.state);
    if (value !== null) state.set(row.stream, value);
  }
  return state;
}

/** The table holding each source stream's latest committed state, beside the raw tables. */
export const STATE_TABLE = "_doraform_state";

/** What the loaders share with the models, from the Dataform settings: the project, its location, the raw and staging datasets. */
export function projectSettings(file = path.resolve(import.meta.dirname, "../../workflow_settings.yaml")): { project: string; location: string | undefined; rawDataset: string; stagingDataset: string } {
  const settings = parse(readFileSync(file, "utf8")) as { defaultProject?: string; defaultLocation?: string; vars?: { raw_dataset?: string; staging_dataset?: string } };
  return {
    project: settings.defaultProject ?? "doraform",
    location: settings.defaultLocation,
    rawDataset: settings.vars?.raw_dataset ?? "airbyte_internal",
    stagingDataset: settings.vars?.staging_dataset ?? "dora_staging",
  };
}
