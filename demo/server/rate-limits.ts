/**
 * Rate-limit bookkeeping for the headers the real services send. The demo never exhausts a limit
 * on its own (a spent window starts a new one), so a big sync does not stall for an hour: running
 * out of quota is something only the fault mix does, with a reset 1–2 seconds ahead.
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

  constructor(readonly limit: number, private readonly seconds: number) {}

  spend(nowMs: number): void {
    this.roll(nowMs);
    if (this.used >= this.limit) {
      this.start = nowMs;
      this.used = 0;
    }
    this.used += 1;
  }

  quota(nowMs: number): Quota {
    this.roll(nowMs);
    return {
      limit: this.limit,
      used: this.used,
      remaining: this.limit - this.used,
      reset: Math.ceil((this.start + this.seconds * 1000) / 1000),
      resetMs: this.start + this.seconds * 1000,
    };
  }

  private roll(nowMs: number): void {
    if (this.start === 0 || nowMs >= this.start + this.seconds * 1000) {
      this.start = nowMs;
      this.used = 0;
    }
  }
}

export type GitHubResource = "core" | "graphql" | "search";

/** GitHub: 5000 points an hour per resource for a personal token. */
export class GitHubRateLimits {
  private readonly windows: Record<GitHubResource, Window> = {
    core: new Window(5000, 3600),
    graphql: new Window(5000, 3600),
    search: new Window(30, 60),
  };

  spend(resource: GitHubResource, nowMs = Date.now()): void {
    this.windows[resource].spend(nowMs);
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
