-- dora_staging.int_changes__direct_pushes from definitions/intermediate/int_changes__direct_pushes.sqlx, compiled for BigQuery
-- table query
-- commits land only from deployment contents; bot logins' commits are not changes
-- (docs/metrics.md#decision-10, docs/metrics.md#decision-22)
with commits as (
  select * from `doraform-demo.dora_staging.stg_github__commits`
  where coalesce(array_length(JSON_VALUE_ARRAY(pull_numbers, '$')), 0) = 0
    and not false
),

contained as (
  select distinct contents.service, contents.repository, contents.commit_sha
  from `doraform-demo.dora_staging.int_deployment_commits` as contents
  join commits using (repository, commit_sha)
),

-- the file list parsed in a column of its own: DuckDB unnests a column of a lateral join in one
-- pass, but hashes the whole input to unnest an expression
commit_files as (
  select repository, commit_sha, JSON_VALUE_ARRAY(files, '$') as file_list
  from commits
),

files as (
  select commit_files.repository, commit_files.commit_sha, file
  from commit_files
  CROSS JOIN UNNEST(commit_files.file_list) AS file
),

prefixes as (
  select cast(null as string) as service, cast(null as string) as repository, cast(null as string) as path_prefix from (select 1 as one) as empty where false
),

-- in a monorepo a commit is a change of each service whose path prefixes its files touch
touched as (
  select distinct files.repository, files.commit_sha, prefixes.service
  from files
  join prefixes on prefixes.repository = files.repository and starts_with(files.file, prefixes.path_prefix)
),

services as (
  select services.*, services.service in (select service from prefixes) as has_prefixes
  from `doraform-demo.dora_staging.int_services` as services
)

select
  CONCAT('gh-commit:', contained.repository, '@', contained.commit_sha, if(services.is_monorepo, CONCAT('/', services.service), '')) as change_id,
  services.service,
  services.team,
  contained.repository,
  contained.commit_sha as merge_commit_sha,
  commits.author_date as first_commit_at,
  commits.committer_date as merged_at
from contained
join commits using (repository, commit_sha)
join services on services.service = contained.service
left join touched
  on touched.repository = contained.repository
  and touched.commit_sha = contained.commit_sha
  and touched.service = contained.service
where not (services.has_prefixes and touched.service is null)
