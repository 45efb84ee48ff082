-- dora_staging.stg_github__pull_requests from definitions/staging/stg_github__pull_requests.sqlx, compiled for BigQuery
-- incremental query
with source as (
  select * from `doraform-demo.airbyte_internal.github_raw__stream_pull_requests`
  -- late and re-read records always carry a later extraction time than what is kept (includes/watermarks.js)
  
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.repository') as repository,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.number') AS INT64) as pull_number,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.id') AS INT64) as pull_request_id,
    JSON_VALUE(_airbyte_data, '$.node_id') as node_id,
    JSON_VALUE(_airbyte_data, '$.title') as title,
    JSON_VALUE(_airbyte_data, '$.body') as body,
    JSON_VALUE(_airbyte_data, '$.state') as state,
    JSON_VALUE(_airbyte_data, '$.author_login') as author_login,
    JSON_QUERY(_airbyte_data, '$.labels') as labels,
    JSON_VALUE(_airbyte_data, '$.base_ref') as base_ref,
    JSON_VALUE(_airbyte_data, '$.head_ref') as head_ref,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.updated_at') AS TIMESTAMP) as updated_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.merged_at') AS TIMESTAMP) as merged_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.closed_at') AS TIMESTAMP) as closed_at,
    JSON_VALUE(_airbyte_data, '$.merge_commit_sha') as merge_commit_sha,
    JSON_QUERY(_airbyte_data, '$.commits') as commits,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.commits_total') AS INT64) as commits_total,
    JSON_QUERY(_airbyte_data, '$.files') as files,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.files_total') AS INT64) as files_total,
    JSON_QUERY(_airbyte_data, '$.reviews') as reviews,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by repository, pull_number order by extracted_at desc, updated_at desc, raw_id desc) = 1
)

select repository, pull_number, pull_request_id, node_id, title, body, state, author_login, labels, base_ref, head_ref,
  created_at, updated_at, merged_at, closed_at, merge_commit_sha, commits, commits_total, files, files_total,
  reviews, extracted_at
from latest

-- incremental pre-operation
DECLARE newest_kept TIMESTAMP DEFAULT (select coalesce(max(extracted_at), TIMESTAMP '1970-01-01 00:00:00+00') from `doraform-demo.dora_staging.stg_github__pull_requests`)

-- incremental query
with source as (
  select * from `doraform-demo.airbyte_internal.github_raw__stream_pull_requests`
  -- late and re-read records always carry a later extraction time than what is kept (includes/watermarks.js)
  where _airbyte_extracted_at >= newest_kept
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.repository') as repository,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.number') AS INT64) as pull_number,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.id') AS INT64) as pull_request_id,
    JSON_VALUE(_airbyte_data, '$.node_id') as node_id,
    JSON_VALUE(_airbyte_data, '$.title') as title,
    JSON_VALUE(_airbyte_data, '$.body') as body,
    JSON_VALUE(_airbyte_data, '$.state') as state,
    JSON_VALUE(_airbyte_data, '$.author_login') as author_login,
    JSON_QUERY(_airbyte_data, '$.labels') as labels,
    JSON_VALUE(_airbyte_data, '$.base_ref') as base_ref,
    JSON_VALUE(_airbyte_data, '$.head_ref') as head_ref,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.updated_at') AS TIMESTAMP) as updated_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.merged_at') AS TIMESTAMP) as merged_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.closed_at') AS TIMESTAMP) as closed_at,
    JSON_VALUE(_airbyte_data, '$.merge_commit_sha') as merge_commit_sha,
    JSON_QUERY(_airbyte_data, '$.commits') as commits,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.commits_total') AS INT64) as commits_total,
    JSON_QUERY(_airbyte_data, '$.files') as files,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.files_total') AS INT64) as files_total,
    JSON_QUERY(_airbyte_data, '$.reviews') as reviews,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by repository, pull_number order by extracted_at desc, updated_at desc, raw_id desc) = 1
)

select repository, pull_number, pull_request_id, node_id, title, body, state, author_login, labels, base_ref, head_ref,
  created_at, updated_at, merged_at, closed_at, merge_commit_sha, commits, commits_total, files, files_total,
  reviews, extracted_at
from latest
