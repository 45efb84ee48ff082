import { streamFacts } from "../../protocol/source.ts";
import { mapConcurrently } from "../../protocol/concurrency.ts";
import { deploymentContents, graphOf, keptOf, readHistory, shareStart, startsOf } from "../commit-graph.ts";
import type { RepoStream } from "../context.ts";
import { historyAsks, historyBackfill, newDeploymentPairs, type HistoryState } from "../deploy-history.ts";
import deploymentCommitsSchema from "../../../includes/raw_streams/github/deployment_commits.json" with { type: "json" };

/**
 * What each successful deployment shipped: the comparison with the previous one of its deploy workflow
 * or environment, answered from the kept commit graph, or by compare where the graph cannot answer.
 */
export const deploymentCommits: RepoStream<HistoryState> = {
  ...streamFacts(deploymentCommitsSchema),
  backfill: historyBackfill,
  // the read ahead of `commits`' pull requests walks the graph this read starts from (../commit-graph.ts)
  asks: (ctx, state) => {
    shareStart(ctx, state?.graph);
    return historyAsks(ctx, state);
  },
  async *read(ctx, state) {
    const { pairs, next } = await newDeploymentPairs(ctx, state);
    shareStart(ctx, state?.graph);
    const graph = graphOf(state?.graph);
    await readHistory(ctx, graph, startsOf(pairs));
    for await (const { pair, contents } of mapConcurrently(pairs, ctx.config.concurrency, async (pair) => ({
      pair,
      contents: await deploymentContents(ctx, graph, pair),
    }))) {
      yield {
        repository: ctx.repo.full_name,
        base_sha: pair.base,
        head_sha: pair.head,
        status: contents.status,
        ahead_by: contents.ahead_by,
        behind_by: contents.behind_by,
        total_commits: contents.total_commits,
        commit_shas: contents.shas,
      };
    }
    return { ...next, graph: keptOf(graph) };
  },
};
