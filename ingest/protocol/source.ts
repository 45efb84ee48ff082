import type { AirbyteMessage, AirbyteStream, ConnectorSpecification } from "./messages.ts";

/** Per-stream state as the platform (or our loader) hands it back: stream name → stream_state. */
export type StateMap = Map<string, unknown>;

/**
 * A stream's schema file, includes/raw_streams/<namespace>/<stream>.json: the one place its record's
 * shape is written (the Dataform declarations and docs/raw-streams.md follow it too).
 */
export interface StreamSchema {
  namespace: string;
  name: string;
  description: string;
  primary_key: string[][];
  /** Absent for full-refresh streams. */
  cursor_field?: string[];
  json_schema: { properties: Record<string, unknown>; [keyword: string]: unknown };
}

/** What every stream states about itself (discover), whatever it reads. */
export interface StreamFacts {
  name: string;
  primaryKey: string[][];
  /** Absent for full-refresh streams. */
  cursorField?: string[];
  /** The JSON schema of a record. */
  jsonSchema: Record<string, unknown>;
}

export function streamFacts(schema: StreamSchema): StreamFacts {
  return {
    name: schema.name,
    primaryKey: schema.primary_key,
    ...(schema.cursor_field ? { cursorField: schema.cursor_field } : {}),
    jsonSchema: schema.json_schema,
  };
}

/** One Airbyte source: the runner turns these into spec / check / discover / read. */
export interface Source<Config> {
  namespace: string;
  spec: ConnectorSpecification;
  /** Validates a config object (env fills what it omits); throws a config_error naming the key. */
  parseConfig(raw: unknown, env: NodeJS.ProcessEnv): Config;
  /** Throws a SourceError when the credentials or the configured names do not work. */
  check(config: Config): Promise<void>;
  streams: StreamFacts[];
  /** Reads the selected streams, emitting RECORDs and a STATE per stream as each slice completes. */
  read(config: Config, selected: ReadonlySet<string>, state: StateMap, log: (message: string) => void): AsyncGenerator<AirbyteMessage>;
}

export function toAirbyteStream(namespace: string, facts: StreamFacts): AirbyteStream {
  return {
    name: facts.name,
    namespace,
    json_schema: facts.jsonSchema,
    supported_sync_modes: facts.cursorField ? ["full_refresh", "incremental"] : ["full_refresh"],
    source_defined_cursor: facts.cursorField !== undefined,
    ...(facts.cursorField ? { default_cursor_field: facts.cursorField } : {}),
    source_defined_primary_key: facts.primaryKey,
  };
}
