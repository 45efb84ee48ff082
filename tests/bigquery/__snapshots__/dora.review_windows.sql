-- dora.review_windows from definitions/marts/review_windows.sqlx, compiled for BigQuery
-- table query
-- from the fact marts (never from weekly rows), as summary is, over the weeks before the latest complete
-- week, the week before the one containing as_of (docs/metrics.md#decision-60)

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
  select 4 as window_weeks, DATE_ADD(DATE_ADD(DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL -7 DAY), INTERVAL -28 DAY) as window_start, DATE_ADD(DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL -7 DAY) as window_end
  union all
  select 13, DATE_ADD(DATE_ADD(DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL -7 DAY), INTERVAL -91 DAY), DATE_ADD(DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL -7 DAY)
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
)

select * from measured
