import { configError } from "./errors.ts";
import type { StateMap } from "./source.ts";

/**
 * A `--state` file: an array of per-stream state messages (the platform's form, each optionally wrapped in
 * its STATE envelope) or a legacy object keyed by stream name. A null stream_state resets the stream.
 */
export function parseStateFile(raw: unknown, file: string): StateMap {
  const state: StateMap = new Map();
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const message = (item?.type === "STATE" ? item.state : item) as { type?: string; stream?: { stream_descriptor?: { name?: unknown }; stream_state?: unknown } };
      const name = message?.stream?.stream_descriptor?.name;
      if (message?.type !== "STREAM" || typeof name !== "string") throw configError(`state file ${file}: expected per-stream state messages (type STREAM)`);
      if (message.stream!.stream_state !== null && message.stream!.stream_state !== undefined) state.set(name, message.stream!.stream_state);
    }
    return state;
  }
  if (typeof raw === "object" && raw !== null) {
    const legacy = ("data" in raw ? (raw as { data: unknown }).data : raw) as Record<string, unknown>;
    for (const [name, value] of Object.entries(legacy ?? {})) if (value !== null) state.set(name, value);
    return state;
  }
  throw configError(`state file ${file}: expected a JSON array of state messages or an object`);
}
