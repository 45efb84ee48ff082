-- dora_staging.int_deployments from definitions/intermediate/int_deployments.sqlx, compiled for BigQuery
-- table query
with twins as (
  select twin_id, deployment_id from `doraform-demo.dora_staging.int_deployments__twins`
),

-- an exclusion naming either twin excludes the one deployment they both are (docs/metrics.md#decision-53)
excluded_by_twin as (
  select deployment_id from twins
  where false
),

-- a twin (int_deployments__twins) counts as the record kept for it: the run's, else GitHub's; an excluded
-- deployment is removed before anything else (docs/metrics.md#decision-26, docs/metrics.md#decision-31,
-- docs/metrics.md#decision-50, docs/metrics.md#decision-51)
deployments as (
  select * from `doraform-demo.dora_staging.int_deployments__workflow_runs`
  union all
  select * from `doraform-demo.dora_staging.int_deployments__github_deployments`
  where deployment_id not in (select twin_id from twins)
  union all
  select * from `doraform-demo.dora_staging.int_deployments__reported`
  where deployment_id not in (select twin_id from twins)
)

select * from deployments
where not false
  and deployment_id not in (select deployment_id from excluded_by_twin)
