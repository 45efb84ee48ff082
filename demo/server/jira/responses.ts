import type { ApiResponse } from "../router.ts";

/** Jira's error body: `{errorMessages: [...], errors: {}}`. */
export function jiraError(status: number, ...messages: string[]): ApiResponse {
  return { status, body: { errorMessages: messages, errors: {} } };
}

/** What Jira Cloud answers on the search endpoints it removed (Atlassian CHANGE-2046). */
export const searchRemoved = (): ApiResponse =>
  jiraError(410, "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046");
