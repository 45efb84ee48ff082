import fetch, { type RequestInit } from "node-fetch";
import { configError, systemError, transientError } from "../protocol/errors.ts";
import type { RateBudget } from "./budget.ts";
import { Limiter, sleep } from "./limiter.ts";
import { rateLimitWaitMs } from "./rate-limit.ts";

export interface HttpClientOptions {
  /** "github" or "pagerduty": named in every error. */
  source: string;
  baseUrl: string;
  /** Authentication and content headers, asked for before each request (a GitHub App token can expire). */
  headers: () => Promise<Record<string, string>>;
  /** Requests in flight at once. */
  concurrency: number;
  /** Retries of one request after a 5xx, a dropped connection or a rate limit. */
  maxRetries?: number;
  /** First backoff delay; doubles on each retry, capped at 30 s. */
  backoffBaseMs?: number;
  timeoutMs?: number;
  log?: (message: string) => void;
  /** What the upstream says is left of its rate budget: requests wait for a near reset, or the sync stops. */
  budget?: RateBudget;
}

export interface RequestOptions {
  query?: Record<string, string | number | string[] | undefined>;
  body?: unknown;
  method?: "GET" | "POST" | "PATCH" | "PUT";
  /** Sent as If-None-Match; a 304 answer comes back with no body. */
  etag?: string;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for a commit GitHub no longer has). */
  allow?: number[];
}

export interface JsonResponse<T> {
  status: number;
  body: T;
  etag: string | undefined;
  headers: { get(name: string): string | null };
}

interface RawResponse {
  status: number;
  text: string;
  headers: { get(name: string): string | null };
}

const RETRIABLE_STATUS = new Set([500, 502, 503, 504]);

/**
 * JSON over HTTP for one upstream: bounded concurrency, retries with exponential backoff on 5xx and
 * dropped connections, and rate-limit waits shared by every request of the client, so nothing is sent
 * before a retry-after expires. Errors name the source and the endpoint, never a header value.
 */
export class HttpClient {
  requestCount = 0;
  #pausedUntil = 0;
  readonly #limiter: Limiter;

  constructor(readonly options: HttpClientOptions) {
    this.#limiter = new Limiter(options.concurrency);
  }

  url(pathOrUrl: string, query?: RequestOptions["query"]): string {
    const url = /^https?:\/\//.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(this.options.baseUrl.replace(/\/$/, "") + pathOrUrl);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, item);
      else url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async request<T>(pathOrUrl: string, options: RequestOptions = {}): Promise<JsonResponse<T>> {
    const url = this.url(pathOrUrl, options.query);
    const method = options.method ?? "GET";
    const endpoint = `${method} ${new URL(url).pathname}`;
    const maxRetries = this.options.maxRetries ?? 8;
    const base = this.options.backoffBaseMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#limiter.run(() => this.#once(url, method, options));
      if ("response" in outcome) {
        const { status, text, headers } = outcome.response;
        const wait = rateLimitWaitMs(status, headers, text, Date.now());
        if (wait !== null) {
          if (attempt >= maxRetries) throw transientError(`${this.options.source}: ${endpoint}: still rate limited after ${maxRetries} retries`);
          const delay = wait > 0 ? wait : backoff(base, attempt);
          this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + delay);
          this.options.log?.(`${this.options.source}: rate limited on ${endpoint}; waiting ${Math.ceil(delay / 1000)} s`);
          continue;
        }
        if (RETRIABLE_STATUS.has(status) && attempt < maxRetries) {
          await sleep(backoff(base, attempt));
          continue;
        }
        return this.#finish<T>(url, endpoint, outcome.response, options);
      }
      if (attempt >= maxRetries) throw transientError(`${this.options.source}: ${endpoint}: ${outcome.error} after ${maxRetries} retries`);
      await sleep(backoff(base, attempt));
    }
  }

  async #once(url: string, method: string, options: RequestOptions): Promise<{ response: RawResponse } | { error: string }> {
    // a rate limit seen by any request pauses them all
    while (Date.now() < this.#pausedUntil) await sleep(this.#pausedUntil - Date.now());
    await this.options.budget?.beforeSend(method, url);
    const headers: Record<string, string> = { ...(await this.options.headers()) };
    if (options.etag) headers["if-none-match"] = options.etag;
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000) };
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    this.requestCount++;
    try {
      const response = await fetch(url, init);
      // the body is read inside the try: a connection dropped mid-body is retried like one dropped before it
      const text = await response.text();
      this.options.budget?.observe(response.headers);
      return { response: { status: response.status, text, headers: response.headers } };
    } catch (error) {
      return { error: describeNetworkError(error) };
    }
  }

  #finish<T>(url: string, endpoint: string, response: RawResponse, options: RequestOptions): JsonResponse<T> {
    const { status, text, headers } = response;
    const etag = headers.get("etag") ?? undefined;
    if (status === 304) return { status, body: undefined as T, etag: options.etag, headers };
    const source = this.options.source;
    if (status >= 400 && !options.allow?.includes(status)) {
      const reason = upstreamMessage(text);
      if (status === 401) throw configError(`${source}: ${endpoint}: 401 ${reason || "Unauthorized"}: the token was refused`);
      if (status === 403) throw configError(`${source}: ${endpoint}: 403 ${reason || "Forbidden"}: the token lacks permission`);
      if (status === 404) throw configError(`${source}: ${endpoint}: 404 ${reason || "Not Found"}: check the configured name and the token's access`);
      if (status >= 500) throw transientError(`${source}: ${endpoint}: ${status} ${reason}`.trim());
      throw systemError(`${source}: ${endpoint}: ${status} ${reason}`.trim());
    }
    // an allowed error keeps its JSON body, which holds the upstream's reason (Jira's errorMessages)
    if (status >= 400) return { status, body: parseOrUndefined(text) as T, etag, headers };
    try {
      return { status, body: (text === "" ? undefined : JSON.parse(text)) as T, etag, headers };
    } catch {
      throw systemError(`${source}: malformed JSON in the response from ${url}`);
    }
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function backoff(baseMs: number, attempt: number): number {
  return Math.min(30_000, baseMs * 2 ** attempt);
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    return code ? `${code}` : error.name === "AbortError" || error.name === "TimeoutError" ? "timed out" : error.message.split("\n")[0]!;
  }
  return String(error);
}

/** The upstream's own error text (GitHub `message`, PagerDuty `error.message`), kept to one line. */
function upstreamMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: { message?: unknown } };
    const message = body.message ?? body.error?.message;
    return typeof message === "string" ? message.split("\n")[0]!.slice(0, 200) : "";
  } catch {
    return "";
  }
}
