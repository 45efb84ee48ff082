import type { StreamFacts } from "../protocol/source.ts";
import type { PagerDutyApi } from "./api.ts";
import type { PagerDutyConfig } from "./config.ts";

export interface PagerDutyContext {
  api: PagerDutyApi;
  config: PagerDutyConfig;
}

/** A PagerDuty stream: yields its records and returns its new state, committed once it is done. */
export interface PagerDutyStream<S> extends StreamFacts {
  read(ctx: PagerDutyContext, state: S | undefined): AsyncGenerator<Record<string, unknown>, S>;
}
