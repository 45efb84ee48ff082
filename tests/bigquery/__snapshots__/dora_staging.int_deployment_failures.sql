-- dora_staging.int_deployment_failures from definitions/intermediate/int_deployment_failures.sqlx, compiled for BigQuery
-- table query
-- recovered at the incident's resolution deployment's finish, else its resolution; null while open
with incident_failures as (
  select
    links.caused_by_deployment_id as deployment_id,
    links.link_method as failure_link_method,
    if(incidents.resolved_at is null, null, coalesce(resolutions.resolved_by_finished_at, incidents.resolved_at)) as recovered_at
  from `doraform-demo.dora_staging.int_incident_links` as links
  join `doraform-demo.dora_staging.int_incidents` as incidents using (incident_id)
  left join `doraform-demo.dora_staging.int_incident_resolutions` as resolutions using (incident_id)
),

-- a deployed revert of a pull request it first shipped: recovered when the revert deployed
revert_failures as (
  select reverted_deployment_id as deployment_id, 'revert' as failure_link_method, reverting_deployed_at as recovered_at
  from `doraform-demo.dora_staging.int_change_reverts`
),

-- the next deployment's commit is a strict ancestor of its commit (compare status behind): recovered
-- when that deployment finished
rollback_failures as (
  select sequence.deployment_id, 'rollback' as failure_link_method, sequence.next_finished_at as recovered_at
  from `doraform-demo.dora_staging.int_deployment_sequence` as sequence
  join `doraform-demo.dora_staging.stg_github__deployment_commits` as compares
    on compares.repository = sequence.repository
    and compares.base_sha = sequence.commit_sha
    and compares.head_sha = sequence.next_commit_sha
  where compares.compare_status = 'behind'
)

select * from incident_failures
union all select * from revert_failures
union all select * from rollback_failures
