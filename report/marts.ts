/**
 * The mart contract (what the columns mean: docs/metrics.md): every table of dataset `dora`
 * that Looker, the report, the review and the alerts read, with its columns and BigQuery types.
 * The TypeScript row types are derived from this one object, so the reader and the contract
 * cannot drift apart; tests/looker checks it against the compiled Dataform project.
 */

export type ColumnType = "STRING" | "INT64" | "FLOAT64" | "BOOL" | "DATE" | "TIMESTAMP";

/** How both drivers hand values over: dates as "YYYY-MM-DD", timestamps as ISO 8601 UTC strings. */
type TsType<T extends ColumnType> = T extends "STRING" | "DATE" | "TIMESTAMP"
  ? string
  : T extends "BOOL"
    ? boolean
    : number;

/** The weekly measures with their sample sizes (docs/metrics.md, The metrics), shared by every period table. */
const measures = {
  deployments: "INT64",
  deploy_days: "INT64",
  changes_deployed: "INT64",
  lead_time_p50_seconds: "FLOAT64",
  lead_time_p90_seconds: "FLOAT64",
  changes_picked_up: "INT64",
  pickup_p50_seconds: "FLOAT64",
  pickup_p90_seconds: "FLOAT64",
  failed_deployments: "INT64",
  change_failure_rate: "FLOAT64",
  recovered_deployments: "INT64",
  recovery_p50_seconds: "FLOAT64",
  incidents: "INT64",
  restored_incidents: "INT64",
  restore_p50_seconds: "FLOAT64",
  restore_mean_seconds: "FLOAT64",
  rework_deployments: "INT64",
  rework_rate: "FLOAT64",
} as const satisfies Record<string, ColumnType>;

/** A window of complete weeks of one service, team or the organisation (`summary`, `review_windows`). */
const windowColumns = {
  scope: "STRING",
  name: "STRING",
  window_weeks: "INT64",
  window_start: "DATE",
  window_end: "DATE",
} as const satisfies Record<string, ColumnType>;

const summaryColumns = {
  ...windowColumns,
  report_year: "INT64",
  ...measures,
  deploy_days_per_week: "FLOAT64",
  deployment_frequency_level: "STRING",
  lead_time_level: "STRING",
  change_failure_rate_level: "STRING",
  recovery_level: "STRING",
} as const satisfies Record<string, ColumnType>;

export const MARTS = {
  deployments: {
    deployment_id: "STRING",
    service: "STRING",
    team: "STRING",
    repository: "STRING",
    environment: "STRING",
    source: "STRING",
    branch: "STRING",
    commit_sha: "STRING",
    started_at: "TIMESTAMP",
    finished_at: "TIMESTAMP",
    result: "STRING",
    is_first_observed: "BOOL",
    changes: "INT64",
    caused_failure: "BOOL",
    failure_link_method: "STRING",
    is_rework: "BOOL",
    url: "STRING",
    recovered_at: "TIMESTAMP",
    recovery_seconds: "INT64",
  },
  changes: {
    change_id: "STRING",
    service: "STRING",
    team: "STRING",
    repository: "STRING",
    pull_number: "INT64",
    merge_commit_sha: "STRING",
    status: "STRING",
    first_commit_at: "TIMESTAMP",
    opened_at: "TIMESTAMP",
    first_reviewed_at: "TIMESTAMP",
    merged_at: "TIMESTAMP",
    deployment_id: "STRING",
    deployed_at: "TIMESTAMP",
    lead_time_seconds: "INT64",
    coding_seconds: "INT64",
    pickup_seconds: "INT64",
    review_seconds: "INT64",
    deploy_wait_seconds: "INT64",
  },
  incidents: {
    incident_id: "STRING",
    source: "STRING",
    service: "STRING",
    team: "STRING",
    title: "STRING",
    urgency: "STRING",
    started_at: "TIMESTAMP",
    resolved_at: "TIMESTAMP",
    restore_seconds: "INT64",
    caused_by_deployment_id: "STRING",
    link_method: "STRING",
    resolved_by_deployment_id: "STRING",
    recovery_seconds: "INT64",
  },
  service_weekly: { week_start: "DATE", is_complete: "BOOL", service: "STRING", team: "STRING", ...measures },
  team_weekly: { week_start: "DATE", is_complete: "BOOL", team: "STRING", ...measures },
  org_weekly: { week_start: "DATE", is_complete: "BOOL", ...measures },
  service_quarterly: { quarter_start: "DATE", is_complete: "BOOL", service: "STRING", team: "STRING", ...measures },
  team_quarterly: { quarter_start: "DATE", is_complete: "BOOL", team: "STRING", ...measures },
  org_quarterly: { quarter_start: "DATE", is_complete: "BOOL", ...measures },
  summary: summaryColumns,
  summary_snapshots: { snapshot_date: "DATE", ...summaryColumns },
  /** The weekly review's baselines: the 4 and 13 complete weeks before the latest complete week. */
  review_windows: { ...windowColumns, ...measures, deploy_days_per_week: "FLOAT64" },
  /** One row: the clock and knobs the marts were built with. */
  report_settings: { as_of: "DATE", report_year: "INT64", min_sample: "INT64", min_link_coverage: "FLOAT64" },
  /** One row of includes/benchmarks.js per (report_year, metric, level); its header documents the columns. */
  benchmarks: {
    report_year: "INT64",
    metric: "STRING",
    level: "STRING",
    rank: "INT64",
    lower_bound: "FLOAT64",
    upper_bound: "FLOAT64",
    unit: "STRING",
    measure: "STRING",
    sample_column: "STRING",
    source: "STRING",
  },
  data_quality: {
    check_name: "STRING",
    value: "FLOAT64",
  },
  /** One row per quarterly target of doraform.yaml in a quarter the quarterly marts hold, with its verdict (for Looker). */
  quarterly_targets: {
    quarter_start: "DATE",
    is_complete: "BOOL",
    scope: "STRING",
    name: "STRING",
    metric: "STRING",
    better: "STRING",
    target: "FLOAT64",
    value: "FLOAT64",
    sample_size: "INT64",
    status: "STRING",
  },
} as const satisfies Record<string, Record<string, ColumnType>>;

export type MartName = keyof typeof MARTS;

/**
 * Marts for Looker alone: the report, the review and the alerts compute the same from the other
 * marts, so a warehouse built before these existed still opens.
 */
export const LOOKER_ONLY_MARTS: readonly MartName[] = ["quarterly_targets"];

type Row<T extends Record<string, ColumnType>> = { [K in keyof T]: TsType<T[K]> | null };

/** The kysely database interface of dataset `dora`. */
export type Marts = { [M in MartName]: Row<(typeof MARTS)[M]> };

export type Measures = Row<typeof measures>;
export type DeploymentRow = Marts["deployments"];
export type ChangeRow = Marts["changes"];
export type IncidentRow = Marts["incidents"];
export type SummaryRow = Marts["summary"];
export type ReviewWindowRow = Marts["review_windows"];
export type BenchmarkRow = Marts["benchmarks"];

/** Columns of a mart, in contract order. */
export function martColumns(mart: MartName): string[] {
  return Object.keys(MARTS[mart]);
}

/** A table this tool writes itself, beside the marts (not Dataform's): alerts already posted. */
export interface AlertsSentTable {
  week_start: string;
  rule: string;
  scope: string;
  name: string;
  sent_at: string;
}

/** A table this tool writes itself: reviews already posted, one row per (review, period_start). */
export interface ReviewsSentTable {
  /** weekly or quarterly */
  review: string;
  /** The week's Monday, or the quarter's first day. */
  period_start: string;
  sent_at: string;
}

/** Everything the reader addresses in dataset `dora`. */
export type DoraDataset = Marts & { alerts_sent: AlertsSentTable; reviews_sent: ReviewsSentTable };
