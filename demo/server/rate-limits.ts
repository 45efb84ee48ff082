/**
 * Rate-limit bookkeeping for the headers the real services send. By default the demo never
 * exhausts a limit on its own (a spent window starts a new one), so a big sync does not stall for an
 * hour and running out of quota is something only the fault mix does. With a GitHub budget (`demo
 * serve --github-budget`), a spent window stays spent until its reset, on a clock that may run
 * faster than real time so that a test crosses an hour's reset in seconds.
 */
export interface Quota {
  limit: number;
  used: number;
  remaining: number;
  /** Epoch seconds when the window resets. */
  reset: number;
  /** The same in epoch milliseconds: seconds until the reset are counted from it, never one too many. */
  resetMs: number;
}

class Window {
  private used = 0;
  private start = 0;

  /** `seconds` of the simulated clock; `blocking`: a spent window stays spent until its reset. */
  constructor(readonly limit: number, private readonly seconds: number, private readonly clockSpeed = 1, private readonly blocking = false) {}

  /** Whether `cost` more fits the window (always, unless it blocks when spent). */
  fits(nowMs: number, cost = 1): boolean {
    this.roll(nowMs);
    return !this.blocking || this.used + cost <= this.limit;
  }

  spend(nowMs: number, cost = 1): void {
    this.roll(nowMs);
    if (!this.blocking && this.used >= this.limit) {
      this.start = nowMs;
      this.used = 0;
    }
    this.used += cost;
  }

  /** As if the window's time had run out. */
  end(): void {
    this.start = 0;
  }

  quota(nowMs: number): Quota {
    this.roll(nowMs);
    const resetMs = this.start + this.lengthMs();
    return { limit: this.limit, used: this.used, remaining: Math.max(0, this.limit - this.used), reset: Math.ceil(resetMs / 1000), resetMs };
  }

  /** The window's length in real milliseconds. */
  private lengthMs(): number {
    return (this.seconds * 1000) / this.clockSpeed;
  }

  private roll(nowMs: number): void {
    if (this.start === 0 || nowMs >= this.start + this.lengthMs()) {
      this.start = nowMs;
      this.used = 0;
    }
  }
}

export type GitHubResource = "core" | "graphql" | "search";

/** A GitHub budget that blocks when spent: its size an hour, and how much faster than real time its clock runs. */
export interface GitHubBudget {
  limit: number;
  clockSpeed: number;
}

/** What a sync cost under GitHub's accounting: REST requests that counted, free `304`s, GraphQL points. */
export interface GitHubUsage {
  github_counted_requests: number;
  github_not_modified: number;
  github_graphql_points: number;
  /** Requests refused because a budget that blocks was spent. */
  github_over_budget: number;
}

/**
 * GitHub: 5000 REST requests and 5000 GraphQL points an hour for a personal token (a `304` costs
 * nothing); the accounting is always kept, and blocks only with a budget.
 */
export class GitHubRateLimits {
  private readonly windows: Record<GitHubResource, Window>;
  private usage: GitHubUsage = emptyUsage();

  constructor(budget?: GitHubBudget) {
    const limit = budget?.limit ?? 5000;
    const speed = budget?.clockSpeed ?? 1;
    const blocks = budget !== undefined;
    this.windows = { core: new Window(limit, 3600, speed, blocks), graphql: new Window(limit, 3600, speed, blocks), search: new Window(30, 60, speed, blocks) };
  }

  fits(resource: GitHubResource, cost = 1, nowMs = Date.now()): boolean {
    return this.windows[resource].fits(nowMs, cost);
  }

  spend(resource: GitHubResource, cost = 1, nowMs = Date.now()): void {
    this.windows[resource].spend(nowMs, cost);
    if (resource === "graphql") this.usage.github_graphql_points += cost;
    else this.usage.github_counted_requests += 1;
  }

  /** Every window ends now, as if its hour had passed. */
  endWindows(): void {
    for (const window of Object.values(this.windows)) window.end();
  }

  notModified(): void {
    this.usage.github_not_modified += 1;
  }

  refused(): void {
    this.usage.github_over_budget += 1;
  }

  counted(): GitHubUsage {
    return { ...this.usage };
  }

  resetCounted(): void {
    this.usage = emptyUsage();
  }

  quota(resource: GitHubResource, nowMs = Date.now()): Quota {
    return this.windows[resource].quota(nowMs);
  }

  headers(resource: GitHubResource, nowMs = Date.now()): Record<string, string> {
    const q = this.quota(resource, nowMs);
    return {
      "x-ratelimit-limit": String(q.limit),
      "x-ratelimit-remaining": String(q.remaining),
      "x-ratelimit-used": String(q.used),
      "x-ratelimit-reset": String(q.reset),
      "x-ratelimit-resource": resource,
    };
  }
}

const emptyUsage = (): GitHubUsage => ({ github_counted_requests: 0, github_not_modified: 0, github_graphql_points: 0, github_over_budget: 0 });

/** PagerDuty: 960 requests a minute per API key; ratelimit-reset is seconds until the reset. */
export class PagerDutyRateLimit {
  private readonly window = new Window(960, 60);

  spend(nowMs = Date.now()): void {
    this.window.spend(nowMs);
  }

  headers(nowMs = Date.now()): Record<string, string> {
    const q = this.window.quota(nowMs);
    return {
      "ratelimit-limit": String(q.limit),
      "ratelimit-remaining": String(q.remaining),
      "ratelimit-reset": String(Math.max(0, Math.ceil(q.resetMs / 1000 - nowMs / 1000))),
    };
  }
}
