-- dora_staging.stg_github__workflow_runs from definitions/staging/stg_github__workflow_runs.sqlx, compiled for BigQuery
-- incremental query
with source as (
  select * from `doraform-demo.airbyte_internal.github_raw__stream_workflow_runs`
  -- late and re-read records always carry a later extraction time than what is kept (includes/watermarks.js)
  
),

parsed as (
  select
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.id') AS INT64) as run_id,
    JSON_VALUE(_airbyte_data, '$.repository.full_name') as repository,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.workflow_id') AS INT64) as workflow_id,
    JSON_VALUE(_airbyte_data, '$.name') as workflow_name,
    JSON_VALUE(_airbyte_data, '$.path') as workflow_path,
    JSON_VALUE(_airbyte_data, '$.head_branch') as head_branch,
    JSON_VALUE(_airbyte_data, '$.head_sha') as head_sha,
    JSON_VALUE(_airbyte_data, '$.event') as event,
    JSON_VALUE(_airbyte_data, '$.status') as status,
    JSON_VALUE(_airbyte_data, '$.conclusion') as conclusion,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.run_attempt') AS INT64) as run_attempt,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.run_started_at') AS TIMESTAMP) as run_started_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.updated_at') AS TIMESTAMP) as updated_at,
    JSON_VALUE(_airbyte_data, '$.html_url') as html_url,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by run_id order by extracted_at desc, updated_at desc, raw_id desc) = 1
)

select run_id, repository, workflow_id, workflow_name, workflow_path, head_branch, head_sha, event, status, conclusion, run_attempt, run_started_at, created_at, updated_at, html_url, extracted_at
from latest

-- incremental pre-operation
DECLARE newest_kept TIMESTAMP DEFAULT (select coalesce(max(extracted_at), TIMESTAMP '1970-01-01 00:00:00+00') from `doraform-demo.dora_staging.stg_github__workflow_runs`)

-- incremental query
with source as (
  select * from `doraform-demo.airbyte_internal.github_raw__stream_workflow_runs`
  -- late and re-read records always carry a later extraction time than what is kept (includes/watermarks.js)
  where _airbyte_extracted_at >= newest_kept
),

parsed as (
  select
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.id') AS INT64) as run_id,
    JSON_VALUE(_airbyte_data, '$.repository.full_name') as repository,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.workflow_id') AS INT64) as workflow_id,
    JSON_VALUE(_airbyte_data, '$.name') as workflow_name,
    JSON_VALUE(_airbyte_data, '$.path') as workflow_path,
    JSON_VALUE(_airbyte_data, '$.head_branch') as head_branch,
    JSON_VALUE(_airbyte_data, '$.head_sha') as head_sha,
    JSON_VALUE(_airbyte_data, '$.event') as event,
    JSON_VALUE(_airbyte_data, '$.status') as status,
    JSON_VALUE(_airbyte_data, '$.conclusion') as conclusion,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.run_attempt') AS INT64) as run_attempt,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.run_started_at') AS TIMESTAMP) as run_started_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.updated_at') AS TIMESTAMP) as updated_at,
    JSON_VALUE(_airbyte_data, '$.html_url') as html_url,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by run_id order by extracted_at desc, updated_at desc, raw_id desc) = 1
)

select run_id, repository, workflow_id, workflow_name, workflow_path, head_branch, head_sha, event, status, conclusion, run_attempt, run_started_at, created_at, updated_at, html_url, extracted_at
from latest
