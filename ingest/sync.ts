import { UserError } from "../core/errors.ts";
import { BudgetStop, SourceError } from "./protocol/errors.ts";
import type { Source } from "./protocol/source.ts";
import type { Loader } from "./load/raw-table.ts";

export interface SyncResult {
  records: number;
  streams: Record<string, number>;
  /** Why the sync stopped before the end (the rate budget); what was saved before stays, and the next run goes on. */
  stopped?: string;
}

/**
 * Runs one source over every stream it has and lands what it reads: records are buffered by the
 * loader and made durable, with the stream's state after them, at each STATE message. `resetState`
 * forgets the saved state first, so the source starts over.
 */
export async function syncSource<C>(
  source: Source<C>,
  config: C,
  loader: Loader,
  progress: (message: string) => void,
  options: { resetState?: boolean } = {},
): Promise<SyncResult> {
  const names = source.streams.map((stream) => stream.name);
  await loader.prepare(source.namespace, names);
  if (options.resetState) {
    // forgotten stream by stream, as a commit: the landed rows stay, and staging keeps each key's latest record
    for (const name of names) await loader.commit({ name, namespace: source.namespace }, null);
    progress(`${source.namespace}: saved state reset: this sync reads from the start date as a first sync does; landed rows stay`);
  }
  const state = await loader.readState(source.namespace);
  const result: SyncResult = { records: 0, streams: {} };
  let lastReport = Date.now();
  try {
    for await (const message of source.read(config, new Set(names), state, progress)) {
      if (message.type === "RECORD") {
        await loader.add(message.record);
        result.records++;
        result.streams[message.record.stream] = (result.streams[message.record.stream] ?? 0) + 1;
        if (Date.now() - lastReport > 2000) {
          progress(`${source.namespace}: ${result.records} records so far`);
          lastReport = Date.now();
        }
      } else if (message.type === "STATE") {
        const { stream_descriptor, stream_state } = message.state.stream;
        await loader.commit({ name: stream_descriptor.name, namespace: source.namespace }, stream_state);
      } else if (message.type === "LOG") {
        progress(message.log.message);
      }
    }
  } catch (error) {
    if (error instanceof BudgetStop) {
      progress(error.message);
      return { ...result, stopped: error.message };
    }
    // the source's own one-line message already names the source and the endpoint
    if (error instanceof SourceError) throw new UserError(error.message);
    throw error;
  }
  return result;
}
