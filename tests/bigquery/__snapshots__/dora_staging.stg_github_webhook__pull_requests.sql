-- dora_staging.stg_github_webhook__pull_requests from definitions/staging/stg_github_webhook__pull_requests.sqlx, compiled for BigQuery
-- view query
with source as (
  select * from `doraform-demo.airbyte_internal.github_webhook_raw__stream_pull_request`
),

-- a delivery carries no commits (first_commit_at is then the opened time), no files (in a monorepo a
-- change of no service yet) and labels as objects (a hotfix is then known by its branch only);
-- commits_total and files_total are the delivery's counts; no reviews either (no pickup time,
-- docs/metrics.md#decision-66)
parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.repository.full_name') as repository,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.pull_request.number') AS INT64) as pull_number,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.pull_request.id') AS INT64) as pull_request_id,
    JSON_VALUE(_airbyte_data, '$.pull_request.node_id') as node_id,
    JSON_VALUE(_airbyte_data, '$.pull_request.title') as title,
    JSON_VALUE(_airbyte_data, '$.pull_request.body') as body,
    'MERGED' as state,
    JSON_VALUE(_airbyte_data, '$.pull_request.user.login') as author_login,
    cast(null as string) as labels,
    JSON_VALUE(_airbyte_data, '$.pull_request.base.ref') as base_ref,
    JSON_VALUE(_airbyte_data, '$.pull_request.head.ref') as head_ref,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.pull_request.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.pull_request.updated_at') AS TIMESTAMP) as updated_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.pull_request.merged_at') AS TIMESTAMP) as merged_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.pull_request.closed_at') AS TIMESTAMP) as closed_at,
    JSON_VALUE(_airbyte_data, '$.pull_request.merge_commit_sha') as merge_commit_sha,
    cast(null as string) as commits,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.pull_request.commits') AS INT64) as commits_total,
    cast(null as string) as files,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.pull_request.changed_files') AS INT64) as files_total,
    cast(null as string) as reviews,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id,
    JSON_VALUE(_airbyte_data, '$.action') as action,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.pull_request.merged') AS BOOL) as is_merged
  from source
),

polled as (
  select repository, pull_number from `doraform-demo.dora_staging.stg_github__pull_requests`
),

-- the newest closed-and-merged delivery of a pull request no sync has read: once one has, the polled
-- record is the only one (docs/metrics.md#decision-52)
newest as (
  select parsed.* from parsed
  left join polled using (repository, pull_number)
  where parsed.action = 'closed' and parsed.is_merged and parsed.pull_number is not null
    and polled.pull_number is null
  qualify row_number() over (
    partition by parsed.repository, parsed.pull_number order by parsed.updated_at desc, parsed.extracted_at desc, parsed.raw_id desc
  ) = 1
)

select repository, pull_number, pull_request_id, node_id, title, body, state, author_login, labels, base_ref, head_ref,
  created_at, updated_at, merged_at, closed_at, merge_commit_sha, commits, commits_total, files, files_total,
  reviews, extracted_at
from newest
