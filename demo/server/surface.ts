import type { IncomingHttpHeaders } from "node:http";
import type { Api, FaultKind } from "./faults.ts";
import type { ApiResponse, Router } from "./router.ts";

/** One simulated service (GitHub or PagerDuty) as the HTTP pipeline drives it. */
export interface Surface {
  api: Api;
  /** Path prefix on the server: "/github" or "/pagerduty". */
  prefix: string;
  router: Router;
  /** undefined when the credentials are right, else the service's 401. */
  checkAuth(headers: IncomingHttpHeaders): ApiResponse | undefined;
  notFound(): ApiResponse;
  badRequestBody(): ApiResponse;
  /** Rate-limit headers for a route; `spend` first takes the answer's cost (1 unless said) off the quota. */
  rateHeaders(route: string, spend: boolean, cost?: number): Record<string, string>;
  /** Rate-limit headers of a `304` answer, which costs nothing (GitHub counts it apart). */
  notModified?(route: string): Record<string, string>;
  /** The answer to a request made when a budget that blocks is spent; undefined while it lasts. */
  overBudget?(route: string): ApiResponse | undefined;
  /** The response for a drawn fault and, for rate limits, the epoch ms before which a retry is a violation. */
  fault(kind: Exclude<FaultKind, "dropped_connection">, route: string, waitSeconds: number): { response: ApiResponse; blockUntil?: number };
  /** What a request gets while the client should still be waiting. */
  stillLimited(route: string, untilMs: number): ApiResponse;
  /** GitHub sends ETags and honours If-None-Match; PagerDuty does not. */
  etags: boolean;
  /** Routes that never spend quota (GitHub's GET /rate_limit). */
  free: Set<string>;
  /** The route whose bodies `malformed: true` truncates. */
  malformedRoute: string;
  /** Headers every response carries. */
  baseHeaders: Record<string, string>;
}
