-- dora_staging.stg_pagerduty__incident_related_change_events from definitions/staging/stg_pagerduty__incident_related_change_events.sqlx, compiled for BigQuery
-- view query
with source as (
  select * from `doraform-demo.airbyte_internal.pagerduty_raw__stream_incident_related_change_events`
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.incident_id') as incident_id,
    JSON_VALUE(_airbyte_data, '$.id') as change_event_id,
    JSON_VALUE(_airbyte_data, '$.summary') as summary,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.timestamp') AS TIMESTAMP) as event_at,
    JSON_QUERY(_airbyte_data, '$.services') as services,
    JSON_QUERY(_airbyte_data, '$.custom_details') as custom_details,
    JSON_VALUE(_airbyte_data, '$.custom_details.deployment_id') as referenced_deployment_id,
    JSON_QUERY(_airbyte_data, '$.links') as links,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the at-least-once landing repeats records: the newest of each key wins (latest extraction, then
-- the object's update time, then the raw id)
latest as (
  select * from parsed
  where true
  qualify row_number() over (partition by incident_id, change_event_id order by extracted_at desc, raw_id desc) = 1
)

select incident_id, change_event_id, summary, event_at, services, custom_details, referenced_deployment_id, links, extracted_at
from latest
