/**
 * Ids for one repository's slice. Each repository draws from its own block, so ids are unique
 * across the organisation without any state shared between slices (a slice can be made alone).
 */
const BLOCK = 10_000_000;

export class IdBlock {
  private next = 0;
  private incidents = 0;

  constructor(private readonly repositoryIndex: number) {}

  /** A numeric GitHub id (runs, jobs, pull requests, deployments, statuses, workflows). */
  number(): number {
    if (this.next >= BLOCK) throw new Error(`repository ${this.repositoryIndex} needs more than ${BLOCK} ids`);
    return BLOCK * (this.repositoryIndex + 1) + this.next++;
  }

  /** PagerDuty's per-account incident number: small, increasing within the repository's block. */
  incidentNumber(): number {
    return 100_000 * this.repositoryIndex + ++this.incidents;
  }

  /** A PagerDuty-style id: a letter and seven base-36 characters, e.g. "Q0A1B2C3". */
  text(prefix: string): string {
    return prefix + this.number().toString(36).toUpperCase().padStart(7, "0");
  }
}
