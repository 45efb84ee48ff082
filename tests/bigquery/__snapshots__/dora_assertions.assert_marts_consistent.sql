-- dora_assertions.assert_marts_consistent from definitions/assertions/assert_marts_consistent.sqlx, compiled for BigQuery
-- assertion query
select 'change points to a missing or unsuccessful deployment' as problem, changes.change_id as id
from `doraform-demo.dora.changes` as changes
left join `doraform-demo.dora.deployments` as deployments
  on deployments.deployment_id = changes.deployment_id and deployments.result = 'success'
where changes.deployment_id is not null and deployments.deployment_id is null

union all
select 'change status disagrees with its deployment', change_id
from `doraform-demo.dora.changes`
where (status = 'deployed') != (deployment_id is not null) or status not in ('deployed', 'pending', 'unknown')

union all
select 'incident cause is a missing or unsuccessful deployment', incidents.incident_id
from `doraform-demo.dora.incidents` as incidents
left join `doraform-demo.dora.deployments` as deployments
  on deployments.deployment_id = incidents.caused_by_deployment_id and deployments.result = 'success'
where incidents.caused_by_deployment_id is not null and deployments.deployment_id is null

union all
select 'incident resolution is a missing or unsuccessful deployment', incidents.incident_id
from `doraform-demo.dora.incidents` as incidents
left join `doraform-demo.dora.deployments` as deployments
  on deployments.deployment_id = incidents.resolved_by_deployment_id and deployments.result = 'success'
where incidents.resolved_by_deployment_id is not null and deployments.deployment_id is null

union all
select 'failure on a deployment that did not succeed', deployment_id
from `doraform-demo.dora.deployments`
where (caused_failure or is_rework or changes > 0) and result != 'success'

-- a negative duration stays in its fact mart and does not stop the run: it must be counted in
-- data_quality and left out of every statistic (docs/metrics.md#decision-64)
union all
select 'negative duration not counted in data_quality', negatives.check_name
from (
  select 'negative_lead_times' as check_name, count(*) as found from `doraform-demo.dora.changes` where lead_time_seconds < 0
  union all
  select 'negative_review_times', count(*) from `doraform-demo.dora.changes` where review_seconds < 0
  union all
  select 'negative_deploy_waits', count(*) from `doraform-demo.dora.changes` where deploy_wait_seconds < 0
  union all
  select 'negative_restores', count(*) from `doraform-demo.dora.incidents` where restore_seconds < 0
  union all
  select 'negative_recoveries', count(*) from `doraform-demo.dora.deployments` where recovery_seconds < 0
) as negatives
left join `doraform-demo.dora.data_quality` as quality on quality.check_name = negatives.check_name
where quality.value is null or quality.value != negatives.found

union all
select 'negative statistic', CONCAT(scope, ':', name, ':', SAFE_CAST(window_weeks AS STRING))
from `doraform-demo.dora.summary`
where lead_time_p50_seconds < 0 or lead_time_p90_seconds < 0 or restore_p50_seconds < 0 or restore_mean_seconds < 0 or recovery_p50_seconds < 0
