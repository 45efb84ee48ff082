import { describe, expect, it } from "vitest";
import { progressLine, RepositoryProgress } from "../../ingest/github/progress.ts";

const RESET = Date.UTC(2026, 11, 7, 17, 0);

describe("a long GitHub sync's progress line", () => {
  it("says what was spent and is left, and how long the rest takes at this pace", () => {
    const usage = [
      { resource: "core", spent: 1200, remaining: 3700, limit: 5000, resetMs: RESET },
      { resource: "graphql", spent: 40, remaining: 4950, limit: 5000, resetMs: RESET },
    ];
    // 30 of 120 in 10 min: the other 90 take 30 min, about 3,600 requests, which fit the 3,700 left
    expect(progressLine(30, 120, 600_000, usage)).toBe(
      "github: 30 of 120 changed repositories read in 10 min; spent 1,200 core requests and 40 GraphQL points; " +
        "left 3,700 of 5,000 core until 17:00 UTC, 4,950 of 5,000 graphql until 17:00 UTC; about 30 min to go at this pace",
    );
  });

  it("warns when the rest will not fit the budget left, and has no time to go at the end", () => {
    const usage = [{ resource: "core", spent: 2000, remaining: 3000, limit: 5000, resetMs: RESET }];
    // 2,000 for 40 repositories: the other 80 need about 4,000, more than the 3,000 left
    expect(progressLine(40, 120, 120_000, usage)).toBe(
      "github: 40 of 120 changed repositories read in 2 min; spent 2,000 core requests; left 3,000 of 5,000 core until 17:00 UTC; " +
        "about 4 min to go at this pace; the rest needs about 4,000 core requests, more than is left: the sync waits for the reset or stops and goes on next run",
    );
    expect(progressLine(120, 120, 360_000, usage)).toBe("github: 120 of 120 changed repositories read in 6 min; spent 2,000 core requests; left 3,000 of 5,000 core until 17:00 UTC");
  });

  it("logs once a tenth of the repositories more is read, and at the last", () => {
    const lines: string[] = [];
    const progress = new RepositoryProgress(25, () => [], (line) => lines.push(line), () => 0);
    for (let i = 0; i < 25; i++) progress.repositoryRead();
    // tenths of 25 are passed at 3, 5, 8, 10, 13, 15, 18, 20, 23 and 25
    expect(lines.map((line) => Number(/^github: (\d+) of 25/.exec(line)![1]))).toEqual([3, 5, 8, 10, 13, 15, 18, 20, 23, 25]);
  });
});
