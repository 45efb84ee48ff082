import { describe, expect, it } from "vitest";
import { handMade, martsOf } from "./scenarios.ts";

// demo/scenarios/negative-durations.yaml: service web, everything in the week of 2026-06-01 (complete
// at as_of 06-10). Decision 64: a negative duration stays in its fact mart, is left out of that
// duration's statistic only and is counted in data_quality. Values worked out by hand from the file.
const { change, serviceWeek, summary, quality } = martsOf(await handMade("negative-durations"));

describe("negative durations from GitHub data", () => {
  it("a direct push authored a day ahead keeps its negative lead time in the changes mart", () => {
    // deployed by 602 at 06-02 09:30, authored 06-03 12:00: −26 h 30 min
    expect(change("gh-commit:acme/web@00000000000000000000000000000000000000d1")).toMatchObject({
      status: "deployed", deployment_id: "gh-run:602", lead_time_seconds: -95_400, deploy_wait_seconds: 1800,
    });
  });

  it("a pull request marked merged after the deployment that contains it keeps its negative deploy wait", () => {
    // r1 deployed by 603 at 11:30, #1 marked merged at 12:00; lead time from its first commit 10:00
    expect(change("gh-pr:acme/web#1")).toMatchObject({ deployment_id: "gh-run:603", deploy_wait_seconds: -1800, lead_time_seconds: 5400 });
  });

  it("the lead-time statistics leave the negative lead time out, the deployed changes still count it", () => {
    // lead times 5400 (#1) and 7200 (#2): p50 6300, p90 5400 + 0.9 × 1800 = 7020
    expect(serviceWeek("web", "2026-06-01")).toMatchObject({ changes_deployed: 3, lead_time_p50_seconds: 6300, lead_time_p90_seconds: 7020 });
    // the 13 weeks before the week of 06-08 contain the week of 06-01
    expect(summary("service", "web", 13)).toMatchObject({ changes_deployed: 3, lead_time_p50_seconds: 6300 });
  });

  it("data_quality counts each kind of negative duration", () => {
    expect(quality("negative_lead_times")).toBe(1);
    expect(quality("negative_deploy_waits")).toBe(1);
    expect(quality("negative_review_times")).toBe(0);
    expect(quality("negative_restores")).toBe(0);
  });
});
