import { isApiResponse, type ApiRequest, type ApiResponse } from "../router.ts";
import { parseIn } from "./time-zone.ts";

/** PagerDuty's error body: `{error: {message, code, errors?}}`. */
export function pagerDutyError(status: number, message: string, code: number, errors?: string[]): ApiResponse {
  return { status, body: { error: { message, code, ...(errors ? { errors } : {}) } } };
}

export const invalidInput = (reason: string): ApiResponse => pagerDutyError(400, "Invalid Input Provided", 2001, [reason]);
export const notFound = (): ApiResponse => pagerDutyError(404, "Not Found", 2100);

/** Classic pagination: limit (default 25, at most 100), offset, more, and total only with total=true. */
export function paginated<T>(request: ApiRequest, key: string, items: T[], render: (item: T) => unknown): ApiResponse {
  const limit = Math.min(100, Number(request.query.get("limit") ?? 25));
  const offset = Number(request.query.get("offset") ?? 0);
  if (!Number.isInteger(limit) || limit < 1) return invalidInput("limit must be a positive integer.");
  if (!Number.isInteger(offset) || offset < 0) return invalidInput("offset must be a non-negative integer.");
  if (offset + limit > 10000) return invalidInput("Offset must be less than or equal to 10000 minus the limit.");
  const page = items.slice(offset, offset + limit).map(render);
  return {
    status: 200,
    body: {
      [key]: page,
      limit,
      offset,
      more: offset + limit < items.length,
      total: request.query.get("total") === "true" ? items.length : null,
    },
  };
}

export interface Window {
  since: number;
  until: number;
}

const MONTH_MS = 30 * 86_400_000;

/**
 * since/until of the list endpoints: both optional (the default is the month before now), at most
 * 6 months apart, or `date_range=all` where the endpoint takes it (`dateRange: false`: not).
 * `utcOnly` rejects offsets other than UTC (change events).
 */
export function readWindow(request: ApiRequest, now: string, options: { utcOnly?: boolean; dateRange?: boolean } = {}): Window | ApiResponse | "all" {
  if (options.dateRange !== false && request.query.get("date_range") === "all") return "all";
  const parse = (name: "since" | "until"): number | undefined | ApiResponse => {
    const text = request.query.get(name);
    if (text === null) return undefined;
    if (options.utcOnly && /[+-]\d{2}:?\d{2}$/.test(text) && !/[+-]00:?00$/.test(text)) return invalidInput(`${name} must be in UTC.`);
    const ms = parseIn(options.utcOnly ? null : request.query.get("time_zone"), text);
    return Number.isNaN(ms) ? invalidInput(`${name} is not a valid date.`) : ms;
  };
  const since = parse("since");
  const until = parse("until");
  if (isApiResponse(since)) return since;
  if (isApiResponse(until)) return until;
  // until is exclusive: the default window ends just after now so that now itself is inside it
  const end = until ?? Math.max(Date.parse(now) + 1000, since ?? 0);
  const start = since ?? end - MONTH_MS;
  if (start > end) return invalidInput("since must be before until.");
  const sixMonthsLater = new Date(start);
  sixMonthsLater.setUTCMonth(sixMonthsLater.getUTCMonth() + 6);
  if (end > sixMonthsLater.getTime()) return invalidInput("The date range must not be longer than 6 months.");
  return { since: start, until: end };
}

export const inWindow = (window: Window | "all", iso: string): boolean =>
  window === "all" || (Date.parse(iso) >= window.since && Date.parse(iso) < window.until);

/** Bracketed array parameters: `statuses[]=resolved&statuses[]=acknowledged`. */
export const arrayParam = (request: ApiRequest, name: string): string[] => [
  ...request.query.getAll(`${name}[]`),
  ...request.query.getAll(name),
];
