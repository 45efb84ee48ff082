-- dora_staging.int_services from definitions/intermediate/int_services.sqlx, compiled for BigQuery
-- table query
with catalogued as (
  select cast(null as string) as service, cast(null as string) as team, cast(null as string) as repository, cast(null as string) as deploy_job, cast(null as string) as github_deployments_environment from (select 1 as one) as empty where false
),

repositories as (
  select repository, default_branch from `doraform-demo.dora_staging.stg_github__repositories`
),

-- named after the repository's short name, team unassigned (docs/metrics.md#decision-2)
uncatalogued as (
  select
    substr(repository, strpos(repository, '/') + 1) as service,
    'unassigned' as team,
    repository,
    cast(null as string) as deploy_job,
    cast(null as string) as github_deployments_environment
  from repositories
  where repository not in (select repository from catalogued)
),

services as (
  select *, true as is_catalogued from catalogued
  union all
  select *, false as is_catalogued from uncatalogued
)

select
  services.service,
  services.team,
  services.repository,
  repositories.default_branch,
  services.deploy_job,
  services.github_deployments_environment,
  services.is_catalogued,
  count(*) over (partition by services.repository) > 1 as is_monorepo
from services
left join repositories using (repository)
