import { describe, expect, it } from "vitest";
import { handMade, martsOf } from "./scenarios.ts";

// demo/scenarios/same-commit-chains.yaml: one service `app`, deployed by workflow runs and through
// GitHub deployments, the same commit several times within minutes; as_of Wednesday 2026-02-04.
const { marts, serviceWeek } = martsOf(await handMade("same-commit-chains"));
const ids = (from: string, to: string) =>
  marts.deployments.filter((row) => row.finished_at >= from && row.finished_at < to).map((row) => row.deployment_id);

describe("a run and a GitHub deployment of the same commit within 10 minutes count once", () => {
  it("in a chain run, deployment, run, deployment, the nearest pair is taken first, then the next nearest", () => {
    // 102–9102 are 2 minutes apart: taken first; 9101 is then nearest to 101 (4 minutes), although 102
    // (3 minutes) was nearer: both GitHub deployments are twins
    expect(ids("2026-01-06", "2026-01-07")).toEqual(["gh-run:101", "gh-run:102"]);
    expect(serviceWeek("app", "2026-01-05").deployments).toBe(3);
  });

  it("a chain that needs more than 4 rounds of nearest pairs leaves its fifth pair apart", () => {
    // rounds 1–4 take 115–9115, 114–9114, 113–9113, 112–9112; 111–9111 (540 s) would be round 5
    expect(ids("2026-01-13", "2026-01-14")).toEqual(["gh-deploy:9111", "gh-run:111", "gh-run:112", "gh-run:113", "gh-run:114", "gh-run:115"]);
    expect(serviceWeek("app", "2026-01-12").deployments).toBe(6);
  });

  it("of two GitHub deployments equally near a run, the one with the smaller id is its twin", () => {
    // 9121 at 09:55 and 9122 at 10:05, run 121 at 10:00
    expect(ids("2026-01-20", "2026-01-21")).toEqual(["gh-deploy:9122", "gh-run:121"]);
  });

  it("of two runs equally near a GitHub deployment, the one with the smaller deployment id takes it", () => {
    // runs 123 at 09:55 and 124 at 10:05, deployment 9123 at 10:00: both runs count, 9123 does not
    expect(ids("2026-01-21", "2026-01-22")).toEqual(["gh-run:123", "gh-run:124"]);
    expect(serviceWeek("app", "2026-01-19").deployments).toBe(4);
  });

  it("the run's id, result and times win over its twin's", () => {
    const run = marts.deployments.find((row) => row.deployment_id === "gh-run:102");
    // the deploy job finished 10:07; 9102 finished 10:09
    expect(run).toMatchObject({ source: "github_actions", finished_at: "2026-01-06T10:07:00Z", url: "https://github.com/acme/app/actions/runs/102" });
  });
});
