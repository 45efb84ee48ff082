-- dora_staging.int_change_reverts from definitions/intermediate/int_change_reverts.sqlx, compiled for BigQuery
-- table query
with reverting as (
  select * from `doraform-demo.dora_staging.int_changes`
  where deployment_id is not null and strpos(coalesce(body, ''), 'Reverts ') > 0
),

-- every `Reverts <owner>/<repo>#<n>` in a deployed pull request's body; the reverted change is the one of
-- the same service (docs/metrics.md#decision-32)
mentions as (
  select distinct
    reverting.change_id,
    reverting.service,
    reverting.deployment_id,
    reverting.deployed_at,
    REGEXP_EXTRACT(piece, '^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#[0-9]+') as reverted_repository,
    SAFE_CAST(REGEXP_EXTRACT(piece, '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#([0-9]+)') AS INT64) as reverted_pull_number
  from reverting
  CROSS JOIN UNNEST(split(REGEXP_REPLACE(coalesce(reverting.body, ''), 'Reverts ', '␞'), '␞')) AS piece WITH OFFSET AS piece_index
  where piece_index > 0
)

select
  mentions.change_id,
  mentions.deployment_id as reverting_deployment_id,
  mentions.deployed_at as reverting_deployed_at,
  reverted.change_id as reverted_change_id,
  reverted.deployment_id as reverted_deployment_id
from mentions
join `doraform-demo.dora_staging.int_changes` as reverted
  on reverted.repository = mentions.reverted_repository
  and reverted.pull_number = mentions.reverted_pull_number
  and reverted.service = mentions.service
where reverted.deployment_id is not null
