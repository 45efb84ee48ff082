import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { generateOrganisation } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { dayBefore } from "../../demo/model/snapshot.ts";
import { graphqlPoints } from "../../demo/server/github/graphql-cost.ts";
import { readAheadQuery, splitQueries, type AheadItem } from "../../ingest/github/read-ahead.ts";
import { demoServers } from "./demo-harness.ts";
import { smallOrganisation } from "./fixtures/small-org.ts";
import { changedLine, laterSyncOn } from "./later-sync.ts";

const serve = demoServers();
const laterSync = laterSyncOn(serve);

const RUNS_LISTING = "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs";

describe("GraphQL read ahead for many repositories at once", () => {
  it("lands in a nightly sync of several changed repositories exactly what a first sync lands, in one query for them all and one for their shipped commits", async () => {
    // eight weeks of the default organisation: as it stood a day earlier, then today
    const today = generateOrganisation({ weeks: 8 });
    const { log, counts, usage } = await laterSync({ ...today, as_of: dayBefore(today) }, today);
    const [changed] = /(\d+) of/.exec(changedLine(log) ?? "")!.slice(1).map(Number);
    expect(changed).toBeGreaterThanOrEqual(3);
    // the change query, the pull requests, jobs and statuses of every changed repository, their shipped commits' pull requests
    expect(counts["POST /graphql"]).toBe(3);
    expect(usage.github_graphql_points).toBe(3);
  }, 600_000);

  it("skips the runs listing of a repository whose runs did not change, where only a deployment got a status", async () => {
    const after = smallOrganisation();
    const api = (org: Organisation) => org.repositories.find((repo) => repo.full_name === "acme/api")!;
    api(after).deployments.find((deployment) => deployment.id === 201)!.statuses.push({ id: 2013, state: "inactive", created_at: "2026-03-30T12:00:00Z" });
    const { log, routes } = await laterSync(smallOrganisation(), after);
    expect(changedLine(log)).toBe("github: 1 of 2 repositories changed since their last read");
    // the deployment streams, deployment_commits and commits read it; none lists its runs
    expect(routes).toContain("GET /repos/{owner}/{repo}/deployments");
    expect(routes).not.toContain(RUNS_LISTING);
  });

  it("splits what it asks into queries of at most 149 requests (1 point) and nodes(ids:) fields of at most 100 ids", () => {
    const pulls = (n: number): AheadItem[] => Array.from({ length: n }, (_, i) => ({ kind: "pullRequests", repository: `acme/r${i}`, size: 10 }));
    const nodes = (kind: "runs" | "deployments", n: number): AheadItem[] => Array.from({ length: n }, (_, i) => ({ kind, id: `${kind}-${i}` }));
    // 3 pages of 10 pull requests cost 3 × (1 + 4 × 10) = 123 requests; 30 runs 30 more: 153, over 149
    const items = [...pulls(3), ...nodes("runs", 30)];
    const queries = splitQueries(items);
    expect(queries.map((query) => query.length)).toEqual([3 + 26, 4]);
    const points = (part: AheadItem[]) => {
      const { query, variables } = readAheadQuery(part);
      return graphqlPoints(parse(query), variables);
    };
    expect(queries.map(points)).toEqual([1, 1]);
    // asked in one query, GitHub would charge round(153 / 100) = 2 points
    expect(points(items)).toBe(2);

    // 250 deployments: 149 and 101 ids, the first query's in fields of 100 and 49
    const deployments = splitQueries(nodes("deployments", 250));
    expect(deployments.map((query) => query.length)).toEqual([149, 101]);
    const { variables } = readAheadQuery(deployments[0]!);
    expect([(variables.deployments0 as string[]).length, (variables.deployments1 as string[]).length]).toEqual([100, 49]);
    expect(deployments.map(points)).toEqual([1, 1]);

    // a page of 37 pull requests, the largest a read asks, is 149 requests: alone in its query
    expect(splitQueries([...pulls(1).map((item) => ({ ...item, size: 37 })), ...nodes("runs", 1)]).map((query) => query.length)).toEqual([1, 1]);
  });
});
