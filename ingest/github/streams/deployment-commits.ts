import { mapConcurrently } from "../../protocol/concurrency.ts";
import { compare } from "../compare.ts";
import type { RepoStream } from "../context.ts";
import { historyBackfill, newDeploymentPairs, type HistoryState } from "../deploy-history.ts";

/** What each successful deployment shipped: the comparison with the previous one of its deploy workflow or environment. */
export const deploymentCommits: RepoStream<HistoryState> = {
  name: "deployment_commits",
  primaryKey: [["repository"], ["base_sha"], ["head_sha"]],
  properties: {
    repository: "string", base_sha: "string", head_sha: "string", status: "string", ahead_by: "integer",
    behind_by: "integer", total_commits: "integer", commit_shas: "array",
  },
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
