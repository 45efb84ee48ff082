-- dora.deployments from definitions/marts/deployments.sqlx, compiled for BigQuery
-- table query
with deployments as (
  select * from `doraform-demo.dora_staging.int_deployments`
),

first_observed as (
  select deployment_id, is_first_observed from `doraform-demo.dora_staging.int_deployment_sequence`
),

shipped as (
  select deployment_id, count(*) as changes
  from `doraform-demo.dora_staging.int_changes`
  where deployment_id is not null
  group by deployment_id
),

-- the strongest link method among its failures (docs/metrics.md#decision-16); recovered at the latest
-- recovery, null while one is pending
failures as (
  select
    deployment_id,
    min(case failure_link_method when 'override' then 1 when 'custom_field' then 2 when 'note' then 3 when 'change_event' then 4 when 'revert' then 5 when 'rollback' then 6 when 'window' then 7 end) as strength,
    LOGICAL_OR(recovered_at is null) as is_pending,
    max(recovered_at) as latest_recovered_at
  from `doraform-demo.dora_staging.int_deployment_failures`
  group by deployment_id
),

rework as (
  select distinct resolved_by_deployment_id as deployment_id from `doraform-demo.dora_staging.int_incident_resolutions`
),

recovered as (
  select
    deployments.*,
    coalesce(first_observed.is_first_observed, false) as is_first_observed,
    coalesce(shipped.changes, 0) as changes,
    failures.deployment_id is not null as caused_failure,
    case failures.strength when 1 then 'override' when 2 then 'custom_field' when 3 then 'note' when 4 then 'change_event' when 5 then 'revert' when 6 then 'rollback' when 7 then 'window' end as failure_link_method,
    rework.deployment_id is not null as is_rework,
    if(failures.is_pending, null, failures.latest_recovered_at) as recovered_at
  from deployments
  left join first_observed using (deployment_id)
  left join shipped using (deployment_id)
  left join failures using (deployment_id)
  left join rework using (deployment_id)
)

-- a negative recovery is kept here and left out of the statistics (docs/metrics.md#decision-25)
select
  deployment_id, service, team, repository, environment, source, branch, commit_sha, started_at, finished_at, result,
  is_first_observed, changes, caused_failure, failure_link_method, is_rework, url, recovered_at,
  TIMESTAMP_DIFF(recovered_at, finished_at, SECOND) as recovery_seconds
from recovered
