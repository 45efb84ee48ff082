/**
 * The Airbyte protocol messages a source writes, one JSON object per line on stdout
 * (airbyte_protocol.yaml v0.3.2; reference/upstream-apis.md §1). Only the fields we emit or read.
 */

export interface StreamDescriptor {
  name: string;
  namespace?: string;
}

export interface AirbyteRecord {
  namespace: string;
  stream: string;
  data: Record<string, unknown>;
  /** epoch milliseconds */
  emitted_at: number;
}

export interface StreamStateMessage {
  type: "STREAM";
  stream: { stream_descriptor: StreamDescriptor; stream_state: unknown };
  sourceStats?: { recordCount: number };
}

export type FailureType = "config_error" | "system_error" | "transient_error";

export type LogLevel = "FATAL" | "ERROR" | "WARN" | "INFO" | "DEBUG" | "TRACE";

export interface AirbyteStream {
  name: string;
  namespace: string;
  json_schema: Record<string, unknown>;
  supported_sync_modes: Array<"full_refresh" | "incremental">;
  source_defined_cursor: boolean;
  default_cursor_field?: string[];
  source_defined_primary_key: string[][];
}

export interface ConfiguredStream {
  stream: AirbyteStream;
  sync_mode: "full_refresh" | "incremental";
  destination_sync_mode: string;
  cursor_field?: string[];
  primary_key?: string[][];
}

export interface ConfiguredCatalog {
  streams: ConfiguredStream[];
}

export interface ConnectorSpecification {
  documentationUrl: string;
  connectionSpecification: Record<string, unknown>;
  supportsIncremental: boolean;
  protocol_version: string;
}

export type AirbyteMessage =
  | { type: "RECORD"; record: AirbyteRecord }
  | { type: "STATE"; state: StreamStateMessage }
  | { type: "LOG"; log: { level: LogLevel; message: string } }
  | {
      type: "TRACE";
      trace: {
        type: "ERROR";
        emitted_at: number;
        error: { message: string; failure_type: FailureType; stream_descriptor?: StreamDescriptor };
      };
    }
  | { type: "SPEC"; spec: ConnectorSpecification }
  | { type: "CONNECTION_STATUS"; connectionStatus: { status: "SUCCEEDED" | "FAILED"; message?: string } }
  | { type: "CATALOG"; catalog: { streams: AirbyteStream[] } };

export function recordMessage(namespace: string, stream: string, data: Record<string, unknown>): AirbyteMessage {
  return { type: "RECORD", record: { namespace, stream, data, emitted_at: Date.now() } };
}

export function stateMessage(namespace: string, stream: string, streamState: unknown, recordCount: number): AirbyteMessage {
  return {
    type: "STATE",
    state: {
      type: "STREAM",
      stream: { stream_descriptor: { name: stream, namespace }, stream_state: streamState },
      sourceStats: { recordCount },
    },
  };
}

export function logMessage(level: LogLevel, message: string): AirbyteMessage {
  return { type: "LOG", log: { level, message } };
}

export function errorTrace(message: string, failureType: FailureType, stream?: StreamDescriptor): AirbyteMessage {
  return {
    type: "TRACE",
    trace: {
      type: "ERROR",
      emitted_at: Date.now(),
      error: { message, failure_type: failureType, ...(stream ? { stream_descriptor: stream } : {}) },
    },
  };
}

/** AirbyteStateStats.recordCount is a number serialised with a decimal point (§1.2). */
export function serialiseMessage(message: AirbyteMessage): string {
  if (message.type !== "STATE" || message.state.sourceStats === undefined) return JSON.stringify(message);
  const { sourceStats, ...state } = message.state;
  const line = JSON.stringify({ type: "STATE", state });
  return `${line.slice(0, -2)},"sourceStats":{"recordCount":${sourceStats.recordCount.toFixed(1)}}}}`;
}
