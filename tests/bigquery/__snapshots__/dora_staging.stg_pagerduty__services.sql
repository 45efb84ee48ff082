-- dora_staging.stg_pagerduty__services from definitions/staging/stg_pagerduty__services.sqlx, compiled for BigQuery
-- view query
with source as (
  select * from `doraform-demo.airbyte_internal.pagerduty_raw__stream_services`
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.id') as pagerduty_service_id,
    JSON_VALUE(_airbyte_data, '$.name') as name,
    JSON_VALUE(_airbyte_data, '$.summary') as summary,
    JSON_VALUE(_airbyte_data, '$.status') as status,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.updated_at') AS TIMESTAMP) as updated_at,
    JSON_VALUE(_airbyte_data, '$.html_url') as html_url,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by pagerduty_service_id order by extracted_at desc, updated_at desc, raw_id desc) = 1
)

select pagerduty_service_id, name, summary, status, created_at, updated_at, html_url, extracted_at
from latest
