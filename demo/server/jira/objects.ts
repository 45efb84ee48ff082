import type { Jira, JiraIssue, JiraStatusCategory } from "../../model/organisation.ts";
import { stableId } from "../ids.ts";

/**
 * Jira Cloud REST v3 objects as `GET|POST /rest/api/3/search/jql` returns them: the serialisation of
 * the demo API, and the record shape of the `jira.issues` raw stream (docs/raw-streams.md).
 */

/** Jira's timestamp spelling: "2026-03-02T10:15:00.000+0000" (the demo site's time zone is UTC). */
export function jiraTime(iso: string): string {
  return new Date(iso).toISOString().replace("Z", "+0000");
}

/** Jira's built-in status categories (ids and names as Jira Cloud has them). */
const CATEGORIES: Record<JiraStatusCategory, { id: number; name: string; colorName: string; status: string }> = {
  new: { id: 2, name: "To Do", colorName: "blue-gray", status: "Open" },
  indeterminate: { id: 4, name: "In Progress", colorName: "yellow", status: "In Progress" },
  done: { id: 3, name: "Done", colorName: "green", status: "Resolved" },
};

export interface JiraIssueState {
  category: JiraStatusCategory;
  /** The last change into "done" while the issue is done; a reopen clears it. */
  resolutiondate: string | null;
  /** The latest of created, transitions and edits. */
  updated: string;
}

/** Replays the transitions of an issue (already cut at the server's clock). */
export function jiraIssueState(issue: JiraIssue): JiraIssueState {
  const state: JiraIssueState = { category: "new", resolutiondate: null, updated: issue.created };
  for (const t of [...issue.transitions].sort((a, b) => a.at.localeCompare(b.at))) {
    state.resolutiondate = t.to === "done" ? t.at : null;
    state.category = t.to;
  }
  const times = [issue.created, ...issue.transitions.map((t) => t.at), ...(issue.edits ?? [])];
  state.updated = times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  return state;
}

/** A plain-text description as Atlassian Document Format (Jira returns null for an empty one). */
function adf(text: string) {
  if (text === "") return null;
  return { type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
}

/**
 * The issue with every field the demo knows (its custom fields included); the search endpoint keeps
 * only the requested ones. `site` is the base URL the links point at (default: the organisation's site).
 */
export function jiraIssueJson(issue: JiraIssue, jira: Jira, site: string = jira.site) {
  const state = jiraIssueState(issue);
  const category = CATEGORIES[state.category];
  return {
    id: issue.id,
    key: issue.key,
    self: `${site}/rest/api/3/issue/${issue.id}`,
    fields: {
      summary: issue.summary,
      issuetype: { id: String(stableId(`issuetype:${issue.issue_type}`) % 100000), name: issue.issue_type, subtask: false },
      created: jiraTime(issue.created),
      updated: jiraTime(state.updated),
      resolutiondate: state.resolutiondate === null ? null : jiraTime(state.resolutiondate),
      status: {
        self: `${site}/rest/api/3/status/${category.id}`,
        name: category.status,
        statusCategory: { self: `${site}/rest/api/3/statuscategory/${category.id}`, id: category.id, key: state.category, colorName: category.colorName, name: category.name },
      },
      priority: { name: issue.priority },
      labels: [...issue.labels],
      components: issue.components.map((name) => ({ id: String(stableId(`component:${name}`) % 100000), name })),
      description: adf(issue.description),
      ...issue.custom_fields,
    },
  };
}

export type JiraIssueJson = ReturnType<typeof jiraIssueJson>;
