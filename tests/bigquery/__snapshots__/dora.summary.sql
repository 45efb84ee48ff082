-- dora.summary from definitions/marts/summary.sqlx, compiled for BigQuery
-- table query
with windows as (
  -- the 4 and 13 complete weeks before the week containing as_of (docs/metrics.md#decision-20)
  select *
  from `doraform-demo.dora_staging.int_window_measures`
  where window_end = DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK)
),

unpivoted as (
  -- one row per (window, benchmarked metric): the value judged and its sample (docs/metrics.md#decision-21)
  select scope, name, window_weeks, 'deployment_frequency' as metric,
    cast(deploy_days_per_week as FLOAT64) as value, deployments as sample from windows
  union all
  select scope, name, window_weeks, 'change_lead_time' as metric,
    cast(lead_time_p50_seconds as FLOAT64) as value, changes_deployed as sample from windows
  union all
  select scope, name, window_weeks, 'change_failure_rate' as metric,
    cast(change_failure_rate as FLOAT64) as value, deployments as sample from windows
  union all
  select scope, name, window_weeks, 'failed_deployment_recovery_time' as metric,
    cast(recovery_p50_seconds as FLOAT64) as value, recovered_deployments as sample from windows
),

met as (
  -- the best level whose bounds the 13-week value meets, given the minimum sample
  -- (docs/metrics.md#decision-21, docs/metrics.md#decision-30)
  select unpivoted.scope, unpivoted.name, unpivoted.window_weeks, unpivoted.metric, min(bounds.rank) as rank
  from unpivoted
  join `doraform-demo.dora.benchmarks` as bounds on bounds.metric = unpivoted.metric and bounds.report_year = 2024
  where unpivoted.window_weeks = 13
    and unpivoted.value is not null
    and unpivoted.sample >= 5
    and (bounds.lower_bound is null or unpivoted.value >= bounds.lower_bound)
    and (bounds.upper_bound is null or unpivoted.value <= bounds.upper_bound)
  group by unpivoted.scope, unpivoted.name, unpivoted.window_weeks, unpivoted.metric
),

levels as (
  select met.scope, met.name, met.window_weeks, met.metric, bounds.level
  from met
  join `doraform-demo.dora.benchmarks` as bounds
    on bounds.metric = met.metric and bounds.report_year = 2024 and bounds.rank = met.rank
),

level_columns as (
  select
    scope,
    name,
    window_weeks,
    max(case when metric in ('deployment_frequency') then level end) as deployment_frequency_level,
    max(case when metric in ('change_lead_time') then level end) as lead_time_level,
    max(case when metric in ('change_failure_rate') then level end) as change_failure_rate_level,
    max(case when metric in ('failed_deployment_recovery_time', 'time_to_restore') then level end) as recovery_level
  from levels
  group by scope, name, window_weeks
)

select
  windows.scope,
  windows.name,
  windows.window_weeks,
  windows.window_start,
  windows.window_end,
  2024 as report_year,
  windows.deployments,
  windows.deploy_days,
  windows.changes_deployed,
  windows.lead_time_p50_seconds,
  windows.lead_time_p90_seconds,
  windows.changes_picked_up,
  windows.pickup_p50_seconds,
  windows.pickup_p90_seconds,
  windows.failed_deployments,
  windows.change_failure_rate,
  windows.recovered_deployments,
  windows.recovery_p50_seconds,
  windows.incidents,
  windows.restored_incidents,
  windows.restore_p50_seconds,
  windows.restore_mean_seconds,
  windows.rework_deployments,
  windows.rework_rate,
  windows.deploy_days_per_week,
  level_columns.deployment_frequency_level,
  level_columns.lead_time_level,
  level_columns.change_failure_rate_level,
  level_columns.recovery_level
from windows
left join level_columns using (scope, name, window_weeks)
