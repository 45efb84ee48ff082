-- dora_staging.int_deployment_sequence from definitions/intermediate/int_deployment_sequence.sqlx, compiled for BigQuery
-- table query
-- by finished_at, ties by deployment_id, on any branch; the first observed deployment's contents are unknown
select
  deployment_id,
  service,
  repository,
  commit_sha,
  finished_at,
  lag(deployment_id) over by_finish as previous_deployment_id,
  lag(commit_sha) over by_finish as previous_commit_sha,
  lead(deployment_id) over by_finish as next_deployment_id,
  lead(commit_sha) over by_finish as next_commit_sha,
  lead(finished_at) over by_finish as next_finished_at,
  row_number() over by_finish = 1 as is_first_observed
from `doraform-demo.dora_staging.int_deployments`
where result = 'success'
window by_finish as (partition by service order by finished_at, deployment_id)
