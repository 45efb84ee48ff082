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

union all
select 'negative duration', change_id
from `doraform-demo.dora.changes`
where lead_time_seconds < 0 or coding_seconds < 0 or review_seconds < 0 or deploy_wait_seconds < 0
