import { formatDuration } from "../../core/duration.ts";
import type { ResourceUsage } from "../http/budget.ts";

const count = (n: number) => n.toLocaleString("en-US");
const unitOf = (resource: string) => (resource === "graphql" ? "GraphQL points" : `${resource} requests`);
const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

/**
 * One line at each tenth of the changed repositories read, and at the last: how far the sync is, what
 * it has spent of GitHub's budget, what is left, and how long the rest takes at this pace (or that the
 * budget will not last, so the sync waits for the reset or stops and goes on next run).
 */
export class RepositoryProgress {
  #done = 0;
  #tenth = 0;
  readonly #started: number;

  constructor(
    readonly total: number,
    readonly usage: () => ResourceUsage[],
    readonly log: (message: string) => void,
    readonly now: () => number = Date.now,
  ) {
    this.#started = now();
  }

  repositoryRead(): void {
    this.#done++;
    const tenth = Math.floor((this.#done * 10) / this.total);
    if (tenth === this.#tenth && this.#done < this.total) return;
    this.#tenth = tenth;
    this.log(progressLine(this.#done, this.total, this.now() - this.#started, this.usage()));
  }
}

export function progressLine(done: number, total: number, elapsedMs: number, usage: ResourceUsage[]): string {
  const parts = [`github: ${count(done)} of ${count(total)} changed repositories read in ${formatDuration(elapsedMs / 1000)}`];
  if (usage.length > 0) {
    parts.push(`spent ${usage.map((u) => `${count(u.spent)} ${unitOf(u.resource)}`).join(" and ")}`);
    parts.push(`left ${usage.map((u) => `${count(u.remaining)} of ${count(u.limit)} ${u.resource} until ${clock(u.resetMs)}`).join(", ")}`);
  }
  if (done < total) {
    parts.push(`about ${formatDuration((elapsedMs / done) * (total - done) / 1000)} to go at this pace`);
    // the rest costs what the repositories so far cost on average
    for (const u of usage) {
      const needed = Math.ceil((u.spent / done) * (total - done));
      if (needed > u.remaining) parts.push(`the rest needs about ${count(needed)} ${unitOf(u.resource)}, more than is left: the sync waits for the reset or stops and goes on next run`);
    }
  }
  return parts.join("; ");
}
