-- dora_staging.int_deployments__github_deployments from definitions/intermediate/int_deployments__github_deployments.sqlx, compiled for BigQuery
-- table query
with services as (
  select repository, service, team
  from `doraform-demo.dora_staging.int_services`
  where github_deployments_environment is not null
  qualify row_number() over (partition by repository order by service) = 1
),

-- a production environment (catalog pattern) of a repository whose service declares
-- github_deployments_environment (the first such service by name)
production as (
  select deployments.*, services.service, services.team
  from `doraform-demo.dora_staging.stg_github__deployments` as deployments
  join services using (repository)
  where REGEXP_CONTAINS(deployments.environment, '^prod(uction)?$')
),

-- result and finished_at from the first terminal status: success, else (failure, error) failure; none:
-- not a deployment (docs/metrics.md#decision-31)
first_terminal as (
  select github_deployment_id, state, created_at
  from `doraform-demo.dora_staging.stg_github__deployment_statuses`
  where state in ('success', 'failure', 'error')
  qualify row_number() over (partition by github_deployment_id order by created_at, status_id) = 1
)

select
  CONCAT('gh-deploy:', cast(production.github_deployment_id as string)) as deployment_id,
  cast(null as int64) as run_id,
  production.service,
  production.team,
  production.repository,
  production.environment,
  'github_deployments' as source,
  production.ref as branch,
  production.commit_sha,
  production.created_at as started_at,
  first_terminal.created_at as finished_at,
  if(first_terminal.state = 'success', 'success', 'failure') as result,
  cast(null as string) as url
from production
join first_terminal using (github_deployment_id)
