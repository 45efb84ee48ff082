import { streamFacts } from "../../protocol/source.ts";
import { jqlString } from "../config.ts";
import type { JiraStream } from "../context.ts";
import { jiraMs, jqlMinute } from "../jql-time.ts";
import issuesSchema from "../../../includes/raw_streams/jira/issues.json" with { type: "json" };

/** The system fields the models read (docs/raw-streams.md, jira). */
export const SYSTEM_FIELDS = ["summary", "issuetype", "created", "updated", "resolutiondate", "status", "priority", "labels", "components", "description"];

export interface IssuesCursor {
  /** The newest `fields.updated` landed, as Jira wrote it. */
  updated: string;
}

/** JQL compares dates to the minute: read the cursor's minute and the one before again (staging deduplicates). */
const LOOKBACK_MS = 60_000;

export const issues: JiraStream<IssuesCursor> = {
  ...streamFacts(issuesSchema),
  async *read(ctx, state) {
    const since = state?.updated ? jiraMs(state.updated) - LOOKBACK_MS : Date.parse(ctx.config.startDate);
    const jql = `(${ctx.config.jql}) AND updated >= ${jqlString(jqlMinute(since, await ctx.api.timeZone()))} ORDER BY updated ASC`;
    let newest = state;
    for await (const issue of ctx.api.search(jql, [...SYSTEM_FIELDS, ...ctx.config.customFields], ctx.config.pageSize)) {
      yield issue as unknown as Record<string, unknown>;
      if (newest === undefined || jiraMs(issue.fields.updated) > jiraMs(newest.updated)) newest = { updated: issue.fields.updated };
    }
    return newest;
  },
};
