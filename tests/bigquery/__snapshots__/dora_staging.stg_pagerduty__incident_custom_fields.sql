-- dora_staging.stg_pagerduty__incident_custom_fields from definitions/staging/stg_pagerduty__incident_custom_fields.sqlx, compiled for BigQuery
-- view query
with source as (
  select * from `doraform-demo.airbyte_internal.pagerduty_raw__stream_incident_custom_fields`
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.incident_id') as incident_id,
    JSON_QUERY(_airbyte_data, '$.custom_fields') as custom_fields,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by incident_id order by extracted_at desc, raw_id desc) = 1
)

select incident_id, custom_fields, extracted_at
from latest
