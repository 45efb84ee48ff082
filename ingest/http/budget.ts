import { BudgetStop } from "../protocol/errors.ts";
import { sleep } from "./limiter.ts";

export interface BudgetOptions {
  /** Named in the messages ("github"). */
  source: string;
  /** Requests (GraphQL: points) left untouched for other tools sharing the token. */
  reserve: number;
  /** Waited for a reset at most this long; a later reset stops the sync. */
  maxWaitMs: number;
  /** The rate-limit resource a request draws on ("core", "graphql"). */
  resourceOf: (method: string, url: string) => string;
  log?: (message: string) => void;
}

interface Left {
  remaining: number;
  limit: number;
  resetMs: number;
}

/** One rate-limit resource as the sync has spent it: what its answers said last, and what this sync used. */
export interface ResourceUsage extends Left {
  resource: string;
  /** Requests (GraphQL: points) used since the sync began, earlier windows included; other tools sharing the token count too. */
  spent: number;
}

interface Spending {
  /** `used` when counting began in the current window. */
  from: number;
  /** The highest `used` an answer of the current window showed (answers in flight arrive out of order). */
  used: number;
  /** Spent in windows that have reset since. */
  before: number;
  last: Left;
}

/**
 * What is left of each rate-limit window, from GitHub's `x-ratelimit-*` headers on every answer,
 * less the requests sent since; a request is held while the reset is near, else the sync stops.
 */
export class RateBudget {
  readonly #left = new Map<string, Left>();
  readonly #waits = new Map<string, Promise<void>>();
  readonly #spending = new Map<string, Spending>();

  constructor(readonly options: BudgetOptions) {}

  /** Reads what an answer says is left (a `304` says so too, and costs nothing). */
  observe(headers: { get(name: string): string | null }): void {
    const remaining = Number(headers.get("x-ratelimit-remaining") ?? Number.NaN);
    const limit = Number(headers.get("x-ratelimit-limit") ?? Number.NaN);
    const reset = Number(headers.get("x-ratelimit-reset") ?? Number.NaN);
    if (!Number.isFinite(remaining) || !Number.isFinite(limit) || !Number.isFinite(reset)) return;
    const resource = headers.get("x-ratelimit-resource") ?? "core";
    const left = { remaining, limit, resetMs: reset * 1000 };
    this.#left.set(resource, left);
    // GitHub's `used` counts the answer itself: the first answer is taken to have cost 1 (asking
    // `/rate_limit` first would be free but is one more request to every sync)
    const used = Number(headers.get("x-ratelimit-used") ?? limit - remaining);
    if (Number.isFinite(used)) this.#spend(resource, used, left);
  }

  /** What each resource has left and what this sync spent of it, for progress lines. */
  usage(): ResourceUsage[] {
    return [...this.#spending].map(([resource, { from, used, before, last }]) => ({ resource, ...last, spent: before + used - from }));
  }

  #spend(resource: string, used: number, left: Left): void {
    const known = this.#spending.get(resource);
    if (!known) {
      this.#spending.set(resource, { from: used - 1, used, before: 0, last: left });
    } else if (known.last.resetMs !== left.resetMs && left.resetMs > known.last.resetMs) {
      // a new window: what the old one spent is kept, and this one counts from zero
      this.#spending.set(resource, { from: 0, used, before: known.before + known.used - known.from, last: left });
    } else if (used >= known.used) {
      known.used = used;
      known.last = left;
    }
  }

  /** Before a request: returns once it may be sent; throws BudgetStop when the budget is spent for longer than the sync may wait. */
  async beforeSend(method: string, url: string): Promise<void> {
    const resource = this.options.resourceOf(method, url);
    for (;;) {
      const pending = this.#waits.get(resource);
      if (pending) {
        await pending;
        continue;
      }
      const left = this.#left.get(resource);
      if (!left || left.remaining > this.options.reserve) {
        // counted before the answer comes back, so requests in flight together cannot overrun the reserve
        if (left) left.remaining -= 1;
        return;
      }
      // epoch seconds: the reset second itself may still be limited
      const waitMs = left.resetMs + 1000 - Date.now();
      if (waitMs > this.options.maxWaitMs) throw new BudgetStop(this.#stopMessage(resource, left));
      this.options.log?.(`${this.options.source}: ${left.remaining} ${resource} requests left, the reserve is ${this.options.reserve}: waiting ${Math.ceil(Math.max(0, waitMs) / 1000)} s for the reset`);
      const wait = sleep(waitMs).then(() => {
        this.#left.delete(resource);
        this.#waits.delete(resource);
      });
      this.#waits.set(resource, wait);
    }
  }

  #stopMessage(resource: string, left: Left): string {
    const { source, reserve, maxWaitMs } = this.options;
    const minutes = Math.ceil((left.resetMs - Date.now()) / 60_000);
    return (
      `${source}: ${left.remaining} of ${left.limit} ${resource} requests left, the reserve is ${reserve}; the budget resets at ` +
      `${new Date(left.resetMs).toISOString()} (in ${minutes} min), later than the ${Math.round(maxWaitMs / 1000)} s this sync may wait: ` +
      `stopped, and the next run goes on from what is saved`
    );
  }
}
