-- dora_staging.int_changes from definitions/intermediate/int_changes.sqlx, compiled for BigQuery
-- table query
with changes as (
  select
    change_id, service, team, repository, pull_number, merge_commit_sha, first_commit_at, opened_at, merged_at,
    title, body, head_ref, is_hotfix
  from `doraform-demo.dora_staging.int_changes__pull_requests`
  union all
  select
    change_id, service, team, repository, cast(null as int64), merge_commit_sha, first_commit_at, cast(null as timestamp), merged_at,
    cast(null as string), cast(null as string), cast(null as string), false
  from `doraform-demo.dora_staging.int_changes__direct_pushes`
),

deployments as (
  select deployment_id, finished_at from `doraform-demo.dora_staging.int_deployments` where result = 'success'
),

first_deployments as (
  select changes.change_id, deployments.deployment_id, deployments.finished_at
  from changes
  join `doraform-demo.dora_staging.int_deployment_commits` as contents
    on contents.service = changes.service
    and contents.repository = changes.repository
    and contents.commit_sha = changes.merge_commit_sha
  join deployments on deployments.deployment_id = contents.deployment_id
  where true
  qualify row_number() over (partition by changes.change_id order by deployments.finished_at, deployments.deployment_id) = 1
),

first_observed as (
  select service, finished_at
  from `doraform-demo.dora_staging.int_deployment_sequence`
  where is_first_observed
)

select
  changes.change_id,
  changes.service,
  changes.team,
  changes.repository,
  changes.pull_number,
  changes.merge_commit_sha,
  case
    when first_deployments.deployment_id is not null then 'deployed'
    when changes.merged_at > first_observed.finished_at then 'pending'
    else 'unknown'
  end as status,
  changes.first_commit_at,
  changes.opened_at,
  changes.merged_at,
  first_deployments.deployment_id,
  first_deployments.finished_at as deployed_at,
  changes.title,
  changes.body,
  changes.head_ref,
  changes.is_hotfix
from changes
left join first_deployments using (change_id)
left join first_observed using (service)
