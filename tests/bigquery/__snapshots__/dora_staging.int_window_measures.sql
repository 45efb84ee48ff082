-- dora_staging.int_window_measures from definitions/intermediate/int_window_measures.sqlx, compiled for BigQuery
-- table query
with window_ends as (
  -- summary's windows end at the week containing as_of (docs/metrics.md#decision-20); the weekly
  -- review's at the latest complete week, which it compares with the weeks before (docs/metrics.md#decision-60)
  select DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK) as window_end
  union all
  select DATE_ADD(DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL -7 DAY)
),

windows as (
  select window_end, 4 as window_weeks, DATE_ADD(window_end, INTERVAL -28 DAY) as window_start
  from window_ends
  union all
  select window_end, 13, DATE_ADD(window_end, INTERVAL -91 DAY)
  from window_ends
),

members as (
  -- every service and team with weekly rows, and the organisation (docs/metrics.md#decision-29)
  select distinct 'service' as scope, service as name from `doraform-demo.dora.service_weekly`
  union all
  select distinct 'team', team from `doraform-demo.dora.team_weekly`
  union all
  select 'organisation', 'all'
),

scoped_facts as (
  -- each fact counts for its service, its team and the organisation
  select 'service' as scope, service as name, facts.* from `doraform-demo.dora_staging.int_facts_bucketed` as facts
  union all
  select 'team', team, facts.* from `doraform-demo.dora_staging.int_facts_bucketed` as facts
  union all
  select 'organisation', 'all', facts.* from `doraform-demo.dora_staging.int_facts_bucketed` as facts
),

measured as (
  -- a window is whole weeks, so a fact is in it when its week is (docs/metrics.md#decision-8)
  select
    windows.window_end,
    members.scope,
    members.name,
    windows.window_weeks,
    windows.window_start,
    count(deployment_id) as deployments,
    count(distinct deploy_date) as deploy_days,
    count(change_id) as changes_deployed,
    (ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))]) * ((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1)) - FLOOR((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))))) as lead_time_p50_seconds,
    (ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))]) * ((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1)) - FLOOR((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))))) as lead_time_p90_seconds,
    coalesce(countif(pickup_seconds >= 0), 0) as changes_picked_up,
    (ARRAY_AGG(if(pickup_seconds >= 0, pickup_seconds, null) IGNORE NULLS ORDER BY if(pickup_seconds >= 0, pickup_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(pickup_seconds >= 0, pickup_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(pickup_seconds >= 0, pickup_seconds, null) IGNORE NULLS ORDER BY if(pickup_seconds >= 0, pickup_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.5 * (COUNT(if(pickup_seconds >= 0, pickup_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(pickup_seconds >= 0, pickup_seconds, null) IGNORE NULLS ORDER BY if(pickup_seconds >= 0, pickup_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(pickup_seconds >= 0, pickup_seconds, null)) - 1))) AS INT64))]) * ((0.5 * (COUNT(if(pickup_seconds >= 0, pickup_seconds, null)) - 1)) - FLOOR((0.5 * (COUNT(if(pickup_seconds >= 0, pickup_seconds, null)) - 1))))) as pickup_p50_seconds,
    (ARRAY_AGG(if(pickup_seconds >= 0, pickup_seconds, null) IGNORE NULLS ORDER BY if(pickup_seconds >= 0, pickup_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.9 * (COUNT(if(pickup_seconds >= 0, pickup_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(pickup_seconds >= 0, pickup_seconds, null) IGNORE NULLS ORDER BY if(pickup_seconds >= 0, pickup_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.9 * (COUNT(if(pickup_seconds >= 0, pickup_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(pickup_seconds >= 0, pickup_seconds, null) IGNORE NULLS ORDER BY if(pickup_seconds >= 0, pickup_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.9 * (COUNT(if(pickup_seconds >= 0, pickup_seconds, null)) - 1))) AS INT64))]) * ((0.9 * (COUNT(if(pickup_seconds >= 0, pickup_seconds, null)) - 1)) - FLOOR((0.9 * (COUNT(if(pickup_seconds >= 0, pickup_seconds, null)) - 1))))) as pickup_p90_seconds,
    coalesce(countif(caused_failure), 0) as failed_deployments,
    SAFE_DIVIDE(coalesce(countif(caused_failure), 0), count(deployment_id)) as change_failure_rate,
    coalesce(countif(caused_failure and recovery_seconds >= 0), 0) as recovered_deployments,
    (ARRAY_AGG(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null) IGNORE NULLS ORDER BY if(caused_failure and recovery_seconds >= 0, recovery_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null) IGNORE NULLS ORDER BY if(caused_failure and recovery_seconds >= 0, recovery_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null) IGNORE NULLS ORDER BY if(caused_failure and recovery_seconds >= 0, recovery_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1))) AS INT64))]) * ((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1)) - FLOOR((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1))))) as recovery_p50_seconds,
    count(incident_id) as incidents,
    coalesce(countif(resolved_at is not null), 0) as restored_incidents,
    (ARRAY_AGG(if(restore_seconds >= 0, restore_seconds, null) IGNORE NULLS ORDER BY if(restore_seconds >= 0, restore_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(restore_seconds >= 0, restore_seconds, null) IGNORE NULLS ORDER BY if(restore_seconds >= 0, restore_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(restore_seconds >= 0, restore_seconds, null) IGNORE NULLS ORDER BY if(restore_seconds >= 0, restore_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1))) AS INT64))]) * ((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1)) - FLOOR((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1))))) as restore_p50_seconds,
    avg(if(restore_seconds >= 0, restore_seconds, null)) as restore_mean_seconds,
    coalesce(countif(is_rework), 0) as rework_deployments,
    SAFE_DIVIDE(coalesce(countif(is_rework), 0), count(deployment_id)) as rework_rate
  from members
  cross join windows
  left join scoped_facts
    on scoped_facts.scope = members.scope
    and scoped_facts.name = members.name
    and scoped_facts.week_start >= windows.window_start
    and scoped_facts.week_start < windows.window_end
  group by windows.window_end, members.scope, members.name, windows.window_weeks, windows.window_start
)

select
  measured.*,
  deploy_days / window_weeks as deploy_days_per_week
from measured
