import type { IncomingHttpHeaders } from "node:http";

/** What a route handler sees: the matched path parameters, the query and the parsed JSON body. */
export interface ApiRequest {
  method: string;
  /** Path below the API prefix, e.g. "/repos/acme/api/actions/runs". */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The absolute URL of this request, as the client would see it (for Link headers). */
  url: URL;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** What the answer costs against the rate limit (GraphQL points); 1 when absent. */
  cost?: number;
}

export type Handler = (request: ApiRequest) => ApiResponse;

/** Tells a handler's early answer (an error response) from the value it was computing. */
export const isApiResponse = (value: unknown): value is ApiResponse =>
  typeof value === "object" && value !== null && "status" in value && typeof (value as ApiResponse).status === "number";

export interface Route {
  method: string;
  /** "/repos/{owner}/{repo}/actions/runs": also the key of the request counts. */
  pattern: string;
  handler: Handler;
}

interface Compiled extends Route {
  segments: string[];
  /** The last placeholder takes the rest of the path (compare's "base...head" may hold slashes). */
  greedy: boolean;
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

/** Matches a method and path against patterns with `{name}` placeholders, first match wins. */
export class Router {
  private readonly routes: Compiled[] = [];

  /** `wrap` applies to every handler added (a service-wide parameter such as PagerDuty's time_zone). */
  constructor(private readonly wrap: (handler: Handler) => Handler = (handler) => handler) {}

  add(method: string, pattern: string, handler: Handler, options: { greedy?: boolean } = {}): this {
    this.routes.push({ method, pattern, handler: this.wrap(handler), segments: pattern.split("/").slice(1), greedy: options.greedy ?? false });
    return this;
  }

  match(method: string, path: string): Match | undefined {
    const parts = path.split("/").slice(1);
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchSegments(route, parts);
      if (params) return { route, params };
    }
    return undefined;
  }

}

function matchSegments(route: Compiled, parts: string[]): Record<string, string> | undefined {
  const { segments, greedy } = route;
  if (greedy ? parts.length < segments.length : parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const isLast = i === segments.length - 1;
    const value = greedy && isLast ? parts.slice(i).join("/") : parts[i]!;
    if (segment.startsWith("{") && segment.endsWith("}")) {
      if (value === "") return undefined;
      params[segment.slice(1, -1)] = decodeURIComponent(value);
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}
