import type { Organisation, PullRequest } from "../model/organisation.ts";
import type { ChangeRow } from "./marts.ts";
import { revertedPullRequests } from "./references.ts";
import { appendTo } from "./collections.ts";

/** Lookups over changes and their pull requests, shared by the incident and failure rules. */
export interface ChangeIndex {
  pullRequest(change: ChangeRow): PullRequest | undefined;
  /** Changes a successful deployment shipped. */
  shippedBy(deploymentId: string): ChangeRow[];
  /** The deployed changes (same service) that a change reverts (decision 32). */
  revertedBy(change: ChangeRow): ChangeRow[];
}

export function indexChanges(org: Organisation, changes: ChangeRow[]): ChangeIndex {
  const pulls = new Map<string, PullRequest>();
  for (const repository of org.repositories) {
    for (const pull of repository.pull_requests) pulls.set(`${repository.full_name}#${pull.number}`, pull);
  }
  const shipped = new Map<string, ChangeRow[]>();
  const byPull = new Map<string, ChangeRow>();
  for (const change of changes) {
    if (change.deployment_id !== null) appendTo(shipped, change.deployment_id, change);
    if (change.pull_number !== null) byPull.set(`${change.repository}#${change.pull_number}@${change.service}`, change);
  }
  const pullRequest = (change: ChangeRow) =>
    change.pull_number === null ? undefined : pulls.get(`${change.repository}#${change.pull_number}`);
  return {
    pullRequest,
    shippedBy: (deploymentId) => shipped.get(deploymentId) ?? [],
    revertedBy: (change) =>
      revertedPullRequests(pullRequest(change)?.body ?? "")
        .map((reverted) => byPull.get(`${reverted.repository}#${reverted.number}@${change.service}`))
        .filter((reverted): reverted is ChangeRow => reverted !== undefined && reverted.deployment_id !== null),
  };
}
