-- dora_staging.stg_pagerduty__incident_log_entries from definitions/staging/stg_pagerduty__incident_log_entries.sqlx, compiled for BigQuery
-- incremental query
with source as (
  select * from `doraform-demo.airbyte_internal.pagerduty_raw__stream_incident_log_entries`
  -- late and re-read records always carry a later extraction time than what is kept (includes/watermarks.js)
  
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.id') as log_entry_id,
    JSON_VALUE(_airbyte_data, '$.type') as log_entry_type,
    JSON_VALUE(_airbyte_data, '$.incident.id') as incident_id,
    JSON_VALUE(_airbyte_data, '$.service.id') as pagerduty_service_id,
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
  qualify row_number() over (partition by log_entry_id order by extracted_at desc, raw_id desc) = 1
)

select log_entry_id, log_entry_type, incident_id, pagerduty_service_id, created_at, extracted_at
from latest

-- incremental pre-operation
DECLARE newest_kept TIMESTAMP DEFAULT (select coalesce(max(extracted_at), TIMESTAMP '1970-01-01 00:00:00+00') from `doraform-demo.dora_staging.stg_pagerduty__incident_log_entries`)

-- incremental query
with source as (
  select * from `doraform-demo.airbyte_internal.pagerduty_raw__stream_incident_log_entries`
  -- late and re-read records always carry a later extraction time than what is kept (includes/watermarks.js)
  where _airbyte_extracted_at >= newest_kept
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.id') as log_entry_id,
    JSON_VALUE(_airbyte_data, '$.type') as log_entry_type,
    JSON_VALUE(_airbyte_data, '$.incident.id') as incident_id,
    JSON_VALUE(_airbyte_data, '$.service.id') as pagerduty_service_id,
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
  qualify row_number() over (partition by log_entry_id order by extracted_at desc, raw_id desc) = 1
)

select log_entry_id, log_entry_type, incident_id, pagerduty_service_id, created_at, extracted_at
from latest
