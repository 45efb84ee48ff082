-- dora_staging.int_service_deploy_workflows from definitions/intermediate/int_service_deploy_workflows.sqlx, compiled for BigQuery
-- table query
with catalogued as (
  select cast(null as string) as service, cast(null as string) as repository, cast(null as string) as workflow_path from (select 1 as one) as empty where false
),

run_workflows as (
  select distinct repository, workflow_path from (
    select repository, workflow_path from `doraform-demo.dora_staging.stg_github__workflow_runs`
    union all
    select repository, workflow_path from `doraform-demo.dora_staging.stg_github_webhook__workflow_runs`
  ) as runs
  where workflow_path is not null
),

-- a repository without a catalog entry: every workflow seen in its runs (polled or delivered) whose
-- file name matches deploy_workflow_pattern (default ^deploy)
uncatalogued as (
  select services.service, services.repository, run_workflows.workflow_path
  from `doraform-demo.dora_staging.int_services` as services
  join run_workflows on run_workflows.repository = services.repository
  where not services.is_catalogued
    and REGEXP_CONTAINS(REGEXP_EXTRACT(run_workflows.workflow_path, '([^/]*)$'), '^deploy')
)

select distinct service, repository, workflow_path
from (
  select service, repository, workflow_path from catalogued
  union all
  select service, repository, workflow_path from uncatalogued
) as workflows
