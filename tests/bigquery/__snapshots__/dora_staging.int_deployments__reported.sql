-- dora_staging.int_deployments__reported from definitions/intermediate/int_deployments__reported.sqlx, compiled for BigQuery
-- table query
-- a report of GitHub's record (same service and commit, finished at most 600 seconds apart) is its twin
-- and counts as GitHub's (int_deployments__twins; docs/metrics.md#decision-36, docs/metrics.md#decision-51)
select
  reported.deployment_id,
  cast(null as int64) as run_id,
  services.service,
  services.team,
  coalesce(reported.repository, services.repository) as repository,
  reported.environment,
  coalesce(reported.source, 'generic') as source,
  reported.branch,
  reported.commit_sha,
  reported.started_at,
  reported.finished_at,
  reported.result,
  reported.url
from `doraform-demo.dora_staging.stg_doraform__deployments` as reported
join `doraform-demo.dora_staging.int_services` as services on services.service = reported.service
where REGEXP_CONTAINS(reported.environment, '^prod(uction)?$')
  and reported.result in ('success', 'failure', 'cancelled')
  and reported.finished_at is not null
  and reported.commit_sha is not null
