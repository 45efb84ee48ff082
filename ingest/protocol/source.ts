import type { AirbyteMessage, AirbyteStream, ConnectorSpecification } from "./messages.ts";

/** Per-stream state as the platform (or our loader) hands it back: stream name → stream_state. */
export type StateMap = Map<string, unknown>;

/** What every stream states about itself (discover), whatever it reads. */
export interface StreamFacts {
  name: string;
  primaryKey: string[][];
  /** Absent for full-refresh streams. */
  cursorField?: string[];
  /** The top-level fields of a record; every value may also be null. */
  properties: Record<string, JsonType>;
}

export type JsonType = "string" | "integer" | "number" | "boolean" | "object" | "array";

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
  const properties = Object.fromEntries(Object.entries(facts.properties).map(([name, type]) => [name, { type: ["null", type] }]));
  return {
    name: facts.name,
    namespace,
    json_schema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object", additionalProperties: true, properties },
    supported_sync_modes: facts.cursorField ? ["full_refresh", "incremental"] : ["full_refresh"],
    source_defined_cursor: facts.cursorField !== undefined,
    ...(facts.cursorField ? { default_cursor_field: facts.cursorField } : {}),
    source_defined_primary_key: facts.primaryKey,
  };
}
