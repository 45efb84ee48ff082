import { mapConcurrently } from "../protocol/concurrency.ts";
import { systemError } from "../protocol/errors.ts";
import type { GitHubApi } from "./api.ts";
import type { GitHubConfig } from "./config.ts";
import { DAY_MS, laterOf, type KeptWorkflows, type ListedWorkflow, type RepoContext } from "./context.ts";
import { STATUS_LOOKBACK_DAYS } from "./deployment-listing.ts";
import type { RepositoryRecord } from "./repositories.ts";
import { listDeployWorkflows, RERUN_LOOKBACK_DAYS } from "./runs.ts";

/**
 * What the change query saw of a repository when a stream last read it. Every part only moves when
 * something the stream would read changed (docs/extractors.md#which-repositories-changed):
 * - `pushed`: the last push (a new deploy workflow arrives by one);
 * - `pulls`: the newest update of a merged pull request (the pull request stream's own order);
 * - `deployments`: the newest update among the latest deployments (a new status moves a deployment's);
 * - `runs`: per deploy workflow (node id), the newest update among its latest runs (a re-run moves it);
 * - `settings`: what decides which runs and deployments count;
 * - `workflows`: the deploy workflows then (they stand for a listing while `pushed` and `settings` stay).
 */
export interface Seen {
  pushed: string | null;
  pulls: string | null;
  deployments: string | null;
  runs: Record<string, string | null>;
  settings: string;
  workflows: ListedWorkflow[];
  /** The ETag of the workflows listing they came from. */
  workflows_etag?: string;
}

/** A repository's answer to the change query. */
export interface Signal extends Seen {
  /** Parts whose items that could still change did not all fit in the answer: a stream reading them reads. */
  overflow: Array<"runs" | "deployments">;
  /** The updates of the 100 newest merged pull requests, newest first: how many a read will find. */
  pullUpdates: string[];
}

type Part = Exclude<keyof Seen, "workflows">;

/** The parts each stream's read depends on; a stream not named here is always read. */
const READS: Record<string, Part[]> = {
  workflow_runs: ["pushed", "runs", "settings"],
  workflow_jobs: ["pushed", "runs", "settings"],
  deployments: ["deployments"],
  deployment_statuses: ["deployments"],
  pull_requests: ["pulls"],
  deployment_commits: ["pushed", "runs", "deployments", "settings"],
  commits: ["pushed", "runs", "deployments", "settings"],
};

/** Whether a stream reads a repository's deploy workflows' runs (so its `seen` names the workflows). */
export const readsRuns = (stream: string): boolean => READS[stream]?.includes("runs") ?? false;

/** The `seen` kept next to a stream's state of one repository (absent in states saved before it was kept). */
export function seenOf(saved: unknown): Seen | undefined {
  return typeof saved === "object" && saved !== null && "seen" in saved ? (saved as { seen: Seen }).seen : undefined;
}

/** Nothing the stream reads changed since it last read the repository: the read would find nothing new. */
export function unchanged(stream: string, seen: Seen | undefined, now: Signal | undefined): boolean {
  return partsUnchanged(READS[stream], seen, now);
}

/**
 * The listings a stream reading the repository may skip: those of its runs (or deployments) when none
 * of the parts they depend on moved since it last read them, as `unchanged` decides for a whole stream.
 */
export function unchangedListings(stream: string, seen: Seen | undefined, now: Signal | undefined): { runs: boolean; deployments: boolean } {
  const reads = READS[stream] ?? [];
  return {
    runs: reads.includes("runs") && partsUnchanged(["pushed", "runs", "settings"], seen, now),
    deployments: reads.includes("deployments") && partsUnchanged(["deployments"], seen, now),
  };
}

function partsUnchanged(parts: Part[] | undefined, seen: Seen | undefined, now: Signal | undefined): boolean {
  if (!parts || !seen || !now) return false;
  return parts.every((part) => {
    if (part === "runs") return !now.overflow.includes("runs") && Object.entries(seen.runs).every(([workflow, updated]) => now.runs[workflow] === updated);
    if (part === "deployments" && now.overflow.includes("deployments")) return false;
    return seen[part] === now[part];
  });
}

/**
 * What to keep once a stream has read the repository: the answer from before the read (a change during
 * the read shows in the next answer), with the deploy workflows as listed now when the stream reads
 * runs (the listing is remembered, so this costs nothing); a workflow new since the query has no
 * answer yet, so the next sync reads its runs once more.
 */
export async function seenAfterRead(ctx: RepoContext, stream: string, signal: Signal): Promise<Seen> {
  const { overflow: _, pullUpdates: __, ...seen } = signal;
  if (!readsRuns(stream)) return seen;
  const { workflows, etag } = await listDeployWorkflows(ctx);
  return {
    ...seen,
    workflows,
    ...(etag ? { workflows_etag: etag } : {}),
    runs: Object.fromEntries(workflows.map((workflow) => [workflow.node_id, signal.runs[workflow.node_id] ?? null])),
  };
}

/**
 * The deploy workflows every stream reading runs kept, when they were all kept under the same settings
 * (they then stand for a listing if nothing was pushed since, and are confirmed by a free `304` otherwise).
 */
export function keptWorkflows(seen: Array<Seen | undefined>, now: Signal | undefined): KeptWorkflows | undefined {
  if (!now || seen.length === 0 || seen.some((one) => !one || one.settings !== now.settings)) return undefined;
  const lists = new Set(seen.map((one) => JSON.stringify([one!.workflows, one!.workflows_etag, one!.pushed])));
  if (lists.size !== 1) return undefined;
  const { workflows, workflows_etag, pushed } = seen[0]!;
  return { listed: workflows, ...(workflows_etag ? { etag: workflows_etag } : {}), current: pushed === now.pushed };
}

/** The settings that decide which of a repository's runs and deployments count (a change reads it again). */
function settings(config: GitHubConfig, repo: RepositoryRecord): string {
  return JSON.stringify([
    repo.default_branch,
    String(config.deployWorkflowPattern),
    config.deployWorkflows.filter((workflow) => workflow.repository === repo.full_name),
    String(config.releaseBranchPattern),
    String(config.productionEnvironmentPattern),
  ]);
}

/** A repository to ask about, with its deploy workflows. */
export interface ChangeTarget {
  repo: RepositoryRecord;
  workflows: ListedWorkflow[];
}

/** GitHub resolves at most 100 ids in one `nodes` field. */
const IDS_PER_QUERY = 100;
/**
 * As many of the latest runs, deployments and merged pull requests as one page holds: their updates,
 * and whether older ones could still change. A page costs the same request whatever its size.
 */
const LATEST = 100;

interface Updated {
  createdAt: string;
  updatedAt: string;
}

interface Latest {
  pageInfo: { hasNextPage: boolean };
  nodes: Updated[];
}

interface RepositoryAnswer {
  id: string;
  pushedAt: string | null;
  pullRequests: { nodes: Array<{ updatedAt: string }> };
  deployments: Latest;
}

/**
 * Up to 100 repositories and 100 workflows at a time. GitHub's formula charges one request per
 * connection per node asked about (3 per repository with one deploy workflow), so 100 such repositories
 * cost 3 points.
 */
export const CHANGES_QUERY = `query Changes($repositories: [ID!]!, $workflows: [ID!]!) {
  repositories: nodes(ids: $repositories) {
    ... on Repository {
      id
      pushedAt
      pullRequests(first: ${LATEST}, states: [MERGED], orderBy: {field: UPDATED_AT, direction: DESC}) { nodes { updatedAt } }
      deployments(first: ${LATEST}, orderBy: {field: CREATED_AT, direction: DESC}) { pageInfo { hasNextPage } nodes { createdAt updatedAt } }
    }
  }
  workflows: nodes(ids: $workflows) {
    ... on Workflow {
      id
      runs(first: ${LATEST}, orderBy: {field: CREATED_AT, direction: DESC}) { pageInfo { hasNextPage } nodes { createdAt updatedAt } }
    }
  }
}`;

/**
 * Each repository's answer, by full name. A repository GitHub no longer resolves, or one of whose
 * deploy workflows it no longer resolves (deleted since), has none: it is read, and its workflows listed again.
 */
export async function askChanges(api: GitHubApi, config: GitHubConfig, targets: ChangeTarget[]): Promise<Map<string, Signal>> {
  const repositoryIds = targets.map((target) => target.repo.node_id);
  const workflowIds = [...new Set(targets.flatMap((target) => target.workflows.map((workflow) => workflow.node_id)))];
  const queries = Math.ceil(Math.max(repositoryIds.length, workflowIds.length) / IDS_PER_QUERY);
  const batches = Array.from({ length: queries }, (_, i) => ({
    repositories: repositoryIds.slice(i * IDS_PER_QUERY, (i + 1) * IDS_PER_QUERY),
    workflows: workflowIds.slice(i * IDS_PER_QUERY, (i + 1) * IDS_PER_QUERY),
  }));
  const repositories = new Map<string, RepositoryAnswer>();
  const workflows = new Map<string, Latest>();
  for await (const { data, errors } of mapConcurrently(batches, config.concurrency, (variables) =>
    api.graphqlPartial<{ repositories: Array<RepositoryAnswer | null>; workflows: Array<{ id: string; runs: Latest } | null> }>(CHANGES_QUERY, variables),
  )) {
    // an id GitHub no longer resolves answers null: its repository has no answer, so it is read
    const refused = errors.find((error) => error.type !== "NOT_FOUND");
    if (refused) throw systemError(`github: the change query: ${refused.message ?? "refused"}`);
    for (const answer of data.repositories) if (answer?.id) repositories.set(answer.id, answer);
    for (const answer of data.workflows) if (answer?.id) workflows.set(answer.id, answer.runs);
  }
  const signals = new Map<string, Signal>();
  for (const target of targets) {
    const { repo } = target;
    const ids = target.workflows.map((workflow) => workflow.node_id);
    const answer = repositories.get(repo.node_id);
    if (!answer || ids.some((id) => !workflows.has(id))) continue;
    const overflow: Signal["overflow"] = [];
    const runs: Record<string, string | null> = {};
    for (const id of ids) {
      runs[id] = newest(workflows.get(id)!);
      if (overflows(workflows.get(id)!, RERUN_LOOKBACK_DAYS) && !overflow.includes("runs")) overflow.push("runs");
    }
    if (overflows(answer.deployments, STATUS_LOOKBACK_DAYS)) overflow.push("deployments");
    signals.set(repo.full_name, {
      pushed: answer.pushedAt,
      pulls: answer.pullRequests.nodes[0]?.updatedAt ?? null,
      pullUpdates: answer.pullRequests.nodes.map((pull) => pull.updatedAt),
      deployments: newest(answer.deployments),
      runs,
      settings: settings(config, repo),
      workflows: target.workflows,
      overflow,
    });
  }
  return signals;
}

function newest(latest: Latest): string | null {
  return latest.nodes.reduce<string | undefined>((found, node) => laterOf(found, node.updatedAt), undefined) ?? null;
}

/**
 * A stream re-lists the items created within its lookback before its cursor (the newest update it has
 * seen, never earlier than the newest one here), from the start of that day: when older items exist
 * beyond this page and the page's oldest is inside that reach, an item the stream would re-list is
 * missing from the answer.
 */
function overflows(latest: Latest, lookbackDays: number): boolean {
  const updated = newest(latest);
  const oldest = latest.nodes.at(-1);
  if (!latest.pageInfo.hasNextPage || !updated || !oldest) return false;
  return Date.parse(oldest.createdAt) >= Date.parse(updated) - (lookbackDays + 1) * DAY_MS;
}
