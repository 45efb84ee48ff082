import type { Service } from "./model/organisation.ts";

/** How much of a true catalog a discovered one recovers, each share over the true services. */
export interface Recovery {
  services: number;
  /** Recovered: same repository and path prefixes. */
  recovered: number;
  /** Of the true services, recovered with the same team / deploy workflows and job / PagerDuty services / Jira components. */
  teams: number;
  deployWorkflows: number;
  pagerduty: number;
  jiraComponents: number;
  /** Discovered services that are no true one. */
  extra: number;
}

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && a.every((x) => b.includes(x));
const keyOf = (s: Service) => `${s.repository} ${[...(s.path_prefixes ?? [])].sort().join(",")}`;

/** Scores `discovered` against `truth` (`doraform demo expected`'s catalog rows): services matched by repository and path prefixes. */
export function catalogRecovery(truth: Service[], discovered: Service[]): Recovery {
  const found = new Map(discovered.map((s) => [keyOf(s), s]));
  const pairs = truth.map((t) => [t, found.get(keyOf(t))] as const).filter((pair): pair is readonly [Service, Service] => pair[1] !== undefined);
  const count = (same: (t: Service, d: Service) => boolean) => pairs.filter(([t, d]) => same(t, d)).length;
  const truthKeys = new Set(truth.map(keyOf));
  return {
    services: truth.length,
    recovered: pairs.length,
    teams: count((t, d) => t.team === d.team),
    deployWorkflows: count((t, d) => sameSet(t.deploy_workflows, d.deploy_workflows) && t.deploy_job === d.deploy_job),
    pagerduty: count((t, d) => sameSet(t.pagerduty_service_ids, d.pagerduty_service_ids)),
    jiraComponents: count((t, d) => sameSet(t.jira_components, d.jira_components)),
    extra: discovered.filter((d) => !truthKeys.has(keyOf(d))).length,
  };
}
