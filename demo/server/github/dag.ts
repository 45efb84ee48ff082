import type { Commit } from "../../model/organisation.ts";
import type { RepoIndex } from "./store.ts";

/** Every commit reachable from `sha` through parents, itself included. */
export function ancestors(index: RepoIndex, sha: string): Set<string> {
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    const commit = index.commitBySha.get(next);
    if (!commit) continue;
    seen.add(next);
    stack.push(...commit.parents);
  }
  return seen;
}

export interface Comparison {
  status: "ahead" | "behind" | "diverged" | "identical";
  aheadBy: number;
  behindBy: number;
  /** Commits reachable from head but not from base, oldest first. */
  commits: Commit[];
  /** The newest common ancestor. */
  mergeBase: Commit | undefined;
}

/** `base...head` as git computes it: what head has that base lacks, and the other way round. */
export function compareCommits(index: RepoIndex, base: Commit, head: Commit): Comparison {
  const fromBase = ancestors(index, base.sha);
  const fromHead = ancestors(index, head.sha);
  const byPosition = (a: string, b: string) => index.position.get(a)! - index.position.get(b)!;
  const ahead = [...fromHead].filter((sha) => !fromBase.has(sha)).sort(byPosition);
  const behindBy = [...fromBase].filter((sha) => !fromHead.has(sha)).length;
  const common = [...fromHead].filter((sha) => fromBase.has(sha)).sort(byPosition);
  const aheadBy = ahead.length;
  const status = aheadBy === 0 && behindBy === 0 ? "identical" : behindBy === 0 ? "ahead" : aheadBy === 0 ? "behind" : "diverged";
  return {
    status,
    aheadBy,
    behindBy,
    commits: ahead.map((sha) => index.commitBySha.get(sha)!),
    mergeBase: common.length > 0 ? index.commitBySha.get(common.at(-1)!) : undefined,
  };
}
