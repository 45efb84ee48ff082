-- dora.team_quarterly from definitions/marts/team_quarterly.sqlx, compiled for BigQuery
-- incremental query
with calendar_starts as (
  -- a team's calendar starts at the first fact of any of its services (docs/metrics.md#decision-19)
  select team, min(first_fact_at) as first_fact_at
  from `doraform-demo.dora_staging.int_calendar_starts`
  group by team
),

spine as (
  -- every quarter from the team's first fact to the quarter containing as_of (docs/metrics.md#decision-19, docs/metrics.md#decision-28)
  select calendar_starts.team, quarters.quarter_start
  from calendar_starts
  cross join (SELECT quarter_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(CAST((select min(first_fact_at) from calendar_starts) AS DATE), QUARTER), DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), QUARTER), INTERVAL 3 MONTH)) AS quarter_start) as quarters
  where quarters.quarter_start >= DATE_TRUNC(CAST(calendar_starts.first_fact_at AS DATE), QUARTER)
    
)

-- each fact counts in the quarter of its period timestamp (docs/metrics.md#decision-8)
select
  spine.quarter_start,
  spine.quarter_start < DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), QUARTER) as is_complete,
  spine.team,
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
from spine
left join `doraform-demo.dora_staging.int_facts_bucketed` as facts
  on facts.quarter_start = spine.quarter_start and facts.team = spine.team
group by spine.quarter_start, spine.team

-- post-operation
insert into `doraform-demo.dora_staging.int_period_fingerprints` (built_for, grain, period_start, fingerprint, recorded_at)
  select 'team_quarterly', grain, period_start, CONCAT(inputs.fingerprint, '/1b3d7fe0'), CURRENT_TIMESTAMP
  from `doraform-demo.dora_staging.int_period_fingerprints` as inputs where built_for = 'inputs' and grain = 'quarter'

-- incremental pre-operation
delete from `doraform-demo.dora.team_quarterly`
  where quarter_start not in (select period_start from `doraform-demo.dora_staging.int_period_fingerprints` where built_for = 'inputs' and grain = 'quarter')

-- incremental query
with calendar_starts as (
  -- a team's calendar starts at the first fact of any of its services (docs/metrics.md#decision-19)
  select team, min(first_fact_at) as first_fact_at
  from `doraform-demo.dora_staging.int_calendar_starts`
  group by team
),

spine as (
  -- every quarter from the team's first fact to the quarter containing as_of (docs/metrics.md#decision-19, docs/metrics.md#decision-28)
  select calendar_starts.team, quarters.quarter_start
  from calendar_starts
  cross join (SELECT quarter_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(CAST((select min(first_fact_at) from calendar_starts) AS DATE), QUARTER), DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), QUARTER), INTERVAL 3 MONTH)) AS quarter_start) as quarters
  where quarters.quarter_start >= DATE_TRUNC(CAST(calendar_starts.first_fact_at AS DATE), QUARTER)
    and quarters.quarter_start in (select inputs.period_start
    from `doraform-demo.dora_staging.int_period_fingerprints` as inputs
    left join (
      select period_start, fingerprint from `doraform-demo.dora_staging.int_period_fingerprints`
      where built_for = 'team_quarterly' and recorded_at = (select max(recorded_at) from `doraform-demo.dora_staging.int_period_fingerprints` where built_for = 'team_quarterly')
    ) as built
      on built.period_start = inputs.period_start and built.fingerprint = CONCAT(inputs.fingerprint, '/1b3d7fe0')
    where inputs.built_for = 'inputs' and inputs.grain = 'quarter' and built.period_start is null)
)

-- each fact counts in the quarter of its period timestamp (docs/metrics.md#decision-8)
select
  spine.quarter_start,
  spine.quarter_start < DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), QUARTER) as is_complete,
  spine.team,
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
from spine
left join `doraform-demo.dora_staging.int_facts_bucketed` as facts
  on facts.quarter_start = spine.quarter_start and facts.team = spine.team
group by spine.quarter_start, spine.team

-- incremental post-operation
insert into `doraform-demo.dora_staging.int_period_fingerprints` (built_for, grain, period_start, fingerprint, recorded_at)
  select 'team_quarterly', grain, period_start, CONCAT(inputs.fingerprint, '/1b3d7fe0'), CURRENT_TIMESTAMP
  from `doraform-demo.dora_staging.int_period_fingerprints` as inputs where built_for = 'inputs' and grain = 'quarter'
