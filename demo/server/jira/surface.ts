import { Router } from "../router.ts";
import type { Surface } from "../surface.ts";
import { DEMO_JIRA_API_TOKEN, DEMO_JIRA_EMAIL } from "../tokens.ts";
import { jiraError } from "./responses.ts";
import { registerJiraRoutes } from "./routes.ts";
import type { JiraStore } from "./store.ts";

const BASIC = `Basic ${Buffer.from(`${DEMO_JIRA_EMAIL}:${DEMO_JIRA_API_TOKEN}`).toString("base64")}`;

/** The simulated Jira Cloud site under /jira: Basic auth with an email and an API token. */
export function jiraSurface(store: JiraStore): Surface {
  const router = new Router();
  registerJiraRoutes(router, store);
  return {
    api: "jira",
    prefix: "/jira",
    router,
    etags: false,
    free: new Set(),
    malformedRoute: "POST /rest/api/3/search/jql",
    baseHeaders: { "x-arequestid": "demo" },
    checkAuth(headers) {
      return headers.authorization === BASIC ? undefined : jiraError(401, "Client must be authenticated to access this resource.");
    },
    notFound: () => jiraError(404, "Not Found"),
    badRequestBody: () => jiraError(400, "Unexpected character in the request body: it is not valid JSON."),
    // Jira Cloud sends its rate-limit headers only with a 429
    rateHeaders: () => ({}),
    fault(kind, _route, waitSeconds) {
      switch (kind) {
        case "bad_gateway":
          return { response: jiraError(502, "Bad Gateway") };
        case "gateway_timeout":
          return { response: jiraError(504, "Gateway Timeout") };
        case "primary_rate_limit":
          return { response: rateLimited(429, waitSeconds), blockUntil: Date.now() + waitSeconds * 1000 };
        case "secondary_rate_limit":
          // Jira also sheds load with a 503 that says when to come back
          return { response: rateLimited(503, waitSeconds), blockUntil: Date.now() + waitSeconds * 1000 };
      }
    },
    stillLimited(_route, untilMs) {
      return rateLimited(429, Math.max(1, Math.ceil((untilMs - Date.now()) / 1000)));
    },
  };
}

function rateLimited(status: 429 | 503, seconds: number) {
  return {
    ...jiraError(status, status === 429 ? "Rate limit exceeded." : "Service unavailable, retry later."),
    headers: { "retry-after": String(seconds), "x-ratelimit-reason": "jira-quota-global-based" },
  };
}
