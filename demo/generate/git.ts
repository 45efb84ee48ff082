import type { Commit } from "../model/organisation.ts";
import { iso } from "./clock.ts";
import type { Random } from "./random.ts";

export interface NewCommit {
  parents: string[];
  message: string;
  author: string | null;
  authoredAt: number;
  committedAt: number;
  files: string[];
  pulls: number[];
}

/**
 * One repository's commit graph as it grows: commits are appended parents first, branch heads
 * move forward, and the default branch remembers its head over time so a pull request can branch
 * off the commit that was current when its work started.
 */
export class GitHistory {
  readonly commits: Commit[] = [];
  private readonly heads = new Map<string, string>();
  private readonly mainTimeline: Array<{ at: number; sha: string }> = [];

  constructor(
    private readonly random: Random,
    readonly defaultBranch: string,
  ) {}

  commit(spec: NewCommit): Commit {
    const commit: Commit = {
      sha: this.random.sha(),
      parents: spec.parents,
      message: spec.message,
      author_login: spec.author,
      author_date: iso(spec.authoredAt),
      committer_date: iso(spec.committedAt),
      files: spec.files,
      pull_numbers: spec.pulls,
    };
    this.commits.push(commit);
    return commit;
  }

  /** A chain of commits on top of `base`, one per entry; returns their shas, oldest first. */
  chain(base: string, specs: Array<Omit<NewCommit, "parents">>): string[] {
    const shas: string[] = [];
    let parent = base;
    for (const spec of specs) {
      parent = this.commit({ ...spec, parents: [parent] }).sha;
      shas.push(parent);
    }
    return shas;
  }

  head(branch: string): string {
    const sha = this.heads.get(branch);
    if (sha === undefined) throw new Error(`no branch ${branch}`);
    return sha;
  }

  hasBranch(branch: string): boolean {
    return this.heads.has(branch);
  }

  /** Points `branch` at `sha` (creating it); the default branch records when. */
  setHead(branch: string, sha: string, at: number): void {
    this.heads.set(branch, sha);
    if (branch === this.defaultBranch) this.mainTimeline.push({ at, sha });
  }

  deleteBranch(branch: string): void {
    this.heads.delete(branch);
  }

  /** The default branch's head at time t (its first commit for earlier times). */
  mainHeadAt(t: number): string {
    const timeline = this.mainTimeline;
    let low = 0;
    let high = timeline.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (timeline[mid].at <= t) low = mid;
      else high = mid - 1;
    }
    return timeline[low].sha;
  }

  /** When the default branch last moved (its latest commit time). */
  lastMainMove(): number {
    return this.mainTimeline[this.mainTimeline.length - 1].at;
  }

  branchHeads(): Array<{ name: string; head_sha: string }> {
    return [...this.heads].map(([name, head_sha]) => ({ name, head_sha }));
  }
}
