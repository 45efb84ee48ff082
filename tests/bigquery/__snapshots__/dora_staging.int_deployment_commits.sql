-- dora_staging.int_deployment_commits from definitions/intermediate/int_deployment_commits.sqlx, compiled for BigQuery
-- table query
with sequence as (
  select * from `doraform-demo.dora_staging.int_deployment_sequence`
  where previous_commit_sha is not null and previous_commit_sha != commit_sha
),

compares as (
  select * from `doraform-demo.dora_staging.stg_github__deployment_commits`
)

select distinct sequence.deployment_id, sequence.service, sequence.repository, content_sha as commit_sha
from sequence
join compares
  on compares.repository = sequence.repository
  and compares.base_sha = sequence.previous_commit_sha
  and compares.head_sha = sequence.commit_sha
CROSS JOIN UNNEST(JSON_VALUE_ARRAY(compares.commit_shas, '$')) AS content_sha
