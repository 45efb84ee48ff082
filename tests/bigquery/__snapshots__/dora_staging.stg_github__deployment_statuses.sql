-- dora_staging.stg_github__deployment_statuses from definitions/staging/stg_github__deployment_statuses.sqlx, compiled for BigQuery
-- table query
with source as (
  select * from `doraform-demo.airbyte_internal.github_raw__stream_deployment_statuses`
),

parsed as (
  select
    coalesce(JSON_VALUE(_airbyte_data, '$.node_id'), cast(SAFE_CAST(JSON_VALUE(_airbyte_data, '$.id') AS INT64) as string)) as status_key,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.id') AS INT64) as status_id,
    JSON_VALUE(_airbyte_data, '$.node_id') as node_id,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.deployment_id') AS INT64) as github_deployment_id,
    JSON_VALUE(_airbyte_data, '$.repository') as repository,
    JSON_VALUE(_airbyte_data, '$.state') as state,
    JSON_VALUE(_airbyte_data, '$.environment') as environment,
    JSON_VALUE(_airbyte_data, '$.description') as description,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.updated_at') AS TIMESTAMP) as updated_at,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- each read of a deployment lands all its statuses, by GraphQL (no id) or REST: once a deployment
-- has been read with node ids, its records landed before they were kept (id only) are superseded
reread as (
  select distinct github_deployment_id from parsed
  where node_id is not null and github_deployment_id is not null
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where node_id is not null
    or github_deployment_id not in (select github_deployment_id from reread)
  qualify row_number() over (partition by status_key order by extracted_at desc, updated_at desc, raw_id desc) = 1
),

delivered as (
  select
    coalesce(JSON_VALUE(_airbyte_data, '$.deployment_status.node_id'), cast(SAFE_CAST(JSON_VALUE(_airbyte_data, '$.deployment_status.id') AS INT64) as string)) as status_key,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.deployment_status.id') AS INT64) as status_id,
    JSON_VALUE(_airbyte_data, '$.deployment_status.node_id') as node_id,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.deployment.id') AS INT64) as github_deployment_id,
    JSON_VALUE(_airbyte_data, '$.repository.full_name') as repository,
    JSON_VALUE(_airbyte_data, '$.deployment_status.state') as state,
    JSON_VALUE(_airbyte_data, '$.deployment_status.environment') as environment,
    JSON_VALUE(_airbyte_data, '$.deployment_status.description') as description,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.deployment_status.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.deployment_status.updated_at') AS TIMESTAMP) as updated_at,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from `doraform-demo.airbyte_internal.github_webhook_raw__stream_deployment_status`
),

-- a status only deployment_status deliveries have carried so far: its newest delivery; polled records win,
-- matched on REST's id or, for a status read by GraphQL, the node id (docs/metrics.md#decision-39)
delivered_only as (
  select * from delivered
  where status_key is not null
    and (status_id is null or status_id not in (select status_id from parsed where status_id is not null))
    and (node_id is null or node_id not in (select node_id from parsed where node_id is not null))
  qualify row_number() over (partition by status_key order by extracted_at desc, updated_at desc, raw_id desc) = 1
)

select status_key, status_id, node_id, github_deployment_id, repository, state, environment, description, created_at, updated_at, extracted_at
from latest
union all
select status_key, status_id, node_id, github_deployment_id, repository, state, environment, description, created_at, updated_at, extracted_at
from delivered_only
