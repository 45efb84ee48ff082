-- dora.changes from definitions/marts/changes.sqlx, compiled for BigQuery
-- table query
-- whole seconds, null without an end; a negative lead time, review or deploy wait (clocks others set) is
-- kept here, left out of the statistics and counted in data_quality (docs/metrics.md#decision-64)
select
  change_id,
  service,
  team,
  repository,
  pull_number,
  merge_commit_sha,
  status,
  first_commit_at,
  opened_at,
  first_reviewed_at,
  merged_at,
  deployment_id,
  deployed_at,
  TIMESTAMP_DIFF(deployed_at, first_commit_at, SECOND) as lead_time_seconds,
  TIMESTAMP_DIFF(opened_at, first_commit_at, SECOND) as coding_seconds,
  TIMESTAMP_DIFF(first_reviewed_at, opened_at, SECOND) as pickup_seconds,
  TIMESTAMP_DIFF(merged_at, opened_at, SECOND) as review_seconds,
  TIMESTAMP_DIFF(deployed_at, merged_at, SECOND) as deploy_wait_seconds
from `doraform-demo.dora_staging.int_changes`
