-- dora_staging.int_changes from definitions/intermediate/int_changes.sqlx, compiled for BigQuery
-- table query
with changes as (
  select
    pull_requests.change_id, pull_requests.service, pull_requests.team, pull_requests.repository, pull_requests.pull_number,
    pull_requests.merge_commit_sha, pull_requests.first_commit_at, pull_requests.opened_at, pull_requests.first_reviewed_at, pull_requests.merged_at,
    pull_requests.title, pull_requests.body, pull_requests.head_ref, pull_requests.is_hotfix
  from `doraform-demo.dora_staging.int_changes__pull_requests` as pull_requests
  join `doraform-demo.dora_staging.int_services` as services using (service)
  -- merged into a deploy branch: here, not in the incremental table, since a default branch may change
  where pull_requests.base_ref = services.default_branch
    or REGEXP_CONTAINS(pull_requests.base_ref, '^release/')
  union all
  select
    change_id, service, team, repository, cast(null as int64), merge_commit_sha, first_commit_at, cast(null as timestamp), cast(null as timestamp), merged_at,
    cast(null as string), cast(null as string), cast(null as string), false
  from `doraform-demo.dora_staging.int_changes__direct_pushes`
),

deployments as (
  select deployment_id, finished_at from `doraform-demo.dora_staging.int_deployments` where result = 'success'
),

-- the earliest successful deployment of its service (by finished_at, ties by deployment_id) that contains
-- its merge commit (docs/metrics.md#decision-11)
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

-- not deployed: pending when merged after the service's first observed deployment finished, else
-- unknown (probably shipped with that first deployment, whose contents are unknown)
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
  changes.first_reviewed_at,
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
