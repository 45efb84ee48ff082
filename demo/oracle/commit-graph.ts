import type { Repository } from "../model/organisation.ts";

/** A repository's commit DAG, for compare-like questions (METRICS.md, contains; rollback). */
export class CommitGraph {
  private readonly parents = new Map<string, string[]>();

  constructor(repository: Repository) {
    for (const commit of repository.commits) this.parents.set(commit.sha, commit.parents);
  }

  /** Commits reachable from `head` (itself included) that are not reachable from `base`. */
  between(base: string | null, head: string): Set<string> {
    const excluded = base === null ? new Set<string>() : this.reachable(base, new Set());
    return this.reachable(head, excluded);
  }

  /** Whether `ancestor` is reachable from `descendant` and differs from it (compare status `behind`). */
  isStrictAncestor(ancestor: string, descendant: string): boolean {
    return ancestor !== descendant && this.reachable(descendant, new Set()).has(ancestor);
  }

  private reachable(head: string, stop: Set<string>): Set<string> {
    const seen = new Set<string>();
    const queue = [head];
    while (queue.length > 0) {
      const sha = queue.pop() as string;
      if (seen.has(sha) || stop.has(sha)) continue;
      seen.add(sha);
      queue.push(...(this.parents.get(sha) ?? []));
    }
    return seen;
  }
}
