import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import type { Organisation, WorkflowRun } from "../../demo/model/organisation.ts";
import { graphqlPoints } from "../../demo/server/github/graphql-cost.ts";
import { CHANGES_QUERY } from "../../ingest/github/changes.ts";
import { demoServers, temporaryDatabase } from "./demo-harness.ts";
import { changedLine, laterSyncOn, syncGitHub } from "./later-sync.ts";
import { smallOrganisation } from "./fixtures/small-org.ts";

const serve = demoServers();
const laterSync = laterSyncOn(serve);

const api = (org: Organisation) => org.repositories.find((repo) => repo.full_name === "acme/api")!;

describe("which repositories changed", () => {
  it("costs GitHub one listing and one point when nothing changed, and reads nothing else", async () => {
    const { log, usage, routes } = await laterSync(smallOrganisation(), smallOrganisation());
    expect(changedLine(log)).toBe("github: 0 of 2 repositories changed since their last read");
    expect(usage).toMatchObject({ github_counted_requests: 1, github_not_modified: 0, github_graphql_points: 1 });
    expect(routes).toEqual(["GET /user/repos", "POST /graphql"]);
  });

  it("reads a repository whose old run was re-run, with nothing pushed", async () => {
    const after = smallOrganisation();
    api(after).workflow_runs.find((run) => run.id === 104)!.attempts.push({
      run_attempt: 2, run_started_at: "2026-03-31T07:00:00Z", conclusion: "success", completed_at: "2026-03-31T07:20:00Z",
      jobs: [{ id: 1045, name: "deploy", started_at: "2026-03-31T07:00:00Z", completed_at: "2026-03-31T07:20:00Z", conclusion: "success" }],
    });
    const { log, routes } = await laterSync(smallOrganisation(), after);
    expect(changedLine(log)).toBe("github: 1 of 2 repositories changed since their last read");
    // nothing was pushed, so the deploy workflows kept from the last read stand for a listing
    expect(routes).not.toContain("GET /repos/{owner}/{repo}/actions/workflows");
  });

  it("reads a repository whose older deployment got a status later", async () => {
    const after = smallOrganisation();
    api(after).deployments.find((deployment) => deployment.id === 201)!.statuses.push({ id: 2013, state: "inactive", created_at: "2026-03-30T12:00:00Z" });
    const { log } = await laterSync(smallOrganisation(), after);
    expect(changedLine(log)).toBe("github: 1 of 2 repositories changed since their last read");
  });

  it("reads a repository whose merged pull request was updated", async () => {
    const after = smallOrganisation();
    const pull = api(after).pull_requests.find((pr) => pr.number === 1)!;
    Object.assign(pull, { labels: ["feature", "released"], updated_at: "2026-03-30T12:00:00Z" });
    const { log } = await laterSync(smallOrganisation(), after);
    expect(changedLine(log)).toBe("github: 1 of 2 repositories changed since their last read");
  });

  it("reads a repository pushed to, where a deploy workflow the earlier sync never saw has run", async () => {
    const withNewWorkflow = (org: Organisation, ran: boolean) => {
      const web = org.repositories.find((repo) => repo.full_name === "acme/web")!;
      web.workflows.push({ id: 22, name: "deploy edge", path: ".github/workflows/deploy-edge.yml" });
      if (!ran) return org;
      const sha = "d2".padEnd(40, "0");
      web.commits.push({ sha, parents: [web.commits[0]!.sha], message: "edge", author_login: "eve", author_date: "2026-03-30T09:00:00Z", committer_date: "2026-03-30T09:00:00Z", files: ["edge.ts"], pull_numbers: [] });
      web.branches = [{ name: "main", head_sha: sha }];
      web.workflow_runs.push({
        id: 202, workflow_id: 22, head_branch: "main", head_sha: sha, event: "push", created_at: "2026-03-30T09:05:00Z", status: "completed",
        attempts: [{ run_attempt: 1, run_started_at: "2026-03-30T09:05:00Z", conclusion: "success", completed_at: "2026-03-30T09:15:00Z",
          jobs: [{ id: 2021, name: "ship", started_at: "2026-03-30T09:05:00Z", completed_at: "2026-03-30T09:15:00Z", conclusion: "success" }] }],
      });
      return org;
    };
    const { log } = await laterSync(withNewWorkflow(smallOrganisation(), false), withNewWorkflow(smallOrganisation(), true));
    expect(changedLine(log)).toBe("github: 1 of 2 repositories changed since their last read");
  });

  it("reads a repository whose runs that could still change do not fit in one answer, and lands a re-run beyond it", async () => {
    // 120 deploy runs of web in its last ten days: the answer holds the newest 100
    const withRuns = (org: Organisation) => {
      const web = org.repositories.find((repo) => repo.full_name === "acme/web")!;
      const template = web.workflow_runs[0]!;
      for (let i = 0; i < 120; i++) {
        const at = new Date(Date.parse("2026-03-20T00:00:00Z") + i * 7_200_000).toISOString().replace(".000", "");
        const done = new Date(Date.parse(at) + 600_000).toISOString().replace(".000", "");
        web.workflow_runs.push({
          ...structuredClone(template), id: 3000 + i, created_at: at,
          attempts: [{ run_attempt: 1, run_started_at: at, conclusion: "success", completed_at: done, jobs: [{ id: 30_000 + i, name: "ship", started_at: at, completed_at: done, conclusion: "success" }] }],
        } satisfies WorkflowRun);
      }
      return org;
    };
    const before = withRuns(smallOrganisation());
    const unchanged = await laterSync(before, withRuns(smallOrganisation()));
    expect(changedLine(unchanged.log)).toBe("github: 1 of 2 repositories changed since their last read");

    const after = withRuns(smallOrganisation());
    const oldest = after.repositories.find((repo) => repo.full_name === "acme/web")!.workflow_runs.find((run) => run.id === 3000)!;
    oldest.attempts.push({
      run_attempt: 2, run_started_at: "2026-03-31T07:00:00Z", conclusion: "success", completed_at: "2026-03-31T07:20:00Z",
      jobs: [{ id: 39_999, name: "ship", started_at: "2026-03-31T07:00:00Z", completed_at: "2026-03-31T07:20:00Z", conclusion: "success" }],
    });
    await laterSync(before, after);
  });

  it("reads a repository whose kept deploy workflow GitHub no longer resolves", async () => {
    const file = temporaryDatabase();
    const before = smallOrganisation();
    await syncGitHub(await serve(before), before, file);
    const after = smallOrganisation();
    const web = after.repositories.find((repo) => repo.full_name === "acme/web")!;
    web.workflows = [];
    web.workflow_runs = [];
    const { log } = await syncGitHub(await serve(after), after, file);
    expect(changedLine(log)).toBe("github: 1 of 2 repositories changed since their last read");
  });

  it("charges the change query by GitHub's formula: each connection once per node asked about", () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `id${i}`);
    // 100 repositories (pull requests and deployments each) and 100 workflows (runs): 300 requests
    expect(graphqlPoints(parse(CHANGES_QUERY), { repositories: ids(100), workflows: ids(100) })).toBe(3);
    // the default demo's 11 repositories and their deploy workflows: under one point, so one
    expect(graphqlPoints(parse(CHANGES_QUERY), { repositories: ids(11), workflows: ids(20) })).toBe(1);
  });
});
