import type { IncomingHttpHeaders } from "node:http";
import { GitHubRateLimits, type GitHubResource } from "../rate-limits.ts";
import { Router } from "../router.ts";
import type { Surface } from "../surface.ts";
import { DEMO_GITHUB_TOKEN } from "../tokens.ts";
import { registerGitHubGraphql } from "./graphql.ts";
import { registerGitHubHooks } from "./hooks.ts";
import type { Urls } from "./objects.ts";
import { githubError, graphqlRateLimited, notFound } from "./responses.ts";
import { registerGitHubContents } from "./contents.ts";
import { registerGitHubRest } from "./rest.ts";
import { registerGitHubTeams } from "./teams.ts";
import type { GitHubStore } from "./store.ts";

const GRAPHQL_ROUTE = "POST /graphql";
const RATE_LIMIT_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";

const resourceOf = (route: string): GitHubResource => (route === GRAPHQL_ROUTE ? "graphql" : "core");

/** The simulated GitHub API (REST and GraphQL) under /github. */
export function gitHubSurface(store: GitHubStore, urls: Urls, limits = new GitHubRateLimits()): Surface {
  const router = new Router();
  router.add("GET", "/rate_limit", () => {
    const core = limits.quota("core");
    const resources = { core, graphql: limits.quota("graphql"), search: limits.quota("search") };
    return { status: 200, body: { resources, rate: core } };
  });
  registerGitHubRest(router, store, urls);
  registerGitHubHooks(router, store, urls);
  registerGitHubTeams(router, store, urls);
  registerGitHubContents(router, store, urls);
  registerGitHubGraphql(router, store, limits, urls.createdAt);

  return {
    api: "github",
    prefix: "/github",
    router,
    etags: true,
    free: new Set(["GET /rate_limit"]),
    // the deploy workflows' runs, where the extractor finds deployments: a sync cannot succeed without them
    malformedRoute: "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
    baseHeaders: {
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
    },
    checkAuth(headers: IncomingHttpHeaders) {
      const header = headers.authorization;
      if (!header) return githubError(401, "Requires authentication");
      const token = /^(?:bearer|token)\s+(.+)$/i.exec(header)?.[1];
      return token === DEMO_GITHUB_TOKEN ? undefined : githubError(401, "Bad credentials");
    },
    notFound,
    badRequestBody: () => githubError(400, "Problems parsing JSON"),
    rateHeaders(route, spend, cost) {
      if (spend) limits.spend(resourceOf(route), cost);
      return limits.headers(resourceOf(route));
    },
    notModified(route) {
      limits.notModified();
      return limits.headers(resourceOf(route));
    },
    overBudget(route) {
      const resource = resourceOf(route);
      // a GraphQL query's own cost is checked once it is parsed (graphql.ts)
      if (limits.fits(resource)) return undefined;
      limits.refused();
      return primaryLimited(resource, limits.quota(resource).reset, 403, limits.quota(resource).limit);
    },
    fault(kind, route, waitSeconds) {
      const now = Date.now();
      const resource = resourceOf(route);
      switch (kind) {
        case "bad_gateway":
          return { response: { status: 502, body: { message: "Server Error" } } };
        case "gateway_timeout":
          return {
            response: {
              status: 504,
              body: { message: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists." },
            },
          };
        case "primary_rate_limit": {
          const reset = Math.ceil((now + waitSeconds * 1000) / 1000);
          return { response: primaryLimited(resource, reset, waitSeconds === 1 ? 403 : 429), blockUntil: reset * 1000 };
        }
        case "secondary_rate_limit":
          return { response: secondaryLimited(waitSeconds), blockUntil: now + waitSeconds * 1000 };
      }
    },
    stillLimited(route, untilMs) {
      return primaryLimited(resourceOf(route), Math.ceil(untilMs / 1000), 403);
    },
  };
}

/** Out of primary quota: REST says so with 403/429, GraphQL with a 200 and a RATE_LIMITED error. */
function primaryLimited(resource: GitHubResource, reset: number, status: 403 | 429, limit = 5000) {
  const headers = {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": "0",
    "x-ratelimit-used": String(limit),
    "x-ratelimit-reset": String(reset),
    "x-ratelimit-resource": resource,
  };
  if (resource === "graphql") {
    return {
      status: 200,
      headers,
      body: graphqlRateLimited(),
    };
  }
  const message = "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.";
  return { ...githubError(status, message), headers, body: { message, documentation_url: RATE_LIMIT_DOCS } };
}

function secondaryLimited(retryAfter: number) {
  const message =
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.";
  return { status: 403, headers: { "retry-after": String(retryAfter) }, body: { message, documentation_url: "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" } };
}
