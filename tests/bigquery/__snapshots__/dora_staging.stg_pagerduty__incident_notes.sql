-- dora_staging.stg_pagerduty__incident_notes from definitions/staging/stg_pagerduty__incident_notes.sqlx, compiled for BigQuery
-- view query
with source as (
  select * from `doraform-demo.airbyte_internal.pagerduty_raw__stream_incident_notes`
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.id') as note_id,
    JSON_VALUE(_airbyte_data, '$.incident_id') as incident_id,
    JSON_VALUE(_airbyte_data, '$.content') as content,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.created_at') AS TIMESTAMP) as created_at,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by note_id order by extracted_at desc, raw_id desc) = 1
)

select note_id, incident_id, content, created_at, extracted_at
from latest
