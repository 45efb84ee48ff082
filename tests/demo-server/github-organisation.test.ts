import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Organisation } from "../../demo/model/organisation.ts";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { call, organisation } from "./fixture.ts";
import { responseChecker } from "./openapi.ts";

const WORKFLOW = "name: Release\non:\n  push:\n    branches: [main]\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    environment: production\n";

/** The fixture's acme/api with what discovery reads: files, environments, team access; and an archived repository. */
function withLayout(): Organisation {
  const org = organisation();
  const api = org.repositories[0]!;
  api.files = [
    { path: ".github/CODEOWNERS", content: "* @acme/payments\n" },
    { path: ".github/workflows/release.yml", content: WORKFLOW },
  ];
  api.environments = ["production", "staging"];
  api.team_access = [
    { team: "payments", permission: "maintain" },
    { team: "engineering", permission: "push" },
  ];
  org.repositories.push({
    ...api,
    id: 1002,
    full_name: "acme/legacy-api",
    archived: true,
    files: [],
    environments: [],
    team_access: [{ team: "engineering", permission: "pull" }],
    workflow_runs: [],
    deployments: [],
    pull_requests: [],
  });
  return org;
}

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer(withLayout());
});
afterAll(() => server.close());

const get = (path: string) => call(server, "github", path);

describe("shapes", () => {
  test.each([
    ["/orgs/{org}/teams", "/orgs/acme/teams"],
    ["/orgs/{org}/teams/{team_slug}/repos", "/orgs/acme/teams/engineering/repos"],
    ["/repos/{owner}/{repo}/teams", "/repos/acme/api/teams"],
    ["/repos/{owner}/{repo}/contents/{path}", "/repos/acme/api/contents/.github/CODEOWNERS"],
    ["/repos/{owner}/{repo}/contents/{path}", "/repos/acme/api/contents/.github/workflows"],
    ["/repos/{owner}/{repo}/environments", "/repos/acme/api/environments"],
  ])("%s answers in the shape of GitHub's OpenAPI description", async (operation, path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(responseChecker(operation)(response.body)).toEqual([]);
  });
});

describe("what discovery reads", () => {
  test("teams exist where a repository grants them access, each listing its repositories with its role", async () => {
    expect((await get("/orgs/acme/teams")).body.map((t: { slug: string }) => t.slug)).toEqual(["engineering", "payments"]);
    const reached = (await get("/orgs/acme/teams/engineering/repos")).body;
    expect(reached.map((r: { full_name: string; role_name: string; archived: boolean }) => [r.full_name, r.role_name, r.archived])).toEqual([
      ["acme/api", "write", false],
      ["acme/legacy-api", "read", true],
    ]);
    expect((await get("/orgs/acme/teams/payments/repos")).body[0].permissions).toEqual({ pull: true, triage: true, push: true, maintain: true, admin: false });
    expect((await get("/repos/acme/api/teams")).body.map((t: { slug: string; permission: string }) => [t.slug, t.permission])).toEqual([
      ["payments", "maintain"],
      ["engineering", "write"],
    ]);
    expect((await get("/orgs/acme/teams/nobody/repos")).status).toBe(404);
  });

  test("a file comes back base64-encoded as GitHub sends it, a folder as its entries, anything else 404", async () => {
    const file = (await get("/repos/acme/api/contents/.github/workflows/release.yml")).body;
    expect(file.encoding).toBe("base64");
    expect(Buffer.from(file.content, "base64").toString("utf8")).toBe(WORKFLOW);
    expect(file.sha).toMatch(/^[0-9a-f]{40}$/);
    const folder = (await get("/repos/acme/api/contents/.github")).body;
    expect(folder.map((e: { path: string; type: string }) => [e.path, e.type])).toEqual([
      [".github/CODEOWNERS", "file"],
      [".github/workflows", "dir"],
    ]);
    expect((await get("/repos/acme/api/contents/CODEOWNERS")).status).toBe(404);
  });

  test("environments are listed with their count; the repository says whether it is archived", async () => {
    const { body } = await get("/repos/acme/api/environments");
    expect([body.total_count, body.environments.map((e: { name: string }) => e.name)]).toEqual([2, ["production", "staging"]]);
    expect((await get("/repos/acme/legacy-api")).body.archived).toBe(true);
    expect((await get("/repos/acme/api")).body.archived).toBe(false);
  });
});
