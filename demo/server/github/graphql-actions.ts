import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { Job, WorkflowRun } from "../../model/organisation.ts";
import { nodeId } from "../ids.ts";
import { latestAttempt, runStatus, runUpdatedAt } from "./objects.ts";
import type { RepoIndex } from "./store.ts";

const HTML = "https://github.com";

/** A connection resolver's page, as graphql.ts serves every connection. */
export type Connection = <T>(items: T[], args: ConnectionArgs, info: GraphQLResolveInfo) => unknown;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

interface CheckRunFilter {
  checkType?: "ALL" | "LATEST" | null;
  checkName?: string | null;
  [other: string]: unknown;
}

/**
 * GitHub Actions as GraphQL shows it: a run's check suite holds one check run per job of every
 * attempt. Where GraphQL differs from REST the demo differs the same way: enums are upper case
 * (`COMPLETED`, `SUCCESS`), a check run has no `run_attempt` and no `created_at`, `databaseId` is
 * REST's job id, and `checkRuns` lists only each name's latest check run unless `filterBy:
 * {checkType: ALL}` asks for every attempt's.
 */
export function workflowRunNode(index: RepoIndex, run: WorkflowRun, connection: Connection): Record<string, unknown> {
  const workflow = index.workflowById.get(run.workflow_id);
  const url = `${HTML}/${index.repo.full_name}/actions/runs/${run.id}`;
  return {
    __typename: "WorkflowRun",
    id: nodeId("WorkflowRun", run.id),
    databaseId: run.id,
    runNumber: index.runNumber.get(run.id) ?? 1,
    event: run.event,
    createdAt: run.created_at,
    updatedAt: runUpdatedAt(run),
    url,
    resourcePath: new URL(url).pathname,
    workflow: workflow
      ? { __typename: "Workflow", id: nodeId("Workflow", workflow.id), databaseId: workflow.id, name: workflow.name, url: `${HTML}/${index.repo.full_name}/actions/workflows/${workflow.path.split("/").at(-1)}` }
      : null,
    checkSuite: () => checkSuiteNode(index, run, connection),
  };
}

function checkSuiteNode(index: RepoIndex, run: WorkflowRun, connection: Connection): Record<string, unknown> {
  const latest = latestAttempt(run);
  return {
    __typename: "CheckSuite",
    id: nodeId("CheckSuite", run.id * 10),
    databaseId: run.id * 10,
    createdAt: run.created_at,
    updatedAt: runUpdatedAt(run),
    status: runStatus(run).toUpperCase(),
    conclusion: latest?.conclusion?.toUpperCase() ?? null,
    workflowRun: () => workflowRunNode(index, run, connection),
    checkRuns: (args: ConnectionArgs & { filterBy?: CheckRunFilter | null }, _context: unknown, info: GraphQLResolveInfo) => {
      const { checkType, checkName, ...others } = args.filterBy ?? {};
      const unsupported = Object.keys(others).filter((key) => others[key] != null);
      if (unsupported.length > 0) throw new GraphQLError(`demo server: checkRuns filterBy ${unsupported.join(", ")} is not simulated`);
      const runs = run.attempts
        .flatMap((attempt) => attempt.jobs.map((job) => ({ attempt, job })))
        .filter(({ job }) => !checkName || job.name === checkName);
      // LATEST (GitHub's default): a name re-run in a later attempt hides its earlier check runs
      const kept = checkType === "ALL" ? runs : runs.filter(({ attempt, job }) => !runs.some((o) => o.job.name === job.name && o.attempt.run_attempt > attempt.run_attempt));
      return connection(kept.map(({ attempt, job }) => checkRunNode(index, run, job)), args, info);
    },
  };
}

function checkRunNode(index: RepoIndex, run: WorkflowRun, job: Job): Record<string, unknown> {
  const url = `${HTML}/${index.repo.full_name}/actions/runs/${run.id}/job/${job.id}`;
  return {
    __typename: "CheckRun",
    id: nodeId("CheckRun", job.id),
    databaseId: job.id,
    name: job.name,
    status: job.completed_at !== null ? "COMPLETED" : "IN_PROGRESS",
    conclusion: job.conclusion?.toUpperCase() ?? null,
    startedAt: job.started_at,
    completedAt: job.completed_at,
    url,
    permalink: url,
    detailsUrl: url,
    resourcePath: new URL(url).pathname,
  };
}
