/**
 * Rows of the marts (the mart contract, report/marts.ts) with their exact column names: timestamps
 * "YYYY-MM-DDTHH:MM:SSZ", dates "YYYY-MM-DD", durations whole seconds, nulls as null.
 */

export type LinkMethod = "override" | "custom_field" | "note" | "change_event" | "revert" | "rollback" | "window";

export interface DeploymentRow {
  deployment_id: string;
  service: string;
  team: string;
  repository: string;
  environment: string;
  source: "github_actions" | "github_deployments";
  branch: string;
  commit_sha: string;
  started_at: string;
  finished_at: string;
  result: string;
  is_first_observed: boolean;
  changes: number;
  caused_failure: boolean;
  failure_link_method: LinkMethod | null;
  is_rework: boolean;
  url: string | null;
  recovered_at: string | null;
  recovery_seconds: number | null;
}

export interface ChangeRow {
  change_id: string;
  service: string;
  team: string;
  repository: string;
  pull_number: number | null;
  merge_commit_sha: string;
  status: "deployed" | "pending" | "unknown";
  first_commit_at: string;
  opened_at: string | null;
  first_reviewed_at: string | null;
  merged_at: string;
  deployment_id: string | null;
  deployed_at: string | null;
  lead_time_seconds: number | null;
  coding_seconds: number | null;
  pickup_seconds: number | null;
  review_seconds: number | null;
  deploy_wait_seconds: number | null;
}

export interface IncidentRow {
  incident_id: string;
  source: "pagerduty" | "jira";
  service: string;
  team: string;
  title: string;
  urgency: string;
  started_at: string;
  resolved_at: string | null;
  restore_seconds: number | null;
  caused_by_deployment_id: string | null;
  link_method: LinkMethod | null;
  resolved_by_deployment_id: string | null;
  recovery_seconds: number | null;
}

/** The measures every weekly, quarterly and summary row carries. */
export interface Measures {
  deployments: number;
  deploy_days: number;
  changes_deployed: number;
  lead_time_p50_seconds: number | null;
  lead_time_p90_seconds: number | null;
  changes_picked_up: number;
  pickup_p50_seconds: number | null;
  pickup_p90_seconds: number | null;
  failed_deployments: number;
  change_failure_rate: number | null;
  recovered_deployments: number;
  recovery_p50_seconds: number | null;
  incidents: number;
  restored_incidents: number;
  restore_p50_seconds: number | null;
  restore_mean_seconds: number | null;
  rework_deployments: number;
  rework_rate: number | null;
}

export type ServiceWeeklyRow = { week_start: string; is_complete: boolean; service: string; team: string } & Measures;
export type TeamWeeklyRow = { week_start: string; is_complete: boolean; team: string } & Measures;
export type OrgWeeklyRow = { week_start: string; is_complete: boolean } & Measures;
export type ServiceQuarterlyRow = { quarter_start: string; is_complete: boolean; service: string; team: string } & Measures;
export type TeamQuarterlyRow = { quarter_start: string; is_complete: boolean; team: string } & Measures;
export type OrgQuarterlyRow = { quarter_start: string; is_complete: boolean } & Measures;

export type Level = "elite" | "high" | "medium" | "low";

export type SummaryRow = {
  scope: "service" | "team" | "organisation";
  name: string;
  window_weeks: number;
  window_start: string;
  window_end: string;
  report_year: number;
} & Measures & {
  deploy_days_per_week: number;
  deployment_frequency_level: Level | null;
  lead_time_level: Level | null;
  change_failure_rate_level: Level | null;
  recovery_level: Level | null;
};

/** The weekly review's baselines: the 4 and 13 complete weeks before the latest complete week. */
export type ReviewWindowRow = {
  scope: "service" | "team" | "organisation";
  name: string;
  window_weeks: number;
  window_start: string;
  window_end: string;
} & Measures & { deploy_days_per_week: number };

/** The clock and knobs the marts were computed with. */
export interface ReportSettingsRow {
  as_of: string;
  report_year: number;
  min_sample: number;
  min_link_coverage: number;
}

/** One row of includes/benchmarks.js (its header documents the columns). */
export interface BenchmarkRow {
  report_year: number;
  metric: string;
  level: Level;
  rank: number;
  lower_bound: number | null;
  upper_bound: number | null;
  unit: string;
  measure: string;
  sample_column: string;
  source: string;
}

export interface DataQualityRow {
  check_name: string;
  value: number | null;
}

export interface ExpectedMarts {
  deployments: DeploymentRow[];
  changes: ChangeRow[];
  incidents: IncidentRow[];
  service_weekly: ServiceWeeklyRow[];
  team_weekly: TeamWeeklyRow[];
  org_weekly: OrgWeeklyRow[];
  service_quarterly: ServiceQuarterlyRow[];
  team_quarterly: TeamQuarterlyRow[];
  org_quarterly: OrgQuarterlyRow[];
  summary: SummaryRow[];
  review_windows: ReviewWindowRow[];
  report_settings: ReportSettingsRow[];
  benchmarks: BenchmarkRow[];
  data_quality: DataQualityRow[];
}
