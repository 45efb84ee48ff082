-- dora_staging.stg_doraform__incident_links from definitions/staging/stg_doraform__incident_links.sqlx, compiled for BigQuery
-- view query
with source as (
  select * from `doraform-demo.airbyte_internal.doraform_raw__stream_incident_links`
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.incident_id') as incident_id,
    JSON_VALUE(_airbyte_data, '$.deployment_id') as deployment_id,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.linked_at') AS TIMESTAMP) as linked_at,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the latest record of a link wins (docs/metrics.md#decision-63): by when the command linked, then by landing
latest as (
  select * from parsed
  where incident_id is not null and deployment_id is not null
  qualify row_number() over (partition by incident_id order by linked_at desc nulls last, extracted_at desc, raw_id desc) = 1
)

select incident_id, deployment_id, linked_at, extracted_at
from latest
