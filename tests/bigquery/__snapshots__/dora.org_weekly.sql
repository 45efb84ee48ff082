-- dora.org_weekly from definitions/marts/org_weekly.sqlx, compiled for BigQuery
-- incremental query
with calendar_starts as (
  -- the organisation's calendar starts at the first fact of any service (docs/metrics.md#decision-19)
  select min(first_fact_at) as first_fact_at
  from `doraform-demo.dora_staging.int_calendar_starts`
),

spine as (
  -- every week from the organisation's first fact to the week containing as_of (docs/metrics.md#decision-19, docs/metrics.md#decision-28)
  select weeks.week_start
  from calendar_starts
  cross join (SELECT week_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(CAST((select min(first_fact_at) from calendar_starts) AS DATE), ISOWEEK), DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL 1 WEEK)) AS week_start) as weeks
  where weeks.week_start >= DATE_TRUNC(CAST(calendar_starts.first_fact_at AS DATE), ISOWEEK)
    
)

-- each fact counts in the week of its period timestamp (docs/metrics.md#decision-8)
select
  spine.week_start,
  spine.week_start < DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK) as is_complete,
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
  on facts.week_start = spine.week_start
group by spine.week_start

-- post-operation
insert into `doraform-demo.dora_staging.int_period_fingerprints` (built_for, grain, period_start, fingerprint, recorded_at)
  select 'org_weekly', grain, period_start, CONCAT(inputs.fingerprint, '/1b3d7fe0'), CURRENT_TIMESTAMP
  from `doraform-demo.dora_staging.int_period_fingerprints` as inputs where built_for = 'inputs' and grain = 'week'

-- incremental pre-operation
delete from `doraform-demo.dora.org_weekly`
  where week_start not in (select period_start from `doraform-demo.dora_staging.int_period_fingerprints` where built_for = 'inputs' and grain = 'week')

-- incremental query
with calendar_starts as (
  -- the organisation's calendar starts at the first fact of any service (docs/metrics.md#decision-19)
  select min(first_fact_at) as first_fact_at
  from `doraform-demo.dora_staging.int_calendar_starts`
),

spine as (
  -- every week from the organisation's first fact to the week containing as_of (docs/metrics.md#decision-19, docs/metrics.md#decision-28)
  select weeks.week_start
  from calendar_starts
  cross join (SELECT week_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(CAST((select min(first_fact_at) from calendar_starts) AS DATE), ISOWEEK), DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL 1 WEEK)) AS week_start) as weeks
  where weeks.week_start >= DATE_TRUNC(CAST(calendar_starts.first_fact_at AS DATE), ISOWEEK)
    and weeks.week_start in (select inputs.period_start
    from `doraform-demo.dora_staging.int_period_fingerprints` as inputs
    left join (
      select period_start, fingerprint from `doraform-demo.dora_staging.int_period_fingerprints`
      where built_for = 'org_weekly' and recorded_at = (select max(recorded_at) from `doraform-demo.dora_staging.int_period_fingerprints` where built_for = 'org_weekly')
    ) as built
      on built.period_start = inputs.period_start and built.fingerprint = CONCAT(inputs.fingerprint, '/1b3d7fe0')
    where inputs.built_for = 'inputs' and inputs.grain = 'week' and built.period_start is null)
)

-- each fact counts in the week of its period timestamp (docs/metrics.md#decision-8)
select
  spine.week_start,
  spine.week_start < DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK) as is_complete,
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
  on facts.week_start = spine.week_start
group by spine.week_start

-- incremental post-operation
insert into `doraform-demo.dora_staging.int_period_fingerprints` (built_for, grain, period_start, fingerprint, recorded_at)
  select 'org_weekly', grain, period_start, CONCAT(inputs.fingerprint, '/1b3d7fe0'), CURRENT_TIMESTAMP
  from `doraform-demo.dora_staging.int_period_fingerprints` as inputs where built_for = 'inputs' and grain = 'week'
