import { isApiResponse, type ApiRequest, type ApiResponse } from "../router.ts";

const DOCS = "https://docs.github.com/rest";

/** GitHub's error body: `{message, documentation_url, status}`. */
export function githubError(status: number, message: string, extra: Record<string, unknown> = {}): ApiResponse {
  return { status, body: { message, ...extra, documentation_url: DOCS, status: String(status) } };
}

export const notFound = (): ApiResponse => githubError(404, "Not Found");

export function validationFailed(resource: string, field: string): ApiResponse {
  return githubError(422, "Validation Failed", { errors: [{ resource, field, code: "invalid" }] });
}

export const ok = (body: unknown): ApiResponse => ({ status: 200, body });

export interface Page {
  perPage: number;
  page: number;
}

/** per_page (default 30, at most 100: above is a 422 here) and page (1-based). */
export function readPage(request: ApiRequest, resource: string, defaultPerPage = 30): Page | ApiResponse {
  const perPageText = request.query.get("per_page");
  const perPage = perPageText === null ? defaultPerPage : Number(perPageText);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return validationFailed(resource, "per_page");
  const pageText = request.query.get("page");
  const page = pageText === null ? 1 : Number(pageText);
  if (!Number.isInteger(page)) return validationFailed(resource, "page");
  return { perPage, page: Math.max(1, page) };
}

/** The Link header GitHub sends: prev, next, last, first, each the request's URL with another page. */
export function linkHeader(request: ApiRequest, page: number, lastPage: number): string | undefined {
  if (lastPage <= 1) return undefined;
  const at = (n: number) => {
    const url = new URL(request.url);
    url.searchParams.set("page", String(n));
    return `<${url.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${at(Math.min(page - 1, lastPage))}; rel="prev"`);
  if (page < lastPage) links.push(`${at(page + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`);
  return links.join(", ");
}

/**
 * One page of `items` with its Link header. `wrap` builds wrapper objects such as
 * `{total_count, workflow_runs}`; without it the body is the bare array.
 */
export function paged<T>(
  request: ApiRequest,
  resource: string,
  items: T[],
  render: (item: T) => unknown,
  wrap?: (page: unknown[], total: number) => unknown,
): ApiResponse {
  const paging = readPage(request, resource);
  if (isApiResponse(paging)) return paging;
  const { perPage, page } = paging;
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage).map(render);
  const link = linkHeader(request, page, lastPage);
  return { status: 200, body: wrap ? wrap(slice, items.length) : slice, headers: link ? { link } : {} };
}

/** GitHub GraphQL's answer (a 200) to a query once the points are spent. */
export const graphqlRateLimited = () => ({ errors: [{ type: "RATE_LIMITED", code: "graphql_rate_limit", message: "API rate limit already exceeded for user ID 1." }] });
