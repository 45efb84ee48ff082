-- dora_staging.stg_doraform__incidents from definitions/staging/stg_doraform__incidents.sqlx, compiled for BigQuery
-- view query
with source as (
  select * from `doraform-demo.airbyte_internal.doraform_raw__stream_incidents`
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.incident_id') as incident_id,
    JSON_VALUE(_airbyte_data, '$.service') as service,
    JSON_VALUE(_airbyte_data, '$.title') as title,
    JSON_VALUE(_airbyte_data, '$.urgency') as urgency,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.started_at') AS TIMESTAMP) as started_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.resolved_at') AS TIMESTAMP) as resolved_at,
    JSON_VALUE(_airbyte_data, '$.caused_by_deployment_id') as caused_by_deployment_id,
    JSON_VALUE(_airbyte_data, '$.resolved_by_deployment_id') as resolved_by_deployment_id,
    JSON_VALUE(_airbyte_data, '$.source') as source,
    JSON_VALUE(_airbyte_data, '$.url') as url,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the newest report of each incident wins (latest extraction, then the raw id)
latest as (
  select * from parsed
  where incident_id is not null
  qualify row_number() over (partition by incident_id order by extracted_at desc, raw_id desc) = 1
)

select incident_id, service, title, urgency, started_at, resolved_at, caused_by_deployment_id, resolved_by_deployment_id, source, url, extracted_at
from latest
