import { mapConcurrently, mergeConcurrently } from "../protocol/concurrency.ts";
import { streamMessages } from "../protocol/generators.ts";
import { backfillConfig, planRange, rangeSummary, readRanged } from "../protocol/landed-range.ts";
import { recordMessage, stateMessage, type AirbyteMessage } from "../protocol/messages.ts";
import { type Source, type StateMap, type StreamFacts, streamFacts } from "../protocol/source.ts";
import { GitHubApi } from "./api.ts";
import { githubSpec, parseGitHubConfig, type GitHubConfig } from "./config.ts";
import { RepositoryProgress } from "./progress.ts";
import { readAhead, type AheadTarget, type ReadAhead } from "./read-ahead.ts";
import { askChanges, keptWorkflows, readsRuns, seenAfterRead, seenOf, unchanged, unchangedListings, type ChangeTarget, type Signal } from "./changes.ts";
import type { RepoContext, RepoStream } from "./context.ts";
import { checkAccess, listRepositories, type RepositoryRecord } from "./repositories.ts";
import { deployWorkflows } from "./runs.ts";
import { commits } from "./streams/commits.ts";
import { deploymentCommits } from "./streams/deployment-commits.ts";
import { deploymentStatusesStream } from "./streams/deployment-statuses.ts";
import { deployments } from "./streams/deployments.ts";
import { pullRequests } from "./streams/pull-requests.ts";
import { workflowJobs } from "./streams/workflow-jobs.ts";
import { workflowRuns } from "./streams/workflow-runs.ts";
import repositoriesSchema from "../../includes/raw_streams/github/repositories.json" with { type: "json" };

const NAMESPACE = "github";

const repositoriesStream: StreamFacts = streamFacts(repositoriesSchema);

/** Repositories read ahead at once: their listings stay in memory until they are read. */
const AHEAD_AT_ONCE = 20;

/** Read in this order within a repository, so later streams find the runs and comparisons already fetched. */
const repoStreams: Array<RepoStream<unknown>> = [
  workflowRuns,
  workflowJobs,
  deployments,
  deploymentStatusesStream,
  pullRequests,
  deploymentCommits,
  commits,
] as Array<RepoStream<unknown>>;

export const githubSource: Source<GitHubConfig> = {
  namespace: NAMESPACE,
  spec: githubSpec,
  parseConfig: parseGitHubConfig,
  streams: [repositoriesStream, ...repoStreams],
  async check(config) {
    await checkAccess(GitHubApi.create(config, () => undefined), config);
  },
  read: readGitHub,
};

async function* readGitHub(config: GitHubConfig, selected: ReadonlySet<string>, state: StateMap, log: (message: string) => void): AsyncGenerator<AirbyteMessage> {
  const api = GitHubApi.create(config, log);
  const repositories = await listRepositories(api, config);
  log(`github: ${repositories.length} repositories`);
  if (selected.has(repositoriesStream.name)) {
    for (const repo of repositories) yield recordMessage(NAMESPACE, repositoriesStream.name, repositoryRecord(repo));
    yield stateMessage(NAMESPACE, repositoriesStream.name, {}, repositories.length);
  }
  const streams = repoStreams.filter((stream) => selected.has(stream.name));
  // per stream: repository → its state after the last slice that completed
  const committed = new Map(streams.map((stream) => [stream.name, { ...((state.get(stream.name) as Record<string, unknown> | undefined) ?? {}) }]));
  const plans = new Map(
    streams.flatMap((stream) =>
      repositories.map((repo) => [`${stream.name} ${repo.full_name}`, planRange(committed.get(stream.name)![repo.full_name], config.startDate, config.startDateGiven)]),
    ),
  );
  const summary = rangeSummary(NAMESPACE, [...plans.values()]);
  if (summary) log(summary);
  // each repository's view of the API, made before the change query so that a deploy workflow listing
  // it needs is paid once; a repository's read takes its view, and drops it once done
  const views = new Map(repositories.map((repo) => [repo.full_name, api.forRepository()]));
  const contextOf = (repo: RepositoryRecord): RepoContext => ({ api: views.get(repo.full_name)!, repo, config });
  const savedOf = (stream: RepoStream<unknown>, repo: RepositoryRecord) => committed.get(stream.name)![repo.full_name];
  const signals = streams.length > 0 ? await askChanges(api, config, await changeTargets(repositories, streams, savedOf, contextOf, config.concurrency)) : new Map<string, Signal>();
  // a backfill reads the days before the landed range whatever changed since
  const toRead = (repo: RepositoryRecord) =>
    streams.filter((stream) => plans.get(`${stream.name} ${repo.full_name}`)!.backfill || !unchanged(stream.name, seenOf(savedOf(stream, repo)), signals.get(repo.full_name)));
  const changed = repositories.filter((repo) => toRead(repo).length > 0);
  if (streams.length > 0) log(`github: ${changed.length} of ${repositories.length} repositories changed since their last read`);

  // a stream's view of a repository: with the deploy workflows kept, and the listings that it may skip
  const streamContext = (repo: RepositoryRecord, stream: RepoStream<unknown>): RepoContext => {
    const signal = signals.get(repo.full_name);
    const kept = keptWorkflows(streams.filter((one) => readsRuns(one.name)).map((one) => seenOf(savedOf(one, repo))), signal);
    return { ...contextOf(repo), ...(kept ? { workflows: kept } : {}), unchanged: unchangedListings(stream.name, seenOf(savedOf(stream, repo)), signal) };
  };
  // Only a read from a saved cursor is read ahead: a first read or a backfill lists so much that a group's
  // listings could outgrow a window of the rate budget before any state is saved, and no run would get further.
  const aheadTarget = (repo: RepositoryRecord): AheadTarget => {
    const pullUpdates = signals.get(repo.full_name)?.pullUpdates;
    const reads = toRead(repo).flatMap((stream) => {
      const plan = plans.get(`${stream.name} ${repo.full_name}`)!;
      const ctx = streamContext(repo, stream);
      return stream.asks && plan.cursor !== undefined && !plan.backfill ? [{ ctx, asks: stream.asks(ctx, plan.cursor) }] : [];
    });
    return { reads, ...(pullUpdates ? { pullUpdates } : {}) };
  };

  async function* readRepository(repo: RepositoryRecord, ahead: ReadAhead): AsyncGenerator<AirbyteMessage> {
    const signal = signals.get(repo.full_name);
    const contexts = new Map(toRead(repo).map((stream) => [stream, { ...streamContext(repo, stream), ahead }]));
    views.delete(repo.full_name);
    for (const [stream, ctx] of contexts) {
      const perRepo = committed.get(stream.name)!;
      const seen = signal && (await seenAfterRead(ctx, stream.name, signal));
      const records = readRanged(plans.get(`${stream.name} ${repo.full_name}`)!, (range, cursor) =>
        stream.read(range ? { ...ctx, config: backfillConfig(config, range) } : ctx, cursor), stream.backfill,
      );
      yield* streamMessages(NAMESPACE, stream.name, records, (next) => {
        perRepo[repo.full_name] = seen ? { ...next, seen } : next;
        return { ...perRepo };
      });
    }
  }
  const progress = new RepositoryProgress(changed.length, () => api.budgetUsage(), log);
  async function* readAndCount(repo: RepositoryRecord, ahead: ReadAhead): AsyncGenerator<AirbyteMessage> {
    yield* readRepository(repo, ahead);
    progress.repositoryRead();
  }
  // what the repositories' reads ask GraphQL for is asked for many of them at once (./read-ahead.ts)
  for (let i = 0; i < changed.length; i += AHEAD_AT_ONCE) {
    const group = changed.slice(i, i + AHEAD_AT_ONCE);
    const ahead = await readAhead(api, config.concurrency, group.map(aheadTarget));
    yield* mergeConcurrently(
      group.map((repo, j) => () => readAndCount(repo, ahead[j]!)),
      Math.min(config.concurrency, 4),
    );
  }
}

/**
 * What to ask about each repository: the deploy workflows its saved states name, or, where no stream
 * reading runs has read it yet (so it is read whatever the answer), the ones it lists now.
 */
async function changeTargets(
  repositories: RepositoryRecord[],
  streams: Array<RepoStream<unknown>>,
  savedOf: (stream: RepoStream<unknown>, repo: RepositoryRecord) => unknown,
  contextOf: (repo: RepositoryRecord) => RepoContext,
  concurrency: number,
): Promise<ChangeTarget[]> {
  const runStreams = streams.filter((stream) => readsRuns(stream.name));
  const targets: ChangeTarget[] = [];
  for await (const target of mapConcurrently(repositories, concurrency, async (repo) => {
    const seen = runStreams.map((stream) => seenOf(savedOf(stream, repo)));
    const kept = seen.every((one) => one !== undefined) ? [...new Map(seen.flatMap((one) => one!.workflows).map((workflow) => [workflow.node_id, workflow])).values()] : undefined;
    const workflows = kept ?? (runStreams.length > 0 ? await deployWorkflows(contextOf(repo)) : []);
    return { repo, workflows };
  })) targets.push(target);
  return targets;
}

function repositoryRecord(repo: RepositoryRecord): Record<string, unknown> {
  const { id, name, full_name, default_branch, archived, html_url } = repo;
  return { id, name, full_name, default_branch, archived, html_url };
}
