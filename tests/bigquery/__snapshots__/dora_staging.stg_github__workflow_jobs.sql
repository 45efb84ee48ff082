-- dora_staging.stg_github__workflow_jobs from definitions/staging/stg_github__workflow_jobs.sqlx, compiled for BigQuery
-- incremental query
with source as (
  select * from `doraform-demo.airbyte_internal.github_raw__stream_workflow_jobs`
  -- late and re-read records always carry a later extraction time than what is kept (includes/watermarks.js)
  
),

parsed as (
  select
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.id') AS INT64) as job_id,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.run_id') AS INT64) as run_id,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.run_attempt') AS INT64) as run_attempt,
    JSON_VALUE(_airbyte_data, '$.repository') as repository,
    JSON_VALUE(_airbyte_data, '$.name') as job_name,
    JSON_VALUE(_airbyte_data, '$.status') as status,
    JSON_VALUE(_airbyte_data, '$.conclusion') as conclusion,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.started_at') AS TIMESTAMP) as started_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.completed_at') AS TIMESTAMP) as completed_at,
    JSON_VALUE(_airbyte_data, '$.head_sha') as head_sha,
    JSON_VALUE(_airbyte_data, '$.workflow_name') as workflow_name,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by job_id order by extracted_at desc, completed_at desc, raw_id desc) = 1
)

select job_id, run_id, run_attempt, repository, job_name, status, conclusion, created_at, started_at, completed_at, head_sha, workflow_name, extracted_at
from latest

-- incremental pre-operation
DECLARE newest_kept TIMESTAMP DEFAULT (select coalesce(max(extracted_at), TIMESTAMP '1970-01-01 00:00:00+00') from `doraform-demo.dora_staging.stg_github__workflow_jobs`)

-- incremental query
with source as (
  select * from `doraform-demo.airbyte_internal.github_raw__stream_workflow_jobs`
  -- late and re-read records always carry a later extraction time than what is kept (includes/watermarks.js)
  where _airbyte_extracted_at >= newest_kept
),

parsed as (
  select
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.id') AS INT64) as job_id,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.run_id') AS INT64) as run_id,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.run_attempt') AS INT64) as run_attempt,
    JSON_VALUE(_airbyte_data, '$.repository') as repository,
    JSON_VALUE(_airbyte_data, '$.name') as job_name,
    JSON_VALUE(_airbyte_data, '$.status') as status,
    JSON_VALUE(_airbyte_data, '$.conclusion') as conclusion,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.started_at') AS TIMESTAMP) as started_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.completed_at') AS TIMESTAMP) as completed_at,
    JSON_VALUE(_airbyte_data, '$.head_sha') as head_sha,
    JSON_VALUE(_airbyte_data, '$.workflow_name') as workflow_name,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by job_id order by extracted_at desc, completed_at desc, raw_id desc) = 1
)

select job_id, run_id, run_attempt, repository, job_name, status, conclusion, created_at, started_at, completed_at, head_sha, workflow_name, extracted_at
from latest
