import type { RequestOptions } from "../http/client.ts";
import { OFFSET_CAP } from "./api.ts";
import type { PagerDutyContext } from "./context.ts";

const DAY_MS = 86_400_000;
/** PagerDuty answers at most 6 months per listing. */
const WINDOW_DAYS = 179;
/** Below this a window is not halved again (more than the offset cap of one kind in a minute is not an account we meet). */
const SMALLEST_WINDOW_MS = 60_000;

/** The end of a listing up to now: a day past now, in whole UTC days, so that every stream of a sync asks the same pages. */
export function aDayPastNow(): number {
  return Math.ceil((Date.now() + DAY_MS) / DAY_MS) * DAY_MS;
}

/**
 * Every item of a listing by time (`since`/`until`) from `from` up to `until`: in windows of at most
 * 179 days, each halved while it holds more items than the offset cap lets one listing page through.
 */
export async function* listByWindows<T>(
  ctx: PagerDutyContext,
  path: string,
  key: string,
  query: RequestOptions["query"],
  from: number,
  until: number,
): AsyncGenerator<T> {
  for (let start = from; start < until; start += WINDOW_DAYS * DAY_MS) {
    yield* listWindow<T>(ctx, path, key, query, start, Math.min(until, start + WINDOW_DAYS * DAY_MS));
  }
}

async function* listWindow<T>(
  ctx: PagerDutyContext,
  path: string,
  key: string,
  query: RequestOptions["query"],
  from: number,
  until: number,
): AsyncGenerator<T> {
  const windowed = { ...query, since: new Date(from).toISOString(), until: new Date(until).toISOString(), time_zone: "UTC" };
  if (until - from > SMALLEST_WINDOW_MS && (await ctx.api.total(path, windowed)) > OFFSET_CAP) {
    const middle = from + Math.floor((until - from) / 2);
    yield* listWindow<T>(ctx, path, key, query, from, middle);
    yield* listWindow<T>(ctx, path, key, query, middle, until);
    return;
  }
  yield* ctx.api.list<T>(path, windowed, key);
}
