-- dora_staging.int_deployments from definitions/intermediate/int_deployments.sqlx, compiled for BigQuery
-- table query
with runs as (
  select * from `doraform-demo.dora_staging.int_deployments__workflow_runs`
),

github_deployments as (
  select * from `doraform-demo.dora_staging.int_deployments__github_deployments`
),

pairs as (
  select
    runs.deployment_id as run_deployment_id,
    github_deployments.deployment_id as github_deployment_id,
    abs(TIMESTAMP_DIFF(runs.finished_at, github_deployments.finished_at, SECOND)) as distance
  from runs
  join github_deployments
    on github_deployments.service = runs.service and github_deployments.commit_sha = runs.commit_sha
  where abs(TIMESTAMP_DIFF(runs.finished_at, github_deployments.finished_at, SECOND)) <= 600
),

matched as (
  select github_deployment_id
  from pairs
  where true
  qualify row_number() over (partition by run_deployment_id order by distance, github_deployment_id) = 1
    and row_number() over (partition by github_deployment_id order by distance, run_deployment_id) = 1
),

deployments as (
  select * from runs
  union all
  select * from github_deployments
  where deployment_id not in (select github_deployment_id from matched)
  union all
  select * from `doraform-demo.dora_staging.int_deployments__reported`
)

select * from deployments
where not false
