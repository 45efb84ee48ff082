import { describe, expect, it } from "vitest";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import type { Job, RunAttempt, WorkflowRun } from "../../demo/model/organisation.ts";
import { GitHubApi } from "../../ingest/github/api.ts";
import { runsJobs } from "../../ingest/github/jobs.ts";
import type { WorkflowRun as RestRun } from "../../ingest/github/runs.ts";
import { githubSource } from "../../ingest/github/source.ts";
import { demoServers, ingestConfig, latestRecords, syncDemo, temporaryDatabase } from "./demo-harness.ts";

const serve = demoServers();
const JOBS_ROUTE = "GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs";

describe("the jobs of deploy runs", () => {
  it("land with the values REST lists, single-attempt runs read by GraphQL and only re-run runs by REST", async () => {
    const org = generateOrganisation({ ...SIZES.tiny, seed: 7 });
    const server = await serve(org);
    const file = temporaryDatabase();
    await syncDemo(server, org, file);
    const landed = (await latestRecords(file)).workflow_jobs!;

    // REST's job object (`jobs?filter=all`) worked out from the model: lower-case status and
    // conclusion, created_at its attempt's start, the run's head and the workflow's name
    const byId = new Map<number, { repository: string; workflow: string; run: WorkflowRun; attempt: RunAttempt; job: Job }>();
    for (const repo of org.repositories) {
      for (const run of repo.workflow_runs) {
        const workflow = repo.workflows.find((w) => w.id === run.workflow_id)!.name;
        for (const attempt of run.attempts) for (const job of attempt.jobs) byId.set(job.id, { repository: repo.full_name, workflow, run, attempt, job });
      }
    }
    const reRun = new Set<number>();
    expect(landed.size).toBeGreaterThan(0);
    for (const [id, data] of landed) {
      const { repository, workflow, run, attempt, job } = byId.get(Number(id))!;
      if (run.attempts.length > 1) reRun.add(run.id);
      expect(JSON.parse(data), `job ${id}`).toEqual({
        id: job.id,
        run_id: run.id,
        run_attempt: attempt.run_attempt,
        name: job.name,
        status: job.completed_at === null ? "in_progress" : "completed",
        conclusion: job.conclusion,
        created_at: attempt.run_started_at,
        started_at: job.started_at,
        completed_at: job.completed_at,
        head_sha: run.head_sha,
        workflow_name: workflow,
        repository,
      });
    }
    expect(reRun.size, "the organisation has re-run deploy runs").toBeGreaterThan(0);
    expect(server.requestCounts()[JOBS_ROUTE]).toBe(reRun.size);
  }, 120_000);

  it("are served by the demo's GraphQL as GitHub's: upper-case enums, REST's job ids, the latest check runs unless ALL is asked", async () => {
    const org = generateOrganisation({ ...SIZES.tiny, seed: 7 });
    const repo = org.repositories.find((r) => r.workflow_runs.some((run) => run.attempts.length > 1))!;
    const run = repo.workflow_runs.find((r) => r.attempts.length > 1)!;
    const server = await serve(org);
    const ask = async (filter: string) => {
      const query = `{ node(id: "${Buffer.from(`011:WorkflowRun${run.id}`).toString("base64")}") { ... on WorkflowRun { databaseId checkSuite { checkRuns(first: 100${filter}) { nodes { databaseId name status conclusion } } } } } }`;
      const response = await fetch(server.env.GITHUB_GRAPHQL_URL, { method: "POST", headers: { authorization: `Bearer ${server.env.GITHUB_TOKEN}` }, body: JSON.stringify({ query }) });
      const body = (await response.json()) as { data: { node: { databaseId: number; checkSuite: { checkRuns: { nodes: Array<Record<string, unknown>> } } } } };
      expect(body.data.node.databaseId).toBe(run.id);
      return body.data.node.checkSuite.checkRuns.nodes;
    };
    const asGraphql = (job: Job) => ({ databaseId: job.id, name: job.name, status: job.completed_at ? "COMPLETED" : "IN_PROGRESS", conclusion: job.conclusion?.toUpperCase() ?? null });
    expect(await ask(", filterBy: {checkType: ALL}")).toEqual(run.attempts.flatMap((attempt) => attempt.jobs.map(asGraphql)));
    // each name's check run of the latest attempt that ran it
    const latest = run.attempts.flatMap((attempt, i) => attempt.jobs.filter((job) => !run.attempts.slice(i + 1).some((later) => later.jobs.some((j) => j.name === job.name))));
    expect(await ask("")).toEqual(latest.map(asGraphql));
  });

  it("fall back to REST for a run whose node id no longer resolves, and keep the batch's other runs", async () => {
    const org = generateOrganisation({ ...SIZES.tiny, seed: 7 });
    const server = await serve(org);
    const config = githubSource.parseConfig(ingestConfig(org).github, server.env);
    const repo = org.repositories.find((r) => r.workflow_runs.filter((run) => run.attempts.length === 1).length >= 2)!;
    const api = GitHubApi.create(config, () => undefined);
    const listed: RestRun[] = [];
    for await (const run of api.list(`/repos/${repo.full_name}/actions/runs`, {}, (page: { workflow_runs: RestRun[] }) => page.workflow_runs)) {
      if (run.run_attempt === 1 && listed.length < 2) listed.push(run);
    }
    // the first as if deleted after it was listed: GitHub answers null and a NOT_FOUND error for it
    const gone = { ...listed[0]!, node_id: Buffer.from("011:WorkflowRun999999999").toString("base64") };
    const before = server.requestCounts()[JOBS_ROUTE] ?? 0;
    const read = new Map<number, number[]>();
    for await (const { run, jobs } of runsJobs({ api: api.forRepository(), repo, config }, [gone, listed[1]!])) read.set(run.id, jobs.map((job) => job.id));
    const modelJobs = (id: number) => repo.workflow_runs.find((run) => run.id === id)!.attempts.flatMap((attempt) => attempt.jobs.map((job) => job.id));
    expect(read).toEqual(new Map([[listed[1]!.id, modelJobs(listed[1]!.id)], [gone.id, modelJobs(gone.id)]]));
    expect((server.requestCounts()[JOBS_ROUTE] ?? 0) - before, "only the unresolved run is asked of REST").toBe(1);
  });
});
