import { HttpClient, type JsonResponse, type RequestOptions } from "../http/client.ts";
import type { PagerDutyConfig } from "./config.ts";

/** PagerDuty caps offset + limit at 10000 (a 400 beyond). */
export const OFFSET_CAP = 10_000;

interface ClassicPage {
  more?: boolean;
  total?: number | null;
  [key: string]: unknown;
}

/**
 * PagerDuty REST with classic offset paging. Every GET answer is remembered for the sync: the
 * incident streams list the same incidents, and each pays for them once.
 */
export class PagerDutyApi {
  readonly #memo = new Map<string, JsonResponse<unknown>>();

  constructor(readonly http: HttpClient) {}

  static create(config: PagerDutyConfig, log: (message: string) => void): PagerDutyApi {
    return new PagerDutyApi(
      new HttpClient({
        source: "pagerduty",
        baseUrl: config.apiUrl,
        concurrency: config.concurrency,
        log,
        headers: async () => ({
          authorization: `Token token=${config.token}`,
          accept: "application/vnd.pagerduty+json;version=2",
        }),
      }),
    );
  }

  async get<T>(path: string, options: RequestOptions = {}): Promise<JsonResponse<T>> {
    const url = this.http.url(path, options.query);
    const remembered = this.#memo.get(url);
    if (remembered) return remembered as JsonResponse<T>;
    const response = await this.http.request<T>(url, { allow: options.allow });
    if (response.status === 200) this.#memo.set(url, response);
    return response;
  }

  /** The first page with `total=true`, so a caller can tell when a listing would pass the offset cap. */
  async total(path: string, query: RequestOptions["query"]): Promise<number> {
    const page = await this.get<ClassicPage>(path, { query: { ...query, limit: 100, offset: 0, total: "true" } });
    return page.body.total ?? 0;
  }

  /** Every item under `key` of a paged listing. */
  async *list<T>(path: string, query: RequestOptions["query"], key: string): AsyncGenerator<T> {
    for (let offset = 0; ; offset += 100) {
      const page = (await this.get<ClassicPage>(path, { query: { ...query, limit: 100, offset, total: offset === 0 ? "true" : undefined } })).body;
      yield* (page[key] as T[] | undefined) ?? [];
      if (!page.more || offset + 200 > OFFSET_CAP) return;
    }
  }
}
