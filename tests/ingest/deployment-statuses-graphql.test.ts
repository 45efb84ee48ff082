import { describe, expect, it } from "vitest";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { nodeId } from "../../demo/server/ids.ts";
import { GitHubApi } from "../../ingest/github/api.ts";
import { deploymentsStatuses, type Deployment } from "../../ingest/github/deployment-listing.ts";
import { githubSource } from "../../ingest/github/source.ts";
import { demoServers, ingestConfig, latestRecords, syncDemo, temporaryDatabase } from "./demo-harness.ts";

const serve = demoServers();
const STATUSES_ROUTE = "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses";

const tiny = () => generateOrganisation({ ...SIZES.tiny, seed: 7 });

describe("deployment statuses", () => {
  it("land with REST's values, read by GraphQL without REST's id, a deployment with two statuses in one second by REST", async () => {
    const org = tiny();
    // two statuses of one second: GraphQL documents no order for them, REST's ids give it
    const tied = org.repositories.flatMap((repo) => repo.deployments).find((d) => d.statuses.length >= 2)!;
    tied.statuses[1]!.created_at = tied.statuses[0]!.created_at;
    const server = await serve(org);
    const file = temporaryDatabase();
    await syncDemo(server, org, file);
    const landed = (await latestRecords(file)).deployment_statuses!;

    const expected = new Map<string, Record<string, unknown>>();
    for (const repo of org.repositories) {
      for (const d of repo.deployments) {
        for (const s of d.statuses) {
          expected.set(nodeId("DeploymentStatus", s.id), {
            id: d === tied ? s.id : null,
            node_id: nodeId("DeploymentStatus", s.id),
            state: s.state,
            created_at: s.created_at,
            updated_at: s.created_at,
            environment: d.environment,
            description: s.description ?? "",
            deployment_id: d.id,
            repository: repo.full_name,
          });
        }
      }
    }
    expect(landed.size).toBeGreaterThan(0);
    for (const [key, data] of landed) expect(JSON.parse(data), key).toEqual(expected.get(key));
    expect(server.requestCounts()[STATUSES_ROUTE], "only the deployment with a tie is read from REST").toBe(1);
  }, 120_000);

  it("are served by the demo's GraphQL as GitHub's: newest first, upper-case states, node ids", async () => {
    const org = tiny();
    const d = org.repositories.flatMap((repo) => repo.deployments).find((candidate) => candidate.statuses.length >= 3)!;
    const server = await serve(org);
    const query = `{ node(id: "${nodeId("Deployment", d.id)}") { ... on Deployment { statuses(first: 2) { totalCount pageInfo { hasNextPage } nodes { id state createdAt } } } } }`;
    const response = await fetch(server.env.GITHUB_GRAPHQL_URL, { method: "POST", headers: { authorization: `Bearer ${server.env.GITHUB_TOKEN}` }, body: JSON.stringify({ query }) });
    const body = (await response.json()) as { data: { node: { statuses: unknown } } };
    const newest = [...d.statuses].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id).slice(0, 2);
    expect(body.data.node.statuses).toEqual({
      totalCount: d.statuses.length,
      pageInfo: { hasNextPage: true },
      nodes: newest.map((s) => ({ id: nodeId("DeploymentStatus", s.id), state: s.state.toUpperCase(), createdAt: s.created_at })),
    });
  });

  it("fall back to REST for a deployment with more than 100 statuses or whose node no longer resolves, and keep the batch's others", async () => {
    const org: Organisation = tiny();
    const repo = org.repositories.find((r) => r.deployments.length >= 3)!;
    const [many, gone, plain] = repo.deployments;
    const start = Date.parse(many!.created_at);
    many!.statuses = Array.from({ length: 101 }, (_, i) => ({ id: 900_000 + i, state: i === 100 ? "success" : "in_progress", created_at: new Date(start + (i + 1) * 1000).toISOString().replace(".000Z", "Z") }));
    const server = await serve(org);
    const config = githubSource.parseConfig(ingestConfig(org).github, server.env);
    const api = GitHubApi.create(config, () => undefined);
    const listed = new Map<number, Deployment>();
    for await (const d of api.list(`/repos/${repo.full_name}/deployments`, {}, (page: Deployment[]) => page)) listed.set(d.id, d);
    // as if deleted after it was listed: GitHub answers null and a NOT_FOUND error for it
    const asked = [listed.get(many!.id)!, { ...listed.get(gone!.id)!, node_id: nodeId("Deployment", 999_999_999) }, listed.get(plain!.id)!];

    const read = new Map<number, Array<number | null>>();
    for await (const { deployment, statuses } of deploymentsStatuses({ api: api.forRepository(), repo, config }, asked)) {
      read.set(deployment.id, statuses.map((s) => s.id));
    }
    const ids = (d: typeof many) => [...d!.statuses].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id).map((s) => s.id);
    expect(read).toEqual(new Map<number, Array<number | null>>([[plain!.id, plain!.statuses.map(() => null)], [many!.id, ids(many)], [gone!.id, ids(gone)]]));
    // 101 statuses are two pages of REST
    expect(server.requestCounts()[STATUSES_ROUTE], "only the two are asked of REST").toBe(3);
  });
});
