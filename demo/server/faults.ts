import { seededRandom } from "./random.ts";

export type Api = "github" | "pagerduty" | "jira";

export type FaultKind = "bad_gateway" | "gateway_timeout" | "dropped_connection" | "primary_rate_limit" | "secondary_rate_limit";

/** A request that came back before the server's retry-after (or rate-limit reset) had passed. */
export interface Violation {
  api: Api;
  route: string;
  at: string;
  blockedUntil: string;
}

/** Cumulative shares of the standard mix: about 10% of requests fail. */
const MIX: Array<[FaultKind, number]> = [
  ["bad_gateway", 0.025],
  ["gateway_timeout", 0.045],
  ["dropped_connection", 0.065],
  ["primary_rate_limit", 0.08],
  ["secondary_rate_limit", 0.1],
];

/** At most this many faults in a row for one request, so a client with a few retries always gets through. */
const MAX_CONSECUTIVE = 2;

/** Requests arriving this soon after a rate-limit answer were already on their way: limited, not violations. */
const IN_FLIGHT_MS = 50;

/**
 * The deterministic fault mix of `--faults`, and the ledger of rate-limit waits the server asked for:
 * each api is blocked until its latest retry-after or reset, and a request inside that time is a violation.
 */
export class Faults {
  private readonly random: () => number;
  private readonly streak = new Map<string, number>();
  private readonly blockedUntil: Record<Api, number> = { github: 0, pagerduty: 0, jira: 0 };
  private readonly blockedSince: Record<Api, number> = { github: 0, pagerduty: 0, jira: 0 };
  private readonly recorded: Violation[] = [];

  constructor(readonly enabled: boolean, seed: number) {
    this.random = seededRandom(seed);
  }

  /** The fault for this request, if the mix draws one. `requestKey` identifies a retry of the same request. */
  draw(requestKey: string): FaultKind | undefined {
    if (!this.enabled) return undefined;
    const r = this.random();
    const kind = MIX.find(([, upTo]) => r < upTo)?.[0];
    const streak = this.streak.get(requestKey) ?? 0;
    if (kind === undefined || streak >= MAX_CONSECUTIVE) {
      this.streak.delete(requestKey);
      return undefined;
    }
    this.streak.set(requestKey, streak + 1);
    return kind;
  }

  /** Seconds to wait for a rate-limit fault: 1 or 2, as the simulated APIs' fault mix says. */
  waitSeconds(): number {
    return this.random() < 0.5 ? 1 : 2;
  }

  block(api: Api, untilMs: number, nowMs = Date.now()): void {
    this.blockedSince[api] = nowMs;
    this.blockedUntil[api] = Math.max(this.blockedUntil[api], untilMs);
  }

  /** Whether `api` is still blocked; a request sent after the client had the answer is recorded as a violation. */
  checkBlocked(api: Api, route: string, nowMs: number): boolean {
    const until = this.blockedUntil[api];
    if (nowMs >= until) return false;
    if (nowMs - this.blockedSince[api] >= IN_FLIGHT_MS) {
      this.recorded.push({ api, route, at: new Date(nowMs).toISOString(), blockedUntil: new Date(until).toISOString() });
    }
    return true;
  }

  blockedUntilMs(api: Api): number {
    return this.blockedUntil[api];
  }

  violations(): Violation[] {
    return [...this.recorded];
  }
}
