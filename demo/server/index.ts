import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Organisation } from "../model/organisation.ts";
import { Faults, type Violation } from "./faults.ts";
import { gitHubSurface } from "./github/surface.ts";
import { GitHubStore } from "./github/store.ts";
import { JiraStore } from "./jira/store.ts";
import { jiraSurface } from "./jira/surface.ts";
import { pagerDutySurface } from "./pagerduty/surface.ts";
import { handle } from "./pipeline.ts";
import { GitHubRateLimits, type GitHubBudget, type GitHubUsage } from "./rate-limits.ts";
import { serverNow, snapshotAt } from "../model/snapshot.ts";
import { DEMO_GITHUB_TOKEN, DEMO_JIRA_API_TOKEN, DEMO_JIRA_EMAIL, DEMO_PAGERDUTY_TOKEN } from "./tokens.ts";

export type { Violation } from "./faults.ts";
export type { GitHubBudget, GitHubUsage } from "./rate-limits.ts";
export { DEMO_GITHUB_TOKEN, DEMO_JIRA_API_TOKEN, DEMO_JIRA_EMAIL, DEMO_PAGERDUTY_TOKEN } from "./tokens.ts";

export interface DemoServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The standard fault mix of `demo serve --faults`. */
  faults?: boolean;
  /** Truncate the bodies of one route on each service so a sync fails with a clear error. */
  malformed?: boolean;
  /** Seed of the fault sequence. */
  seed?: number;
  /** A GitHub budget that stays spent until its reset (`demo serve --github-budget`); none by default. */
  githubBudget?: GitHubBudget;
}

export interface DemoServer {
  url: string;
  env: {
    GITHUB_API_URL: string;
    GITHUB_GRAPHQL_URL: string;
    GITHUB_TOKEN: string;
    PAGERDUTY_API_URL: string;
    PAGERDUTY_TOKEN: string;
    /** Only when the organisation has Jira. */
    JIRA_BASE_URL?: string;
    JIRA_EMAIL?: string;
    JIRA_API_TOKEN?: string;
  };
  /** Requests per route, keyed "GET /repos/{owner}/{repo}/actions/runs" (304s and faults included). */
  requestCounts(): Record<string, number>;
  /** What the requests since the last reset cost under GitHub's accounting (304s counted apart, GraphQL in points). */
  githubUsage(): GitHubUsage;
  /** Ends GitHub's rate-limit windows now, as if their hour had passed (a test crossing a reset). */
  endGitHubWindows(): void;
  /** Clears the request counts and the GitHub usage. */
  resetCounts(): void;
  /** Requests that came back before a retry-after or rate-limit reset the server had sent. */
  violations(): Violation[];
  close(): Promise<void>;
}

/**
 * Serves the organisation on 127.0.0.1 as GitHub (under /github), PagerDuty (under /pagerduty) and,
 * when it has Jira, a Jira Cloud site (under /jira) would, as of the end of its as_of day. PagerDuty writes (notes, custom field values) change the
 * served copy, never `org`.
 */
export async function startDemoServer(org: Organisation, options: DemoServerOptions = {}): Promise<DemoServer> {
  const now = serverNow(org);
  const served = snapshotAt(org, now);
  const counts = new Map<string, number>();
  const faults = new Faults(options.faults ?? false, options.seed ?? 1);
  // idle keep-alive connections outlive the client's own timeout (undici: 4 s), so a client never
  // reuses a socket the server is closing at that moment (an ECONNRESET no real API would cause)
  const server = createServer({ keepAliveTimeout: 65_000 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(`demo server: cannot listen on 127.0.0.1:${options.port ?? 0} (${error.code ?? error.message})`)),
    );
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const githubLimits = new GitHubRateLimits(options.githubBudget);
  const surfaces = [
    gitHubSurface(new GitHubStore(served), { api: `${url}/github`, createdAt: `${served.start_date}T00:00:00Z` }, githubLimits),
    pagerDutySurface(served, { api: `${url}/pagerduty`, now }),
    ...(served.jira ? [jiraSurface(new JiraStore({ ...served, jira: served.jira }, `${url}/jira`))] : []),
  ];
  const pipeline = { surfaces, faults, malformed: options.malformed ?? false, baseUrl: url, counts };
  server.on("request", (req, res) => {
    handle(pipeline, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ message: `demo server error: ${error instanceof Error ? error.message : String(error)}` }));
    });
  });
  return {
    url,
    env: {
      GITHUB_API_URL: `${url}/github`,
      GITHUB_GRAPHQL_URL: `${url}/github/graphql`,
      GITHUB_TOKEN: DEMO_GITHUB_TOKEN,
      PAGERDUTY_API_URL: `${url}/pagerduty`,
      PAGERDUTY_TOKEN: DEMO_PAGERDUTY_TOKEN,
      ...(served.jira ? { JIRA_BASE_URL: `${url}/jira`, JIRA_EMAIL: DEMO_JIRA_EMAIL, JIRA_API_TOKEN: DEMO_JIRA_API_TOKEN } : {}),
    },
    requestCounts: () => Object.fromEntries(counts),
    githubUsage: () => githubLimits.counted(),
    endGitHubWindows: () => githubLimits.endWindows(),
    resetCounts: () => {
      counts.clear();
      githubLimits.resetCounted();
    },
    violations: () => faults.violations(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
