-- dora_staging.stg_github__repositories from definitions/staging/stg_github__repositories.sqlx, compiled for BigQuery
-- view query
with source as (
  select * from `doraform-demo.airbyte_internal.github_raw__stream_repositories`
),

parsed as (
  select
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.id') AS INT64) as repository_id,
    JSON_VALUE(_airbyte_data, '$.full_name') as repository,
    JSON_VALUE(_airbyte_data, '$.name') as name,
    JSON_VALUE(_airbyte_data, '$.default_branch') as default_branch,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.archived') AS BOOL) as is_archived,
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
  qualify row_number() over (partition by repository_id order by extracted_at desc, raw_id desc) = 1
)

select repository_id, repository, name, default_branch, is_archived, html_url, extracted_at
from latest
