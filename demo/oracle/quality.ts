import type { ChangeRow, DataQualityRow, DeploymentRow, IncidentRow, LinkMethod } from "./marts.ts";
import { ratio } from "./statistics.ts";
import { sortByText } from "./order.ts";

export interface QualityCounts {
  danglingReferences: number;
  unmappedIncidents: number;
  negativeRecoveries: number;
  excludedDeployments: number;
  overrideLinks: number;
  notCausedMarks: number;
  excludedPullRequests: number;
  unmatchedCrossReferences: number;
  /** Unmapped PagerDuty incidents by the PagerDuty service they came from. */
  unmappedByPagerDutyService: ReadonlyMap<string, number>;
  /** Repositories without a catalog entry (team unassigned, decision 2). */
  unassignedRepositories: readonly string[];
}

/** The ways an incident's cause is linked (decision 16): every one but rollback, which links no incident. */
const CAUSE_METHODS: LinkMethod[] = ["override", "custom_field", "note", "change_event", "revert", "window"];

/** How many rows have a negative value of one duration. */
function negatives<T>(rows: T[], duration: (row: T) => number | null): number {
  return rows.filter((row) => (duration(row) ?? 0) < 0).length;
}

/** The data_quality checks (decision 33); docs/demo.md's oracle section says what each counts. */
export function dataQuality(deployments: DeploymentRow[], changes: ChangeRow[], incidents: IncidentRow[], counts: QualityCounts): DataQualityRow[] {
  const linked = incidents.filter((incident) => incident.caused_by_deployment_id !== null).length;
  const checks: [string, number | null][] = [
    ["incidents_linked_share", ratio(linked, incidents.length)],
    ["incidents_unmapped", counts.unmappedIncidents],
    ["dangling_references", counts.danglingReferences],
    ["jira_cross_references_unmatched", counts.unmatchedCrossReferences],
    ["deployments_unknown_contents", deployments.filter((deployment) => deployment.is_first_observed).length],
    // the organisation model has no reports from other tools (doraform.deployments): none to count
    ["deployments_reported_twins", 0],
    ["deployments_reported_unknown_service", 0],
    ["changes_pending", changes.filter((change) => change.status === "pending").length],
    ["changes_unknown", changes.filter((change) => change.status === "unknown").length],
    ["negative_recoveries", counts.negativeRecoveries],
    // decision 64: kept in the fact marts, left out of their statistic, counted here
    ["negative_lead_times", negatives(changes, (change) => change.lead_time_seconds)],
    ["negative_review_times", negatives(changes, (change) => change.review_seconds)],
    ["negative_deploy_waits", negatives(changes, (change) => change.deploy_wait_seconds)],
    ["negative_restores", negatives(incidents, (incident) => incident.restore_seconds)],
    ["overrides_excluded_deployments", counts.excludedDeployments],
    ["overrides_incident_links", counts.overrideLinks],
    ["overrides_not_caused_by_change", counts.notCausedMarks],
    ["overrides_excluded_pull_requests", counts.excludedPullRequests],
    // decision 65: what the catalog misses, one row per thing
    ...[...counts.unmappedByPagerDutyService].map(([id, n]): [string, number] => [`incidents_unmapped:pagerduty:${id}`, n]),
    ...counts.unassignedRepositories.map((repository): [string, number] => [
      `unassigned_repository:${repository}`,
      deployments.filter((deployment) => deployment.repository === repository && deployment.result === "success").length,
    ]),
    ...CAUSE_METHODS.map((method): [string, number] => [`incidents_linked:${method}`, incidents.filter((incident) => incident.link_method === method).length]),
  ];
  return sortByText(
    checks.map(([check_name, value]) => ({ check_name, value })),
    (row) => row.check_name,
  );
}
