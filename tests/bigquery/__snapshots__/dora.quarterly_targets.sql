-- dora.quarterly_targets from definitions/marts/quarterly_targets.sqlx, compiled for BigQuery
-- table query
with targets as (
  select cast(null as string) as scope, cast(null as string) as name, cast(null as date) as quarter_start, cast(null as string) as metric, cast(null as FLOAT64) as target, cast(null as string) as better from (select 1 as one) as empty where false
),

quarters as (
  -- the quarters the marts hold, whether each is complete, and the days its facts span: a complete
  -- quarter's days, the quarter containing as_of its days through as_of (docs/metrics.md#decision-62)
  select
    org_quarterly.quarter_start,
    org_quarterly.is_complete,
    case
      when org_quarterly.is_complete then DATE_DIFF(DATE_ADD(org_quarterly.quarter_start, INTERVAL 3 MONTH), org_quarterly.quarter_start, DAY)
      else DATE_DIFF(settings.as_of, org_quarterly.quarter_start, DAY) + 1
    end as quarter_days
  from `doraform-demo.dora.org_quarterly` as org_quarterly
  cross join `doraform-demo.dora.report_settings` as settings
),

scope_quarters as (
  -- each quarter's measures per scope, named as the targets name them
  select 'organisation' as scope, 'all' as name, quarter_start, deploy_days, deployments, lead_time_p50_seconds, changes_deployed, lead_time_p90_seconds, pickup_p50_seconds, changes_picked_up, pickup_p90_seconds, change_failure_rate, recovery_p50_seconds, recovered_deployments, restore_p50_seconds, restored_incidents, rework_rate from `doraform-demo.dora.org_quarterly`
  union all
  select 'team' as scope, team as name, quarter_start, deploy_days, deployments, lead_time_p50_seconds, changes_deployed, lead_time_p90_seconds, pickup_p50_seconds, changes_picked_up, pickup_p90_seconds, change_failure_rate, recovery_p50_seconds, recovered_deployments, restore_p50_seconds, restored_incidents, rework_rate from `doraform-demo.dora.team_quarterly`
  union all
  select 'service' as scope, service as name, quarter_start, deploy_days, deployments, lead_time_p50_seconds, changes_deployed, lead_time_p90_seconds, pickup_p50_seconds, changes_picked_up, pickup_p90_seconds, change_failure_rate, recovery_p50_seconds, recovered_deployments, restore_p50_seconds, restored_incidents, rework_rate from `doraform-demo.dora.service_quarterly`
),

judged as (
  select
    targets.quarter_start,
    quarters.is_complete,
    targets.scope,
    targets.name,
    targets.metric,
    targets.better,
    targets.target,
    case targets.metric
      when 'deployment_frequency' then cast(scope_quarters.deploy_days as FLOAT64) / (cast(quarters.quarter_days as FLOAT64) / 7)
      when 'lead_time_p50' then cast(scope_quarters.lead_time_p50_seconds as FLOAT64)
      when 'lead_time_p90' then cast(scope_quarters.lead_time_p90_seconds as FLOAT64)
      when 'pickup_p50' then cast(scope_quarters.pickup_p50_seconds as FLOAT64)
      when 'pickup_p90' then cast(scope_quarters.pickup_p90_seconds as FLOAT64)
      when 'change_failure_rate' then cast(scope_quarters.change_failure_rate as FLOAT64)
      when 'recovery_time' then cast(scope_quarters.recovery_p50_seconds as FLOAT64)
      when 'time_to_restore' then cast(scope_quarters.restore_p50_seconds as FLOAT64)
      when 'rework_rate' then cast(scope_quarters.rework_rate as FLOAT64)
    end as value,
    coalesce(case targets.metric
      when 'deployment_frequency' then scope_quarters.deployments
      when 'lead_time_p50' then scope_quarters.changes_deployed
      when 'lead_time_p90' then scope_quarters.changes_deployed
      when 'pickup_p50' then scope_quarters.changes_picked_up
      when 'pickup_p90' then scope_quarters.changes_picked_up
      when 'change_failure_rate' then scope_quarters.deployments
      when 'recovery_time' then scope_quarters.recovered_deployments
      when 'time_to_restore' then scope_quarters.restored_incidents
      when 'rework_rate' then scope_quarters.deployments
    end, 0) as sample_size
  from targets
  inner join quarters
    on quarters.quarter_start = targets.quarter_start
  left join scope_quarters
    on scope_quarters.scope = targets.scope and scope_quarters.name = targets.name and scope_quarters.quarter_start = targets.quarter_start
)

-- the verdict `doraform review --quarterly` gives (report/targets/progress.ts)
select
  judged.quarter_start,
  judged.is_complete,
  judged.scope,
  judged.name,
  judged.metric,
  judged.better,
  judged.target,
  judged.value,
  judged.sample_size,
  case
    when judged.value is null or judged.sample_size < settings.min_sample then 'not enough data'
    when (judged.better = 'lower' and judged.value <= judged.target) or (judged.better = 'higher' and judged.value >= judged.target)
      then case when judged.is_complete then 'met' else 'on track' end
    else case when judged.is_complete then 'missed' else 'off track' end
  end as status
from judged
cross join `doraform-demo.dora.report_settings` as settings
