-- dora.review_windows from definitions/marts/review_windows.sqlx, compiled for BigQuery
-- table query
-- the 4 and 13 complete weeks before the latest complete week, the week the review reports
-- (docs/metrics.md#decision-60)
select
  scope,
  name,
  window_weeks,
  window_start,
  window_end,
  deployments,
  deploy_days,
  changes_deployed,
  lead_time_p50_seconds,
  lead_time_p90_seconds,
  changes_picked_up,
  pickup_p50_seconds,
  pickup_p90_seconds,
  failed_deployments,
  change_failure_rate,
  recovered_deployments,
  recovery_p50_seconds,
  incidents,
  restored_incidents,
  restore_p50_seconds,
  restore_mean_seconds,
  rework_deployments,
  rework_rate,
  deploy_days_per_week
from `doraform-demo.dora_staging.int_window_measures`
where window_end = DATE_ADD(DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL -7 DAY)
