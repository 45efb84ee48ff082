import { streamMessages } from "../protocol/generators.ts";
import type { AirbyteMessage } from "../protocol/messages.ts";
import type { Source, StateMap } from "../protocol/source.ts";
import { PagerDutyApi } from "./api.ts";
import { pagerdutySpec, parsePagerDutyConfig, type PagerDutyConfig } from "./config.ts";
import type { PagerDutyStream } from "./context.ts";
import { incidentCustomFields } from "./streams/incident-custom-fields.ts";
import { incidentLogEntries } from "./streams/incident-log-entries.ts";
import { incidentNotes } from "./streams/incident-notes.ts";
import { incidentRelatedChangeEvents } from "./streams/incident-related-change-events.ts";
import { incidents } from "./streams/incidents.ts";
import { services } from "./streams/services.ts";

const NAMESPACE = "pagerduty";

const streams = [services, incidents, incidentLogEntries, incidentNotes, incidentCustomFields, incidentRelatedChangeEvents] as Array<PagerDutyStream<unknown>>;

export const pagerdutySource: Source<PagerDutyConfig> = {
  namespace: NAMESPACE,
  spec: pagerdutySpec,
  parseConfig: parsePagerDutyConfig,
  streams,
  async check(config) {
    await PagerDutyApi.create(config, () => undefined).get("/services", { query: { limit: 1 } });
  },
  read: readPagerDuty,
};

async function* readPagerDuty(config: PagerDutyConfig, selected: ReadonlySet<string>, state: StateMap, log: (message: string) => void): AsyncGenerator<AirbyteMessage> {
  const ctx = { api: PagerDutyApi.create(config, log), config };
  for (const stream of streams.filter((candidate) => selected.has(candidate.name))) {
    yield* streamMessages(NAMESPACE, stream.name, stream.read(ctx, state.get(stream.name)), (next) => next);
  }
}
