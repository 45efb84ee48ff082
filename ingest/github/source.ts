import { mergeConcurrently } from "../protocol/concurrency.ts";
import { streamMessages } from "../protocol/generators.ts";
import { backfillConfig, planRange, rangeSummary, readRanged } from "../protocol/landed-range.ts";
import { recordMessage, stateMessage, type AirbyteMessage } from "../protocol/messages.ts";
import { type Source, type StateMap, type StreamFacts, streamFacts } from "../protocol/source.ts";
import { GitHubApi } from "./api.ts";
import { githubSpec, parseGitHubConfig, type GitHubConfig } from "./config.ts";
import type { RepoStream } from "./context.ts";
import { checkAccess, listRepositories, type RepositoryRecord } from "./repositories.ts";
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
  async function* readRepository(repo: RepositoryRecord): AsyncGenerator<AirbyteMessage> {
    const ctx = { api: api.forRepository(), repo, config };
    for (const stream of streams) {
      const perRepo = committed.get(stream.name)!;
      const records = readRanged(plans.get(`${stream.name} ${repo.full_name}`)!, (range, cursor) =>
        stream.read(range ? { ...ctx, config: backfillConfig(config, range) } : ctx, cursor), stream.backfill,
      );
      yield* streamMessages(NAMESPACE, stream.name, records, (next) => {
        perRepo[repo.full_name] = next;
        return { ...perRepo };
      });
    }
  }
  yield* mergeConcurrently(
    repositories.map((repo) => () => readRepository(repo)),
    Math.min(config.concurrency, 4),
  );
}

function repositoryRecord(repo: RepositoryRecord): Record<string, unknown> {
  const { id, name, full_name, default_branch, archived, html_url } = repo;
  return { id, name, full_name, default_branch, archived, html_url };
}
