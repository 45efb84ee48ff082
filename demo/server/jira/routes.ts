import type { ApiRequest, ApiResponse, Router } from "../router.ts";
import { stableId } from "../ids.ts";
import { DEMO_JIRA_EMAIL } from "../tokens.ts";
import { JqlError, parseJql } from "./jql.ts";
import { jiraError, searchRemoved } from "./responses.ts";
import type { JiraStore } from "./store.ts";

/** Default page size of search/jql, and its cap for requests that ask for fields (Jira Cloud: 100 then). */
const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;

/** Registers the Jira Cloud REST v3 routes the demo site serves (paths below JIRA_BASE_URL). */
export function registerJiraRoutes(router: Router, store: JiraStore): void {
  router
    .add("GET", "/rest/api/3/search/jql", (request) => search(store, fromQuery(request)))
    .add("POST", "/rest/api/3/search/jql", (request) => search(store, fromBody(request)))
    .add("GET", "/rest/api/3/myself", () => ({
      status: 200,
      body: { self: `${store.site}/rest/api/3/user?accountId=demo`, accountId: "demo", accountType: "atlassian", emailAddress: DEMO_JIRA_EMAIL, displayName: "Demo Reader", active: true, timeZone: "UTC" },
    }))
    .add("GET", "/rest/api/3/field", () => ({ status: 200, body: store.fields }))
    .add("GET", "/rest/api/3/project/{projectIdOrKey}/components", (request) => components(store, request.params.projectIdOrKey!));
  for (const version of ["2", "3"]) for (const method of ["GET", "POST"]) router.add(method, `/rest/api/${version}/search`, searchRemoved);
}

interface SearchParams {
  jql: unknown;
  nextPageToken: unknown;
  maxResults: unknown;
  fields: unknown;
}

function fromQuery(request: ApiRequest): SearchParams {
  const q = request.query;
  return {
    jql: q.get("jql") ?? undefined,
    nextPageToken: q.get("nextPageToken") ?? undefined,
    maxResults: q.has("maxResults") ? Number(q.get("maxResults")) : undefined,
    fields: q.getAll("fields").flatMap((f) => f.split(",")).map((f) => f.trim()).filter((f) => f !== ""),
  };
}

function fromBody(request: ApiRequest): SearchParams {
  const body = (request.body ?? {}) as Partial<SearchParams>;
  return { jql: body.jql, nextPageToken: body.nextPageToken, maxResults: body.maxResults, fields: body.fields ?? [] };
}

function search(store: JiraStore, params: SearchParams): ApiResponse {
  const jql = params.jql ?? "";
  if (typeof jql !== "string") return jiraError(400, "The JQL query must be a string.");
  const size = params.maxResults ?? DEFAULT_PAGE;
  if (typeof size !== "number" || !Number.isInteger(size) || size < 1) return jiraError(400, "maxResults must be a positive integer.");
  if (!Array.isArray(params.fields) || params.fields.some((f) => typeof f !== "string")) return jiraError(400, "fields must be a list of field names.");
  let offset = 0;
  if (params.nextPageToken !== undefined && params.nextPageToken !== null) {
    const decoded = typeof params.nextPageToken === "string" ? store.offsetOf(jql, params.nextPageToken) : undefined;
    if (decoded === undefined) return jiraError(400, "The provided next page token is invalid or expired.");
    offset = decoded;
  }
  let query;
  try {
    query = parseJql(jql);
  } catch (error) {
    if (error instanceof JqlError) return jiraError(400, error.message);
    throw error;
  }
  const unknown = store.unknownValue(query);
  if (unknown) return jiraError(400, `The value '${unknown.value}' does not exist for the field '${unknown.field}'.`);
  const issues = store.search(query);
  const end = offset + Math.min(size, MAX_PAGE);
  const isLast = end >= issues.length;
  return {
    status: 200,
    body: {
      issues: issues.slice(offset, end).map((issue) => store.render(issue, params.fields as string[])),
      ...(isLast ? {} : { nextPageToken: store.pageToken(jql, end) }),
      isLast,
    },
  };
}

/**
 * A project's components (`ProjectComponent`): those its issues use, since the demo keeps no
 * component list of its own. An unknown project is a 404 with Jira's message.
 */
function components(store: JiraStore, key: string): ApiResponse {
  const { project_key: project } = store.jira;
  if (key.toUpperCase() !== project.toUpperCase()) return jiraError(404, `No project could be found with key '${key}'.`);
  const names = [...new Set(store.jira.issues.flatMap((issue) => issue.components))].sort();
  const projectId = stableId(`project:${project}`) % 100000;
  return {
    status: 200,
    body: names.map((name) => {
      const id = String(stableId(`component:${name}`) % 100000);
      return { self: `${store.site}/rest/api/3/component/${id}`, id, name, assigneeType: "PROJECT_DEFAULT", realAssigneeType: "PROJECT_DEFAULT", isAssigneeTypeValid: false, project, projectId };
    }),
  };
}
