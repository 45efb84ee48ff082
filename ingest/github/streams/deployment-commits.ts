import { streamFacts } from "../../protocol/source.ts";
import { mapConcurrently } from "../../protocol/concurrency.ts";
import { compare } from "../compare.ts";
import type { RepoStream } from "../context.ts";
import { historyBackfill, newDeploymentPairs, type HistoryState } from "../deploy-history.ts";
import deploymentCommitsSchema from "../../../includes/raw_streams/github/deployment_commits.json" with { type: "json" };

/** What each successful deployment shipped: the comparison with the previous one of its deploy workflow or environment. */
export const deploymentCommits: RepoStream<HistoryState> = {
  ...streamFacts(deploymentCommitsSchema),
  backfill: historyBackfill,
  async *read(ctx, state) {
    const { pairs, next } = await newDeploymentPairs(ctx, state);
    for await (const { pair, comparison } of mapConcurrently(pairs, ctx.config.concurrency, async (pair) => ({
      pair,
      comparison: await compare(ctx, pair.base, pair.head),
    }))) {
      yield {
        repository: ctx.repo.full_name,
        base_sha: pair.base,
        head_sha: pair.head,
        status: comparison.status,
        ahead_by: comparison.ahead_by,
        behind_by: comparison.behind_by,
        total_commits: comparison.total_commits,
        commit_shas: comparison.commits.map((commit) => commit.sha),
      };
    }
    return next;
  },
};
