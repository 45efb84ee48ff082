-- dora.summary from definitions/marts/summary.sqlx, compiled for BigQuery
-- table query
with 
deployment_facts as (
  select service, team, finished_at as period_at, date(finished_at) as day, caused_failure, is_rework, recovery_seconds
  from `doraform-demo.dora.deployments`
  where result = 'success'
),

change_facts as (
  select service, team, deployed_at as period_at, lead_time_seconds
  from `doraform-demo.dora.changes`
  where deployed_at is not null
),

incident_facts as (
  select service, team, started_at as period_at, resolved_at, restore_seconds
  from `doraform-demo.dora.incidents`
),

windows as (
  select 4 as window_weeks, DATE_ADD(DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL -28 DAY) as window_start, DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK) as window_end
  union all
  select 13, DATE_ADD(DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL -91 DAY), DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK)
),

members as (
  select distinct 'service' as scope, service as name from `doraform-demo.dora.service_weekly`
  union all
  select distinct 'team', team from `doraform-demo.dora.team_weekly`
  union all
  select 'organisation', 'all'
),

frame as (
  select members.scope, members.name, windows.window_weeks, windows.window_start, windows.window_end
  from members cross join windows
),

deployment_measures as (
  select
    scope, name, window_weeks,
    count(*) as deployments,
    count(distinct day) as deploy_days,
    countif(caused_failure) as failed_deployments,
    countif(caused_failure and recovery_seconds >= 0) as recovered_deployments,
    (ARRAY_AGG(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null) IGNORE NULLS ORDER BY if(caused_failure and recovery_seconds >= 0, recovery_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null) IGNORE NULLS ORDER BY if(caused_failure and recovery_seconds >= 0, recovery_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null) IGNORE NULLS ORDER BY if(caused_failure and recovery_seconds >= 0, recovery_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1))) AS INT64))]) * ((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1)) - FLOOR((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1))))) as recovery_p50_seconds,
    countif(is_rework) as rework_deployments
  from (
    select 'service' as scope, deployment_facts.service as name, windows.window_weeks, deployment_facts.*
    from deployment_facts join windows on date(deployment_facts.period_at) >= windows.window_start and date(deployment_facts.period_at) < windows.window_end
    union all
    select 'team', deployment_facts.team, windows.window_weeks, deployment_facts.*
    from deployment_facts join windows on date(deployment_facts.period_at) >= windows.window_start and date(deployment_facts.period_at) < windows.window_end
    union all
    select 'organisation', 'all', windows.window_weeks, deployment_facts.*
    from deployment_facts join windows on date(deployment_facts.period_at) >= windows.window_start and date(deployment_facts.period_at) < windows.window_end
  ) as deployment_facts_scoped
  group by scope, name, window_weeks
),

change_measures as (
  select
    scope, name, window_weeks,
    count(*) as changes_deployed,
    -- a negative lead time stays a deployed change and is left out of the statistic (decision 64)
    (ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))]) * ((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1)) - FLOOR((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))))) as lead_time_p50_seconds,
    (ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))]) * ((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1)) - FLOOR((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))))) as lead_time_p90_seconds
  from (
    select 'service' as scope, change_facts.service as name, windows.window_weeks, change_facts.*
    from change_facts join windows on date(change_facts.period_at) >= windows.window_start and date(change_facts.period_at) < windows.window_end
    union all
    select 'team', change_facts.team, windows.window_weeks, change_facts.*
    from change_facts join windows on date(change_facts.period_at) >= windows.window_start and date(change_facts.period_at) < windows.window_end
    union all
    select 'organisation', 'all', windows.window_weeks, change_facts.*
    from change_facts join windows on date(change_facts.period_at) >= windows.window_start and date(change_facts.period_at) < windows.window_end
  ) as change_facts_scoped
  group by scope, name, window_weeks
),

incident_measures as (
  select
    scope, name, window_weeks,
    count(*) as incidents,
    countif(resolved_at is not null) as restored_incidents,
    -- a negative restore stays a restored incident and is left out of the statistic (decision 64)
    (ARRAY_AGG(if(restore_seconds >= 0, restore_seconds, null) IGNORE NULLS ORDER BY if(restore_seconds >= 0, restore_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(restore_seconds >= 0, restore_seconds, null) IGNORE NULLS ORDER BY if(restore_seconds >= 0, restore_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(restore_seconds >= 0, restore_seconds, null) IGNORE NULLS ORDER BY if(restore_seconds >= 0, restore_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1))) AS INT64))]) * ((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1)) - FLOOR((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1))))) as restore_p50_seconds,
    avg(if(restore_seconds >= 0, restore_seconds, null)) as restore_mean_seconds
  from (
    select 'service' as scope, incident_facts.service as name, windows.window_weeks, incident_facts.*
    from incident_facts join windows on date(incident_facts.period_at) >= windows.window_start and date(incident_facts.period_at) < windows.window_end
    union all
    select 'team', incident_facts.team, windows.window_weeks, incident_facts.*
    from incident_facts join windows on date(incident_facts.period_at) >= windows.window_start and date(incident_facts.period_at) < windows.window_end
    union all
    select 'organisation', 'all', windows.window_weeks, incident_facts.*
    from incident_facts join windows on date(incident_facts.period_at) >= windows.window_start and date(incident_facts.period_at) < windows.window_end
  ) as incident_facts_scoped
  group by scope, name, window_weeks
),

measured as (
  select
    frame.scope,
    frame.name,
    frame.window_weeks,
    frame.window_start,
    frame.window_end,
    2024 as report_year,
    
  coalesce(deployment_measures.deployments, 0) as deployments,
  coalesce(deployment_measures.deploy_days, 0) as deploy_days,
  coalesce(change_measures.changes_deployed, 0) as changes_deployed,
  change_measures.lead_time_p50_seconds,
  change_measures.lead_time_p90_seconds,
  coalesce(deployment_measures.failed_deployments, 0) as failed_deployments,
  SAFE_DIVIDE(coalesce(deployment_measures.failed_deployments, 0), coalesce(deployment_measures.deployments, 0)) as change_failure_rate,
  coalesce(deployment_measures.recovered_deployments, 0) as recovered_deployments,
  deployment_measures.recovery_p50_seconds,
  coalesce(incident_measures.incidents, 0) as incidents,
  coalesce(incident_measures.restored_incidents, 0) as restored_incidents,
  incident_measures.restore_p50_seconds,
  incident_measures.restore_mean_seconds,
  coalesce(deployment_measures.rework_deployments, 0) as rework_deployments,
  SAFE_DIVIDE(coalesce(deployment_measures.rework_deployments, 0), coalesce(deployment_measures.deployments, 0)) as rework_rate,
    coalesce(deployment_measures.deploy_days, 0) / frame.window_weeks as deploy_days_per_week
  from frame
  left join deployment_measures on deployment_measures.scope = frame.scope and deployment_measures.name = frame.name and deployment_measures.window_weeks = frame.window_weeks
left join change_measures on change_measures.scope = frame.scope and change_measures.name = frame.name and change_measures.window_weeks = frame.window_weeks
left join incident_measures on incident_measures.scope = frame.scope and incident_measures.name = frame.name and incident_measures.window_weeks = frame.window_weeks
),

unpivoted as (
  select scope, name, window_weeks, 'deployment_frequency' as metric, cast(deploy_days_per_week as FLOAT64) as value, deployments as sample from measured
  union all
  select scope, name, window_weeks, 'change_lead_time' as metric, cast(lead_time_p50_seconds as FLOAT64) as value, changes_deployed as sample from measured
  union all
  select scope, name, window_weeks, 'change_failure_rate' as metric, cast(change_failure_rate as FLOAT64) as value, deployments as sample from measured
  union all
  select scope, name, window_weeks, 'failed_deployment_recovery_time' as metric, cast(recovery_p50_seconds as FLOAT64) as value, recovered_deployments as sample from measured
),

met as (
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
  select scope, name, window_weeks, max(case when levels.metric in ('deployment_frequency') then levels.level end) as deployment_frequency_level, max(case when levels.metric in ('change_lead_time') then levels.level end) as lead_time_level, max(case when levels.metric in ('change_failure_rate') then levels.level end) as change_failure_rate_level, max(case when levels.metric in ('failed_deployment_recovery_time', 'time_to_restore') then levels.level end) as recovery_level
  from levels
  group by scope, name, window_weeks
)

select measured.*, level_columns.deployment_frequency_level, level_columns.lead_time_level, level_columns.change_failure_rate_level, level_columns.recovery_level
from measured
left join level_columns using (scope, name, window_weeks)
