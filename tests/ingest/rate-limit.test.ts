import { describe, expect, it } from "vitest";
import { rateLimitWaitMs } from "../../ingest/http/rate-limit.ts";

const NOW = Date.parse("2026-03-04T10:00:00Z");
const wait = (status: number, headers: Record<string, string> = {}, body = "") => rateLimitWaitMs(status, new Headers(headers), body, NOW);

describe("how long an upstream asks us to wait", () => {
  it("is not rate limited on plain answers and errors", () => {
    expect(wait(200)).toBeNull();
    expect(wait(200, {}, '{"data":{}}')).toBeNull();
    expect(wait(403, {}, '{"message":"Resource not accessible"}')).toBeNull();
    expect(wait(403, { "x-ratelimit-remaining": "12" })).toBeNull();
    expect(wait(500)).toBeNull();
    expect(wait(404, { "retry-after": "5" })).toBeNull();
  });

  it("waits Retry-After, in seconds (rounded up) or until its date, on a 429, a 5xx or a 403", () => {
    expect(wait(429, { "retry-after": "2.5" })).toBe(2500);
    expect(wait(429, { "retry-after": "0.0004" })).toBe(1);
    expect(wait(503, { "retry-after": "7" })).toBe(7000);
    expect(wait(500, { "retry-after": "1" })).toBe(1000);
    expect(wait(403, { "retry-after": "60" })).toBe(60_000);
    // an HTTP date 90 s ahead
    expect(wait(429, { "retry-after": "Wed, 04 Mar 2026 10:01:30 GMT" })).toBe(90_000);
  });

  it("waits for GitHub's primary limit to reset: x-ratelimit-reset seconds ahead, plus the reset second", () => {
    const reset = String(NOW / 1000 + 120);
    expect(wait(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset })).toBe(121_000);
    expect(wait(429, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset })).toBe(121_000);
    // without remaining 0 the reset says nothing; an unreadable reset neither
    expect(wait(429, { "x-ratelimit-remaining": "3", "x-ratelimit-reset": reset })).toBe(0);
    expect(wait(429, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "soon" })).toBe(0);
    // spent without a reset announced: backs off
    expect(wait(403, { "x-ratelimit-remaining": "0" })).toBe(0);
  });

  it("waits PagerDuty's ratelimit-reset seconds, rounded up", () => {
    expect(wait(429, { "ratelimit-reset": "3" })).toBe(3000);
    expect(wait(429, { "ratelimit-reset": "0.2501" })).toBe(251);
    expect(wait(429, { "ratelimit-reset": "later" })).toBe(0);
  });

  it("reads a limit from the body: GitHub's 403 text, its secondary limit, a GraphQL RATE_LIMITED error", () => {
    expect(wait(403, {}, '{"message":"API rate limit exceeded for user"}')).toBe(0);
    expect(wait(403, {}, '{"message":"You have exceeded a secondary rate limit"}')).toBe(60_000);
    expect(wait(200, {}, '{"errors":[{"type" : "RATE_LIMITED","message":"API rate limit exceeded"}]}')).toBe(0);
    expect(wait(200, {}, '{"errors":[{"type":"NOT_FOUND"}]}')).toBeNull();
    // only a 200 carries GraphQL's error list: another status with those words is not a limit
    expect(wait(404, {}, '{"errors":[{"type":"RATE_LIMITED"}]}')).toBeNull();
    expect(wait(502, {}, '{"errors":[{"type":"RATE_LIMITED"}]}')).toBeNull();
  });

  it("prefers Retry-After to the reset headers, and backs off without a hint", () => {
    expect(wait(429, { "retry-after": "4", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 120), "ratelimit-reset": "9" })).toBe(4000);
    expect(wait(429, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 120), "ratelimit-reset": "9" })).toBe(121_000);
    expect(wait(429, { "retry-after": "whenever" })).toBe(0);
    expect(wait(429)).toBe(0);
  });
});
