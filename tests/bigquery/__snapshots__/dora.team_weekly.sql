-- dora.team_weekly from definitions/marts/team_weekly.sqlx, compiled for BigQuery
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

first_facts as (
  select team, min(period_at) as first_at
  from (
    select service, team, finished_at as period_at from `doraform-demo.dora.deployments`
    union all select service, team, merged_at from `doraform-demo.dora.changes`
    union all select service, team, started_at from `doraform-demo.dora.incidents`
  ) as facts
  group by team
),

spine as (
  select team, periods.week_start
  from first_facts
  cross join (SELECT week_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(CAST((select min(first_at) from first_facts) AS DATE), ISOWEEK), DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL 1 WEEK)) AS week_start) as periods
  where periods.week_start >= DATE_TRUNC(CAST(first_facts.first_at AS DATE), ISOWEEK)
),

deployment_measures as (
  select
    week_start, team,
    count(*) as deployments,
    count(distinct day) as deploy_days,
    countif(caused_failure) as failed_deployments,
    countif(caused_failure and recovery_seconds >= 0) as recovered_deployments,
    (ARRAY_AGG(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null) IGNORE NULLS ORDER BY if(caused_failure and recovery_seconds >= 0, recovery_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null) IGNORE NULLS ORDER BY if(caused_failure and recovery_seconds >= 0, recovery_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null) IGNORE NULLS ORDER BY if(caused_failure and recovery_seconds >= 0, recovery_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1))) AS INT64))]) * ((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1)) - FLOOR((0.5 * (COUNT(if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)) - 1))))) as recovery_p50_seconds,
    countif(is_rework) as rework_deployments
  from (select DATE_TRUNC(CAST(period_at AS DATE), ISOWEEK) as week_start, deployment_facts.* from deployment_facts) as deployment_facts_bucketed
  group by week_start, team
),

change_measures as (
  select
    week_start, team,
    count(*) as changes_deployed,
    -- a negative lead time stays a deployed change and is left out of the statistic (decision 64)
    (ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))]) * ((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1)) - FLOOR((0.5 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))))) as lead_time_p50_seconds,
    (ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(lead_time_seconds >= 0, lead_time_seconds, null) IGNORE NULLS ORDER BY if(lead_time_seconds >= 0, lead_time_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))) AS INT64))]) * ((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1)) - FLOOR((0.9 * (COUNT(if(lead_time_seconds >= 0, lead_time_seconds, null)) - 1))))) as lead_time_p90_seconds
  from (select DATE_TRUNC(CAST(period_at AS DATE), ISOWEEK) as week_start, change_facts.* from change_facts) as change_facts_bucketed
  group by week_start, team
),

incident_measures as (
  select
    week_start, team,
    count(*) as incidents,
    countif(resolved_at is not null) as restored_incidents,
    -- a negative restore stays a restored incident and is left out of the statistic (decision 64)
    (ARRAY_AGG(if(restore_seconds >= 0, restore_seconds, null) IGNORE NULLS ORDER BY if(restore_seconds >= 0, restore_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1))) AS INT64))] + (ARRAY_AGG(if(restore_seconds >= 0, restore_seconds, null) IGNORE NULLS ORDER BY if(restore_seconds >= 0, restore_seconds, null))[SAFE_OFFSET(CAST(CEIL((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1))) AS INT64))] - ARRAY_AGG(if(restore_seconds >= 0, restore_seconds, null) IGNORE NULLS ORDER BY if(restore_seconds >= 0, restore_seconds, null))[SAFE_OFFSET(CAST(FLOOR((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1))) AS INT64))]) * ((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1)) - FLOOR((0.5 * (COUNT(if(restore_seconds >= 0, restore_seconds, null)) - 1))))) as restore_p50_seconds,
    avg(if(restore_seconds >= 0, restore_seconds, null)) as restore_mean_seconds
  from (select DATE_TRUNC(CAST(period_at AS DATE), ISOWEEK) as week_start, incident_facts.* from incident_facts) as incident_facts_bucketed
  group by week_start, team
)

select
  spine.week_start,
  spine.week_start < DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK) as is_complete,
  spine.team,
  
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
  SAFE_DIVIDE(coalesce(deployment_measures.rework_deployments, 0), coalesce(deployment_measures.deployments, 0)) as rework_rate
from spine
left join deployment_measures on deployment_measures.week_start = spine.week_start and deployment_measures.team = spine.team
left join change_measures on change_measures.week_start = spine.week_start and change_measures.team = spine.team
left join incident_measures on incident_measures.week_start = spine.week_start and incident_measures.team = spine.team
