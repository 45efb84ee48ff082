import { RateBudget, type ResourceUsage } from "../http/budget.ts";
import { HttpClient, type JsonResponse, type RequestOptions } from "../http/client.ts";
import { systemError } from "../protocol/errors.ts";
import { githubAuthorization } from "./auth.ts";
import type { GitHubConfig } from "./config.ts";

/** GitHub REST and GraphQL over one client, so both share the rate-limit pause and the concurrency bound. */
export class GitHubApi {
  readonly #memo = new Map<string, JsonResponse<unknown>>();
  readonly #pending = new Map<string, Promise<JsonResponse<unknown>>>();
  readonly #answers = new Map<string, Promise<unknown>>();

  constructor(
    readonly http: HttpClient,
    readonly graphqlUrl: string,
    /** Whether GET answers are remembered for the life of this object (see `forRepository`). */
    readonly memoise = false,
  ) {}

  static create(config: GitHubConfig, log: (message: string) => void): GitHubApi {
    const authorization = githubAuthorization(config.credentials, config.apiUrl);
    const budget = new RateBudget({
      source: "github",
      reserve: config.rateLimitReserve,
      maxWaitMs: config.rateLimitMaxWaitSeconds * 1000,
      resourceOf: (_method, url) => (url === config.graphqlUrl ? "graphql" : "core"),
      log,
    });
    const http = new HttpClient({
      source: "github",
      baseUrl: config.apiUrl,
      concurrency: config.concurrency,
      log,
      budget,
      headers: async () => ({
        authorization: await authorization(),
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
        "user-agent": "doraform",
      }),
    });
    return new GitHubApi(http, config.graphqlUrl);
  }

  /** What each rate-limit resource has left and what this client spent of it (progress lines). */
  budgetUsage(): ResourceUsage[] {
    return this.http.options.budget?.usage() ?? [];
  }

  /**
   * A view for one repository's sync that remembers every 200 answer by URL (and every GraphQL answer
   * by query): streams of the same repository read the same runs, jobs and comparisons, and each pays
   * for them once.
   */
  forRepository(): GitHubApi {
    return new GitHubApi(this.http, this.graphqlUrl, true);
  }

  async get<T>(pathOrUrl: string, options: RequestOptions = {}): Promise<JsonResponse<T>> {
    const url = this.http.url(pathOrUrl, options.query);
    // a 200 answers any later ask; a 304 only an ask with the same ETag
    const remembered = this.#memo.get(url) ?? (options.etag ? this.#memo.get(`${url} ${options.etag}`) : undefined);
    if (remembered) return remembered as JsonResponse<T>;
    if (!this.memoise) return this.http.request<T>(url, { etag: options.etag, allow: options.allow });
    // with requests in flight at once, two streams may ask for the same page before either answer is in
    const key = `${url} ${options.etag ?? ""}`;
    const pending = this.#pending.get(key) ?? this.#request(url, key, options);
    this.#pending.set(key, pending);
    return pending as Promise<JsonResponse<T>>;
  }

  async #request(url: string, key: string, options: RequestOptions): Promise<JsonResponse<unknown>> {
    try {
      const response = await this.http.request<unknown>(url, { etag: options.etag, allow: options.allow });
      if (response.status === 200) this.#memo.set(url, response);
      if (response.status === 304) this.#memo.set(`${url} ${options.etag}`, response);
      return response;
    } finally {
      this.#pending.delete(key);
    }
  }

  /**
   * The pages after `first`, following `Link: rel="next"` as GitHub asks clients to, but only on the
   * API's own origin: a link elsewhere would receive the token, so the sync stops instead of skipping pages.
   */
  async *pages<T>(first: JsonResponse<T>): AsyncGenerator<T> {
    const origin = new URL(this.http.options.baseUrl).origin;
    for (let page: JsonResponse<T> | undefined = first; page; ) {
      yield page.body;
      const link = nextLink(page.headers.get("link"));
      const next = link === undefined ? undefined : new URL(this.http.url(link));
      if (next && next.origin !== origin) {
        throw systemError(`github: a next-page link points to ${next.origin}, not the API's origin ${origin}: not followed, so the token stays there`);
      }
      page = next ? await this.get<T>(next.toString()) : undefined;
    }
  }

  /** Every item of a list endpoint, `pick` taking the items out of a page. */
  async *list<P, T>(path: string, query: RequestOptions["query"], pick: (page: P) => T[]): AsyncGenerator<T> {
    for await (const page of this.pages(await this.get<P>(path, { query: { per_page: 100, ...query } }))) yield* pick(page);
  }

  /** A query's data; a memoising view asks each query (with its variables) once, as it does each GET. */
  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    if (!this.memoise) return this.#graphql<T>(query, variables);
    const key = JSON.stringify([query, variables]);
    const answer = this.#answers.get(key) ?? this.#graphql<T>(query, variables);
    this.#answers.set(key, answer);
    answer.catch(() => this.#answers.delete(key));
    return answer as Promise<T>;
  }

  async #graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const { data, errors } = await this.graphqlPartial<T>(query, variables);
    const failures = errors.filter((error) => !isMissingNode(error));
    if (failures.length > 0) throw systemError(`github: POST ${new URL(this.graphqlUrl).pathname}: ${failures[0]!.message ?? "no data in the answer"}`);
    return data;
  }

  /** The data with the errors GitHub answered beside it (an id it cannot resolve, say), for a caller that can use a partial answer. */
  async graphqlPartial<T>(query: string, variables: Record<string, unknown>): Promise<{ data: T; errors: GraphqlError[] }> {
    const response = await this.http.request<{ data?: T; errors?: GraphqlError[] }>(this.graphqlUrl, {
      method: "POST",
      body: { query, variables },
    });
    const errors = response.body?.errors ?? [];
    if (!response.body?.data) {
      throw systemError(`github: POST ${new URL(this.graphqlUrl).pathname}: ${errors[0]?.message ?? "no data in the answer"}`);
    }
    return { data: response.body.data, errors };
  }
}

export interface GraphqlError {
  type?: string;
  message?: string;
  path?: Array<string | number>;
  extensions?: { type?: string };
}

/**
 * An id of `nodes(ids:)` that no longer resolves (a run deleted since it was listed): GitHub answers
 * null in its place with a NOT_FOUND error, and the other nodes stand; the caller falls back for that one.
 */
function isMissingNode(error: GraphqlError): boolean {
  return (error.type ?? error.extensions?.type) === "NOT_FOUND" && error.path?.[0] === "nodes" && error.path.length === 2;
}

export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}
