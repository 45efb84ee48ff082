import type { StreamFacts } from "../protocol/source.ts";
import type { JiraApi } from "./api.ts";
import type { JiraConfig } from "./config.ts";

export interface JiraContext {
  api: JiraApi;
  config: JiraConfig;
}

/** A Jira stream: yields its records and returns its new state, committed once it is done. */
export interface JiraStream<S> extends StreamFacts {
  read(ctx: JiraContext, state: S | undefined): AsyncGenerator<Record<string, unknown>, S | undefined>;
}
