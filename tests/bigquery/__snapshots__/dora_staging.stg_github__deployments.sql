-- dora_staging.stg_github__deployments from definitions/staging/stg_github__deployments.sqlx, compiled for BigQuery
-- table query
with source as (
  select * from `doraform-demo.airbyte_internal.github_raw__stream_deployments`
),

parsed as (
  select
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.id') AS INT64) as github_deployment_id,
    JSON_VALUE(_airbyte_data, '$.repository') as repository,
    JSON_VALUE(_airbyte_data, '$.sha') as commit_sha,
    JSON_VALUE(_airbyte_data, '$.ref') as ref,
    JSON_VALUE(_airbyte_data, '$.task') as task,
    JSON_VALUE(_airbyte_data, '$.environment') as environment,
    JSON_VALUE(_airbyte_data, '$.creator.login') as creator_login,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.updated_at') AS TIMESTAMP) as updated_at,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by github_deployment_id order by extracted_at desc, updated_at desc, raw_id desc) = 1
),

delivered as (
  select
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.deployment.id') AS INT64) as github_deployment_id,
    JSON_VALUE(_airbyte_data, '$.repository.full_name') as repository,
    JSON_VALUE(_airbyte_data, '$.deployment.sha') as commit_sha,
    JSON_VALUE(_airbyte_data, '$.deployment.ref') as ref,
    JSON_VALUE(_airbyte_data, '$.deployment.task') as task,
    JSON_VALUE(_airbyte_data, '$.deployment.environment') as environment,
    JSON_VALUE(_airbyte_data, '$.deployment.creator.login') as creator_login,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.deployment.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.deployment.updated_at') AS TIMESTAMP) as updated_at,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from `doraform-demo.airbyte_internal.github_webhook_raw__stream_deployment_status`
),

-- a deployment only deployment_status deliveries have carried so far: its newest delivery; polled
-- records win (docs/metrics.md#decision-39)
delivered_only as (
  select * from delivered
  where github_deployment_id is not null
    and github_deployment_id not in (select github_deployment_id from latest where github_deployment_id is not null)
  qualify row_number() over (partition by github_deployment_id order by extracted_at desc, updated_at desc, raw_id desc) = 1
)

select github_deployment_id, repository, commit_sha, ref, task, environment, creator_login, created_at, updated_at, extracted_at
from latest
union all
select github_deployment_id, repository, commit_sha, ref, task, environment, creator_login, created_at, updated_at, extracted_at
from delivered_only
