import { streamMessages } from "../protocol/generators.ts";
import { backfillConfig, planRange, rangeSummary, readRanged } from "../protocol/landed-range.ts";
import type { AirbyteMessage } from "../protocol/messages.ts";
import type { Source, StateMap } from "../protocol/source.ts";
import { PagerDutyApi } from "./api.ts";
import { pagerdutySpec, parsePagerDutyConfig, type PagerDutyConfig } from "./config.ts";
import type { PagerDutyStream } from "./context.ts";
import type { IncidentsCursor } from "./incident-listing.ts";
import { incidentCustomFields } from "./streams/incident-custom-fields.ts";
import { incidentLogEntries } from "./streams/incident-log-entries.ts";
import { incidentNotes } from "./streams/incident-notes.ts";
import { incidentRelatedChangeEvents } from "./streams/incident-related-change-events.ts";
import { incidents } from "./streams/incidents.ts";
import { services } from "./streams/services.ts";

const NAMESPACE = "pagerduty";

/** Every stream but services follows incidents by their creation date. */
const datedStreams: Array<PagerDutyStream<IncidentsCursor>> = [incidents, incidentLogEntries, incidentNotes, incidentCustomFields, incidentRelatedChangeEvents];
const streams = [services, ...datedStreams] as Array<PagerDutyStream<unknown>>;

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
  if (selected.has(services.name)) yield* streamMessages(NAMESPACE, services.name, services.read(ctx, undefined), (next) => next);
  const dated = datedStreams.filter((stream) => selected.has(stream.name));
  const plans = dated.map((stream) => planRange<IncidentsCursor>(state.get(stream.name), config.startDate, config.startDateGiven));
  const summary = rangeSummary(NAMESPACE, plans);
  if (summary) log(summary);
  for (const [i, stream] of dated.entries()) {
    const records = readRanged(plans[i]!, (range, cursor) => stream.read(range ? { ...ctx, config: backfillConfig(config, range) } : ctx, cursor), { merge: keepOpen });
    yield* streamMessages(NAMESPACE, stream.name, records, (next) => next);
  }
}

/** Incidents of the backfilled days still open are visited again by later syncs, as the landed ones are. */
function keepOpen(cursor: IncidentsCursor, backfilled: IncidentsCursor): IncidentsCursor {
  return { ...cursor, open: [...new Set([...(cursor.open ?? []), ...(backfilled.open ?? [])])] };
}
