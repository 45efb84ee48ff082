import type { Organisation } from "../model/organisation.ts";
import { CommitGraph } from "./commit-graph.ts";
import type { BaseDeployment } from "./deployments.ts";
import { compareByTimeThenId } from "./time.ts";
import { appendTo } from "./collections.ts";

/** What each successful deployment shipped (docs/metrics.md, Change and lead time: previous deployment, contains). */
export interface DeploymentContents {
  /** Each service's successful deployments, by finished_at then deployment_id. */
  timeline: Map<string, BaseDeployment[]>;
  /** Commits a successful deployment contains; null for a service's first observed deployment. */
  commits: Map<string, Set<string> | null>;
  /** Per service, each shipped commit's earliest successful deployment containing it. */
  firstShippedBy: Map<string, Map<string, BaseDeployment>>;
}

export function byFinish(a: BaseDeployment, b: BaseDeployment): number {
  return compareByTimeThenId({ at: a.finished_at, id: a.deployment_id }, { at: b.finished_at, id: b.deployment_id });
}

export function buildContents(org: Organisation, deployments: BaseDeployment[]): DeploymentContents {
  const graphs = new Map(org.repositories.map((repository) => [repository.full_name, new CommitGraph(repository)]));
  const timeline = new Map<string, BaseDeployment[]>();
  for (const deployment of deployments) {
    if (deployment.result !== "success") continue;
    appendTo(timeline, deployment.service, deployment);
  }
  const commits = new Map<string, Set<string> | null>();
  const firstShippedBy = new Map<string, Map<string, BaseDeployment>>();
  for (const [service, ordered] of timeline) {
    ordered.sort(byFinish);
    const shipped = new Map<string, BaseDeployment>();
    ordered.forEach((deployment, index) => {
      const previous = index === 0 ? null : ordered[index - 1];
      const graph = graphs.get(deployment.repository) as CommitGraph;
      const contained = previous === null ? null : graph.between(previous.commit_sha, deployment.commit_sha);
      commits.set(deployment.deployment_id, contained);
      for (const sha of contained ?? []) if (!shipped.has(sha)) shipped.set(sha, deployment);
    });
    firstShippedBy.set(service, shipped);
  }
  return { timeline, commits, firstShippedBy };
}
