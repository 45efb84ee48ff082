-- dora_staging.stg_doraform__deployments from definitions/staging/stg_doraform__deployments.sqlx, compiled for BigQuery
-- view query
with source as (
  select * from `doraform-demo.airbyte_internal.doraform_raw__stream_deployments`
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.deployment_id') as deployment_id,
    JSON_VALUE(_airbyte_data, '$.service') as service,
    JSON_VALUE(_airbyte_data, '$.environment') as environment,
    JSON_VALUE(_airbyte_data, '$.repository') as repository,
    JSON_VALUE(_airbyte_data, '$.branch') as branch,
    lower(JSON_VALUE(_airbyte_data, '$.commit_sha')) as commit_sha,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.started_at') AS TIMESTAMP) as started_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.finished_at') AS TIMESTAMP) as finished_at,
    JSON_VALUE(_airbyte_data, '$.result') as result,
    JSON_VALUE(_airbyte_data, '$.source') as source,
    JSON_VALUE(_airbyte_data, '$.url') as url,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the newest report of each deployment wins (latest extraction, then the raw id)
latest as (
  select * from parsed
  where deployment_id is not null
  qualify row_number() over (partition by deployment_id order by extracted_at desc, raw_id desc) = 1
)

select deployment_id, service, environment, repository, branch, commit_sha, started_at, finished_at, result, source, url, extracted_at
from latest
