-- dora_staging.int_incident_links from definitions/intermediate/int_incident_links.sqlx, compiled for BigQuery
-- table query
with incidents as (
  select * from `doraform-demo.dora_staging.int_incidents`
),

-- override, custom_field, note, change_event; a reference to a twin already names the deployment kept
-- for it (docs/metrics.md#decision-53)
explicit as (
  select incident_id, method, deployment_id, finished_at
  from `doraform-demo.dora_staging.int_incident_references`
  where method != 'resolved_by' and deployment_id is not null
),

-- the resolution deployment ships a revert: the cause is the deployment that first shipped the reverted
-- pull request for the same service (docs/metrics.md#decision-32)
reverts as (
  select resolutions.incident_id, 'revert' as method, reverts.reverted_deployment_id as deployment_id, deployments.finished_at
  from `doraform-demo.dora_staging.int_incident_resolutions` as resolutions
  join `doraform-demo.dora_staging.int_change_reverts` as reverts on reverts.reverting_deployment_id = resolutions.resolved_by_deployment_id
  join `doraform-demo.dora_staging.int_deployments` as deployments on deployments.deployment_id = reverts.reverted_deployment_id
),

-- when switched on: the service's successful deployments finished at most N hours before it started
-- (docs/metrics.md#decision-27)
windowed as (
  select incidents.incident_id, 'window' as method, deployments.deployment_id, deployments.finished_at
  from incidents
  join `doraform-demo.dora_staging.int_deployments` as deployments on deployments.service = incidents.service
  where false
    and deployments.result = 'success'
    and deployments.finished_at <= incidents.started_at
    and deployments.finished_at >= TIMESTAMP_ADD(incidents.started_at, INTERVAL -86400 SECOND)
),

candidates as (
  select * from explicit
  union all select * from reverts
  union all select * from windowed
),

-- the overrides' not_caused_by_change leaves only an override link (docs/metrics.md#decision-26)
allowed as (
  select candidates.*, incidents.started_at
  from candidates
  join incidents using (incident_id)
  where candidates.method = 'override'
    or not false
)

-- under one method the latest deployment finished at or before started_at wins, else the earliest after it
select incident_id, deployment_id as caused_by_deployment_id, method as link_method
from allowed
where true
qualify row_number() over (
  partition by incident_id
  order by
    case method when 'override' then 1 when 'custom_field' then 2 when 'note' then 3 when 'change_event' then 4 when 'revert' then 5 when 'rollback' then 6 when 'window' then 7 end,
    if(finished_at <= started_at, 0, 1),
    if(finished_at <= started_at, -UNIX_SECONDS(finished_at), UNIX_SECONDS(finished_at)),
    if(finished_at <= started_at, '', deployment_id),
    deployment_id desc
) = 1
