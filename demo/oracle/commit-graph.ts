import type { Repository } from "../model/organisation.ts";

const FROM_HEAD = 1;
const FROM_BASE = 2;

/** A repository's commit DAG, for compare-like questions (docs/metrics.md, Change and lead time: contains). */
export class CommitGraph {
  private readonly parents = new Map<string, string[]>();
  /** 1 + the longest path to a root: a parent's generation is always below its children's. */
  private readonly generation = new Map<string, number>();

  constructor(repository: Repository) {
    for (const commit of repository.commits) this.parents.set(commit.sha, commit.parents);
    for (const commit of repository.commits) this.generationOf(commit.sha);
  }

  /**
   * Commits reachable from `head` (itself included) that are not reachable from `base`, as
   * GitHub's compare `base...head` lists them. Walks both histories newest generation first and
   * stops once every commit left to visit is reachable from `base`, so a deployment costs in
   * proportion to what it shipped rather than to the repository's history.
   */
  between(base: string | null, head: string): Set<string> {
    const result = new Set<string>();
    const flags = new Map<string, number>([[head, FROM_HEAD]]);
    const frontier = [head];
    if (base !== null) {
      flags.set(base, (flags.get(base) ?? 0) | FROM_BASE);
      if (base !== head) frontier.push(base);
    }
    while (frontier.some((sha) => flags.get(sha) === FROM_HEAD)) {
      frontier.sort((a, b) => this.generationOf(a) - this.generationOf(b));
      const sha = frontier.pop() as string;
      const flag = flags.get(sha) as number;
      // every child has a higher generation and was visited already, so the flag is final
      if (flag === FROM_HEAD) result.add(sha);
      for (const parent of this.parents.get(sha) ?? []) {
        const before = flags.get(parent) ?? 0;
        if ((before | flag) === before) continue;
        flags.set(parent, before | flag);
        if (before === 0) frontier.push(parent);
      }
    }
    return result;
  }

  private generationOf(sha: string): number {
    const known = this.generation.get(sha);
    if (known !== undefined) return known;
    // iterative, so long histories do not overflow the stack
    const stack = [sha];
    while (stack.length > 0) {
      const current = stack[stack.length - 1];
      const parents = (this.parents.get(current) ?? []).filter((parent) => this.parents.has(parent));
      const missing = parents.filter((parent) => !this.generation.has(parent));
      if (missing.length > 0) {
        stack.push(...missing);
        continue;
      }
      stack.pop();
      this.generation.set(current, 1 + Math.max(0, ...parents.map((parent) => this.generation.get(parent) as number)));
    }
    return this.generation.get(sha) as number;
  }
}
