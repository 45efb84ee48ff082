-- dora_staging.stg_github__commits from definitions/staging/stg_github__commits.sqlx, compiled for BigQuery
-- incremental query
with source as (
  select * from `doraform-demo.airbyte_internal.github_raw__stream_commits`
  -- late and re-read records always carry a later extraction time than what is kept (includes/watermarks.js)
  
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.repository') as repository,
    JSON_VALUE(_airbyte_data, '$.sha') as commit_sha,
    JSON_QUERY(_airbyte_data, '$.parents') as parents,
    JSON_VALUE(_airbyte_data, '$.message') as message,
    JSON_VALUE(_airbyte_data, '$.author_login') as author_login,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.author_date') AS TIMESTAMP) as author_date,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.committer_date') AS TIMESTAMP) as committer_date,
    JSON_QUERY(_airbyte_data, '$.pull_numbers') as pull_numbers,
    JSON_QUERY(_airbyte_data, '$.files') as files,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by repository, commit_sha order by extracted_at desc, raw_id desc) = 1
)

select repository, commit_sha, parents, message, author_login, author_date, committer_date, pull_numbers, files, extracted_at
from latest

-- incremental pre-operation
DECLARE newest_kept TIMESTAMP DEFAULT (select coalesce(max(extracted_at), TIMESTAMP '1970-01-01 00:00:00+00') from `doraform-demo.dora_staging.stg_github__commits`)

-- incremental query
with source as (
  select * from `doraform-demo.airbyte_internal.github_raw__stream_commits`
  -- late and re-read records always carry a later extraction time than what is kept (includes/watermarks.js)
  where _airbyte_extracted_at >= newest_kept
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.repository') as repository,
    JSON_VALUE(_airbyte_data, '$.sha') as commit_sha,
    JSON_QUERY(_airbyte_data, '$.parents') as parents,
    JSON_VALUE(_airbyte_data, '$.message') as message,
    JSON_VALUE(_airbyte_data, '$.author_login') as author_login,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.author_date') AS TIMESTAMP) as author_date,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.committer_date') AS TIMESTAMP) as committer_date,
    JSON_QUERY(_airbyte_data, '$.pull_numbers') as pull_numbers,
    JSON_QUERY(_airbyte_data, '$.files') as files,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by repository, commit_sha order by extracted_at desc, raw_id desc) = 1
)

select repository, commit_sha, parents, message, author_login, author_date, committer_date, pull_numbers, files, extracted_at
from latest
