-- dora_staging.int_deployment_commits from definitions/intermediate/int_deployment_commits.sqlx, compiled for BigQuery
-- table query
with sequence as (
  select * from `doraform-demo.dora_staging.int_deployment_sequence`
  where previous_commit_sha is not null and previous_commit_sha != commit_sha
)

-- the commits reachable from its commit and not from its previous deployment's: the compare
-- previous...this; a deployment of its previous one's commit contains nothing (docs/metrics.md#decision-11)
select distinct sequence.deployment_id, sequence.service, sequence.repository, compares.commit_sha
from sequence
join `doraform-demo.dora_staging.int_deployment_commits__compares` as compares
  on compares.repository = sequence.repository
  and compares.base_sha = sequence.previous_commit_sha
  and compares.head_sha = sequence.commit_sha
