import { mapConcurrently } from "../../protocol/concurrency.ts";
import { compare, type CompareCommit } from "../compare.ts";
import type { RepoContext, RepoStream } from "../context.ts";
import { newDeploymentPairs, type HistoryState } from "../deploy-history.ts";

/**
 * Every commit a deployment shipped, with the pull requests GitHub associates with it, and its files
 * when it has none (a direct push is a change of its own). Author names and emails are never read out.
 */
export const commits: RepoStream<HistoryState> = {
  name: "commits",
  primaryKey: [["repository"], ["sha"]],
  properties: {
    repository: "string", sha: "string", parents: "array", message: "string", author_login: "string",
    author_date: "string", committer_date: "string", pull_numbers: "array", files: "array",
  },
  async *read(ctx, state) {
    const { pairs, next } = await newDeploymentPairs(ctx, state);
    const seen = new Set<string>();
    const shipped: CompareCommit[] = [];
    for await (const comparison of mapConcurrently(pairs, ctx.config.concurrency, (pair) => compare(ctx, pair.base, pair.head))) {
      for (const commit of comparison.commits) {
        if (!seen.has(commit.sha)) shipped.push(commit);
        seen.add(commit.sha);
      }
    }
    yield* mapConcurrently(shipped, ctx.config.concurrency, (commit) => toRecord(ctx, commit));
    return next;
  },
};

async function toRecord(ctx: RepoContext, commit: CompareCommit): Promise<Record<string, unknown>> {
  const path = `/repos/${ctx.repo.full_name}/commits/${commit.sha}`;
  const pullNumbers: number[] = [];
  for await (const pull of ctx.api.list(`${path}/pulls`, {}, (page: Array<{ number: number }>) => page)) pullNumbers.push(pull.number);
  return {
    repository: ctx.repo.full_name,
    sha: commit.sha,
    parents: commit.parents.map((parent) => parent.sha),
    message: commit.commit.message,
    author_login: commit.author?.login ?? null,
    author_date: commit.commit.author?.date ?? null,
    committer_date: commit.commit.committer?.date ?? null,
    pull_numbers: pullNumbers,
    // a commit of a pull request takes the pull request's files; only a direct push needs its own
    files: pullNumbers.length > 0 ? null : await commitFiles(ctx, path),
  };
}

async function commitFiles({ api }: RepoContext, path: string): Promise<string[]> {
  const files: string[] = [];
  for await (const page of api.pages(await api.get<{ files?: Array<{ filename: string }> }>(path))) {
    files.push(...(page.files ?? []).map((file) => file.filename));
  }
  return files;
}
