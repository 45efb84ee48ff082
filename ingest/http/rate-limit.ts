/**
 * How long an upstream asks us to wait before the next request, from one response
 * (reference/upstream-apis.md §4.1 GitHub, §5.1 PagerDuty). null = not rate limited.
 */
export function rateLimitWaitMs(status: number, headers: { get(name: string): string | null }, bodyText: string, now: number): number | null {
  const retryAfter = headers.get("retry-after");
  const limited =
    status === 429 ||
    // a 503 may also say when to come back
    (status >= 500 && retryAfter !== null) ||
    (status === 403 && (retryAfter !== null || headers.get("x-ratelimit-remaining") === "0" || /rate limit/i.test(bodyText))) ||
    // GitHub GraphQL answers 200 with a RATE_LIMITED error
    (status === 200 && /"type"\s*:\s*"RATE_LIMITED"/.test(bodyText));
  if (!limited) return null;
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.ceil(seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return date - now;
  }
  const githubReset = headers.get("x-ratelimit-reset");
  if (headers.get("x-ratelimit-remaining") === "0" && githubReset !== null && Number.isFinite(Number(githubReset))) {
    // epoch seconds; the reset second itself may still be limited
    return Number(githubReset) * 1000 - now + 1000;
  }
  const pagerdutyReset = headers.get("ratelimit-reset");
  if (pagerdutyReset !== null && Number.isFinite(Number(pagerdutyReset))) return Math.ceil(Number(pagerdutyReset) * 1000);
  // GitHub's secondary limit without a header: its docs say wait at least a minute
  if (/secondary rate limit/i.test(bodyText)) return 60_000;
  return 0; // limited without a hint: the caller backs off exponentially
}
