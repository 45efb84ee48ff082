-- dora_staging.stg_doraform__resolutions from definitions/staging/stg_doraform__resolutions.sqlx, compiled for BigQuery
-- view query
with source as (
  select * from `doraform-demo.airbyte_internal.doraform_raw__stream_resolutions`
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.incident_id') as incident_id,
    JSON_VALUE(_airbyte_data, '$.deployment_id') as deployment_id,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.marked_at') AS TIMESTAMP) as marked_at,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the newest record of each pair wins (latest extraction, then the raw id)
latest as (
  select * from parsed
  where incident_id is not null and deployment_id is not null
  qualify row_number() over (partition by incident_id, deployment_id order by extracted_at desc, raw_id desc) = 1
)

select incident_id, deployment_id, marked_at, extracted_at
from latest
