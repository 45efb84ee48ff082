import { streamMessages } from "../protocol/generators.ts";
import type { AirbyteMessage } from "../protocol/messages.ts";
import type { Source, StateMap } from "../protocol/source.ts";
import { JiraApi } from "./api.ts";
import { jiraSpec, parseJiraConfig, type JiraConfig } from "./config.ts";
import type { JiraStream } from "./context.ts";
import { issues } from "./streams/issues.ts";

const NAMESPACE = "jira";

const streams = [issues] as Array<JiraStream<unknown>>;

export const jiraSource: Source<JiraConfig> = {
  namespace: NAMESPACE,
  spec: jiraSpec,
  parseConfig: parseJiraConfig,
  streams,
  async check(config) {
    const api = JiraApi.create(config, () => undefined);
    await api.timeZone();
    // the configured JQL must be one the site accepts (fields and projects that exist)
    await api.search(config.jql, ["updated"], 1).next();
  },
  read: readJira,
};

async function* readJira(config: JiraConfig, selected: ReadonlySet<string>, state: StateMap, log: (message: string) => void): AsyncGenerator<AirbyteMessage> {
  const ctx = { api: JiraApi.create(config, log), config };
  for (const stream of streams.filter((candidate) => selected.has(candidate.name))) {
    yield* streamMessages(NAMESPACE, stream.name, stream.read(ctx, state.get(stream.name)), (next) => next ?? null);
  }
}
