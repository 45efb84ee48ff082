-- dora_staging.stg_github_webhook__workflow_runs from definitions/staging/stg_github_webhook__workflow_runs.sqlx, compiled for BigQuery
-- view query
with source as (
  select * from `doraform-demo.airbyte_internal.github_webhook_raw__stream_workflow_run`
),

parsed as (
  select
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.workflow_run.id') AS INT64) as run_id,
    coalesce(JSON_VALUE(_airbyte_data, '$.workflow_run.repository.full_name'), JSON_VALUE(_airbyte_data, '$.repository.full_name')) as repository,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.workflow_run.workflow_id') AS INT64) as workflow_id,
    JSON_VALUE(_airbyte_data, '$.workflow_run.name') as workflow_name,
    -- the REST run has its path; a delivery's run may not, its workflow object has it
    coalesce(JSON_VALUE(_airbyte_data, '$.workflow_run.path'), JSON_VALUE(_airbyte_data, '$.workflow.path')) as workflow_path,
    JSON_VALUE(_airbyte_data, '$.workflow_run.head_branch') as head_branch,
    JSON_VALUE(_airbyte_data, '$.workflow_run.head_sha') as head_sha,
    JSON_VALUE(_airbyte_data, '$.workflow_run.event') as event,
    JSON_VALUE(_airbyte_data, '$.workflow_run.status') as status,
    JSON_VALUE(_airbyte_data, '$.workflow_run.conclusion') as conclusion,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.workflow_run.run_attempt') AS INT64) as run_attempt,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.workflow_run.run_started_at') AS TIMESTAMP) as run_started_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.workflow_run.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.workflow_run.updated_at') AS TIMESTAMP) as updated_at,
    JSON_VALUE(_airbyte_data, '$.workflow_run.html_url') as html_url,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- deliveries arrive in any order: the newest state of the run is the one with the latest updated_at
-- once a sync has read the run, the polled record is the only one, whatever the deliveries say; a
-- delivery has no jobs, so its deployment is provisional until then (docs/metrics.md#decision-52)
newest as (
  select * from parsed
  where run_id is not null
    and run_id not in (select run_id from `doraform-demo.dora_staging.stg_github__workflow_runs`)
  qualify row_number() over (partition by run_id order by updated_at desc, extracted_at desc, raw_id desc) = 1
)

select run_id, repository, workflow_id, workflow_name, workflow_path, head_branch, head_sha, event, status, conclusion, run_attempt, run_started_at, created_at, updated_at, html_url, extracted_at
from newest
