-- dora_staging.int_changes__pull_requests from definitions/intermediate/int_changes__pull_requests.sqlx, compiled for BigQuery
-- incremental query
-- late and re-read records always carry a later extraction time than what is kept (the rows of
-- other rules were deleted above: none left, every pull request is read); each table filtered on
-- its own, so the filter is on the staging table's partition column (includes/watermarks.js)
with pull_requests as (
  select * from (
    -- by name: a column added later (reviews) comes last in an older warehouse's table, first in the view
    select repository, pull_number, title, body, author_login, labels, base_ref, head_ref, created_at, merged_at, merge_commit_sha, commits, files, reviews, extracted_at from `doraform-demo.dora_staging.stg_github__pull_requests`
    
    union all
    -- merged pull requests only a webhook delivery has carried so far (docs/metrics.md#decision-52)
    select repository, pull_number, title, body, author_login, labels, base_ref, head_ref, created_at, merged_at, merge_commit_sha, commits, files, reviews, extracted_at from `doraform-demo.dora_staging.stg_github_webhook__pull_requests`
    
  ) as merged_or_not
  where merged_at is not null and merge_commit_sha is not null
),

-- the JSON lists parsed in columns of their own: DuckDB unnests a column of a lateral join in one
-- pass, but hashes the whole input to unnest an expression
-- incremental: the pre-operation deleted the rows of pull requests read again, and every row when the
-- catalog or the overrides changed (rules_fingerprint); a label excluded after the merge removes the change
pull_request_lists as (
  select
    repository,
    pull_number,
    author_login,
    merged_at,
    JSON_VALUE_ARRAY(labels, '$') as label_list,
    JSON_VALUE_ARRAY(files, '$') as file_list,
    JSON_QUERY_ARRAY(commits, '$') as commit_list,
    JSON_QUERY_ARRAY(reviews, '$') as review_list
  from pull_requests
),

labels as (
  select lists.repository, lists.pull_number, label
  from pull_request_lists as lists
  CROSS JOIN UNNEST(lists.label_list) AS label
),

label_flags as (
  select
    repository,
    pull_number,
    LOGICAL_OR(label = 'hotfix') as has_hotfix_label,
    LOGICAL_OR(false) as has_excluded_label
  from labels
  group by repository, pull_number
),

files as (
  select lists.repository, lists.pull_number, file
  from pull_request_lists as lists
  CROSS JOIN UNNEST(lists.file_list) AS file
),

prefixes as (
  select cast(null as string) as service, cast(null as string) as repository, cast(null as string) as path_prefix from (select 1 as one) as empty where false
),

-- in a monorepo one row per service whose path prefixes its files touch (a service without prefixes
-- takes every pull request)
touched as (
  select distinct files.repository, files.pull_number, prefixes.service
  from files
  join prefixes on prefixes.repository = files.repository and starts_with(files.file, prefixes.path_prefix)
),

-- first_commit_at: the earliest of its listed commits' author dates and its opened time
first_commits as (
  select
    lists.repository,
    lists.pull_number,
    min(SAFE_CAST(JSON_VALUE(pr_commit, '$.authored_date') AS TIMESTAMP)) as first_authored_at
  from pull_request_lists as lists
  CROSS JOIN UNNEST(lists.commit_list) AS pr_commit
  group by lists.repository, lists.pull_number
),

reviews as (
  select
    lists.repository,
    lists.pull_number,
    lists.author_login,
    lists.merged_at,
    JSON_VALUE(review, '$.author_login') as reviewer_login,
    SAFE_CAST(JSON_VALUE(review, '$.author_is_bot') AS BOOL) as reviewer_is_bot,
    SAFE_CAST(JSON_VALUE(review, '$.submitted_at') AS TIMESTAMP) as submitted_at
  from pull_request_lists as lists
  CROSS JOIN UNNEST(lists.review_list) AS review
),

-- first_reviewed_at: the earliest review submitted (a pending one has no submission) by someone other
-- than the author and no bot, at the latest at the merge (docs/metrics.md#decision-66)
first_reviews as (
  select repository, pull_number, min(submitted_at) as first_reviewed_at
  from reviews
  where submitted_at <= merged_at
    and reviewer_login != coalesce(author_login, '')
    and not coalesce(reviewer_is_bot, false)
    and not false
  group by repository, pull_number
),

services as (
  select services.*, services.service in (select service from prefixes) as has_prefixes
  from `doraform-demo.dora_staging.int_services` as services
),

-- pull requests by bot logins or by the overrides' excluded authors or labels are not changes
-- (docs/metrics.md#decision-3, docs/metrics.md#decision-26)
changes as (
  select
    services.service,
    services.team,
    services.is_monorepo,
    pull_requests.*,
    first_commits.first_authored_at,
    first_reviews.first_reviewed_at,
    coalesce(label_flags.has_hotfix_label, false) as has_hotfix_label
  from pull_requests
  join services on services.repository = pull_requests.repository
  left join label_flags
    on label_flags.repository = pull_requests.repository and label_flags.pull_number = pull_requests.pull_number
  left join first_commits
    on first_commits.repository = pull_requests.repository and first_commits.pull_number = pull_requests.pull_number
  left join first_reviews
    on first_reviews.repository = pull_requests.repository and first_reviews.pull_number = pull_requests.pull_number
  left join touched
    on touched.repository = pull_requests.repository
    and touched.pull_number = pull_requests.pull_number
    and touched.service = services.service
  where not (services.has_prefixes and touched.service is null)
    and not coalesce(label_flags.has_excluded_label, false)
    and not false
)

select
  CONCAT('gh-pr:', repository, '#', cast(pull_number as string), if(is_monorepo, CONCAT('/', service), '')) as change_id,
  service,
  team,
  repository,
  pull_number,
  merge_commit_sha,
  if(first_authored_at is not null and first_authored_at < created_at, first_authored_at, created_at) as first_commit_at,
  created_at as opened_at,
  first_reviewed_at,
  merged_at,
  title,
  body,
  head_ref,
  base_ref,
  has_hotfix_label or starts_with(coalesce(head_ref, ''), 'hotfix/') as is_hotfix,
  extracted_at,
  '05b8d5ca' as rules_fingerprint
from changes

-- incremental pre-operation
DECLARE newest_kept TIMESTAMP DEFAULT (select coalesce(max(extracted_at), TIMESTAMP '1970-01-01 00:00:00+00') from `doraform-demo.dora_staging.int_changes__pull_requests`)

-- incremental pre-operation
DECLARE newest_left TIMESTAMP

-- incremental pre-operation
delete from `doraform-demo.dora_staging.int_changes__pull_requests`
  where rules_fingerprint != '05b8d5ca'
    or CONCAT(repository, '#', cast(pull_number as string)) in (
      select CONCAT(repository, '#', cast(pull_number as string)) from `doraform-demo.dora_staging.stg_github__pull_requests`
      where extracted_at >= newest_kept
      union all
      select CONCAT(repository, '#', cast(pull_number as string)) from `doraform-demo.dora_staging.stg_github_webhook__pull_requests`
      where extracted_at >= newest_kept
    )

-- incremental pre-operation
SET newest_left = (select coalesce(max(extracted_at), TIMESTAMP '1970-01-01 00:00:00+00') from `doraform-demo.dora_staging.int_changes__pull_requests`)

-- incremental query
-- late and re-read records always carry a later extraction time than what is kept (the rows of
-- other rules were deleted above: none left, every pull request is read); each table filtered on
-- its own, so the filter is on the staging table's partition column (includes/watermarks.js)
with pull_requests as (
  select * from (
    -- by name: a column added later (reviews) comes last in an older warehouse's table, first in the view
    select repository, pull_number, title, body, author_login, labels, base_ref, head_ref, created_at, merged_at, merge_commit_sha, commits, files, reviews, extracted_at from `doraform-demo.dora_staging.stg_github__pull_requests`
    where extracted_at >= newest_left
    union all
    -- merged pull requests only a webhook delivery has carried so far (docs/metrics.md#decision-52)
    select repository, pull_number, title, body, author_login, labels, base_ref, head_ref, created_at, merged_at, merge_commit_sha, commits, files, reviews, extracted_at from `doraform-demo.dora_staging.stg_github_webhook__pull_requests`
    where extracted_at >= newest_left
  ) as merged_or_not
  where merged_at is not null and merge_commit_sha is not null
),

-- the JSON lists parsed in columns of their own: DuckDB unnests a column of a lateral join in one
-- pass, but hashes the whole input to unnest an expression
-- incremental: the pre-operation deleted the rows of pull requests read again, and every row when the
-- catalog or the overrides changed (rules_fingerprint); a label excluded after the merge removes the change
pull_request_lists as (
  select
    repository,
    pull_number,
    author_login,
    merged_at,
    JSON_VALUE_ARRAY(labels, '$') as label_list,
    JSON_VALUE_ARRAY(files, '$') as file_list,
    JSON_QUERY_ARRAY(commits, '$') as commit_list,
    JSON_QUERY_ARRAY(reviews, '$') as review_list
  from pull_requests
),

labels as (
  select lists.repository, lists.pull_number, label
  from pull_request_lists as lists
  CROSS JOIN UNNEST(lists.label_list) AS label
),

label_flags as (
  select
    repository,
    pull_number,
    LOGICAL_OR(label = 'hotfix') as has_hotfix_label,
    LOGICAL_OR(false) as has_excluded_label
  from labels
  group by repository, pull_number
),

files as (
  select lists.repository, lists.pull_number, file
  from pull_request_lists as lists
  CROSS JOIN UNNEST(lists.file_list) AS file
),

prefixes as (
  select cast(null as string) as service, cast(null as string) as repository, cast(null as string) as path_prefix from (select 1 as one) as empty where false
),

-- in a monorepo one row per service whose path prefixes its files touch (a service without prefixes
-- takes every pull request)
touched as (
  select distinct files.repository, files.pull_number, prefixes.service
  from files
  join prefixes on prefixes.repository = files.repository and starts_with(files.file, prefixes.path_prefix)
),

-- first_commit_at: the earliest of its listed commits' author dates and its opened time
first_commits as (
  select
    lists.repository,
    lists.pull_number,
    min(SAFE_CAST(JSON_VALUE(pr_commit, '$.authored_date') AS TIMESTAMP)) as first_authored_at
  from pull_request_lists as lists
  CROSS JOIN UNNEST(lists.commit_list) AS pr_commit
  group by lists.repository, lists.pull_number
),

reviews as (
  select
    lists.repository,
    lists.pull_number,
    lists.author_login,
    lists.merged_at,
    JSON_VALUE(review, '$.author_login') as reviewer_login,
    SAFE_CAST(JSON_VALUE(review, '$.author_is_bot') AS BOOL) as reviewer_is_bot,
    SAFE_CAST(JSON_VALUE(review, '$.submitted_at') AS TIMESTAMP) as submitted_at
  from pull_request_lists as lists
  CROSS JOIN UNNEST(lists.review_list) AS review
),

-- first_reviewed_at: the earliest review submitted (a pending one has no submission) by someone other
-- than the author and no bot, at the latest at the merge (docs/metrics.md#decision-66)
first_reviews as (
  select repository, pull_number, min(submitted_at) as first_reviewed_at
  from reviews
  where submitted_at <= merged_at
    and reviewer_login != coalesce(author_login, '')
    and not coalesce(reviewer_is_bot, false)
    and not false
  group by repository, pull_number
),

services as (
  select services.*, services.service in (select service from prefixes) as has_prefixes
  from `doraform-demo.dora_staging.int_services` as services
),

-- pull requests by bot logins or by the overrides' excluded authors or labels are not changes
-- (docs/metrics.md#decision-3, docs/metrics.md#decision-26)
changes as (
  select
    services.service,
    services.team,
    services.is_monorepo,
    pull_requests.*,
    first_commits.first_authored_at,
    first_reviews.first_reviewed_at,
    coalesce(label_flags.has_hotfix_label, false) as has_hotfix_label
  from pull_requests
  join services on services.repository = pull_requests.repository
  left join label_flags
    on label_flags.repository = pull_requests.repository and label_flags.pull_number = pull_requests.pull_number
  left join first_commits
    on first_commits.repository = pull_requests.repository and first_commits.pull_number = pull_requests.pull_number
  left join first_reviews
    on first_reviews.repository = pull_requests.repository and first_reviews.pull_number = pull_requests.pull_number
  left join touched
    on touched.repository = pull_requests.repository
    and touched.pull_number = pull_requests.pull_number
    and touched.service = services.service
  where not (services.has_prefixes and touched.service is null)
    and not coalesce(label_flags.has_excluded_label, false)
    and not false
)

select
  CONCAT('gh-pr:', repository, '#', cast(pull_number as string), if(is_monorepo, CONCAT('/', service), '')) as change_id,
  service,
  team,
  repository,
  pull_number,
  merge_commit_sha,
  if(first_authored_at is not null and first_authored_at < created_at, first_authored_at, created_at) as first_commit_at,
  created_at as opened_at,
  first_reviewed_at,
  merged_at,
  title,
  body,
  head_ref,
  base_ref,
  has_hotfix_label or starts_with(coalesce(head_ref, ''), 'hotfix/') as is_hotfix,
  extracted_at,
  '05b8d5ca' as rules_fingerprint
from changes
