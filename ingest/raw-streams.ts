import { createRequire } from "node:module";
import type { StreamSchema } from "./protocol/source.ts";

/** A stream's schema file as includes/raw_streams.js lists it; `optional`: many warehouses never land it. */
export interface RawStreamFile extends StreamSchema {
  optional?: boolean;
}

/** includes/raw_streams.js (CommonJS, for Dataform), typed: every raw stream's schema and the raw columns. */
export const rawStreamIndex = createRequire(import.meta.url)("../includes/raw_streams.js") as {
  /** [name, BigQuery type, description] of each raw column. */
  COLUMNS: Array<[string, string, string]>;
  STREAMS: RawStreamFile[];
  tableName(stream: { namespace: string; name: string }): string;
};
