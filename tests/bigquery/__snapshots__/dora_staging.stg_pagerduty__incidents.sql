-- dora_staging.stg_pagerduty__incidents from definitions/staging/stg_pagerduty__incidents.sqlx, compiled for BigQuery
-- table query
with source as (
  select * from `doraform-demo.airbyte_internal.pagerduty_raw__stream_incidents`
),

parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.id') as incident_id,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.incident_number') AS INT64) as incident_number,
    JSON_VALUE(_airbyte_data, '$.title') as title,
    JSON_VALUE(_airbyte_data, '$.description') as description,
    JSON_VALUE(_airbyte_data, '$.status') as status,
    JSON_VALUE(_airbyte_data, '$.urgency') as urgency,
    JSON_VALUE(_airbyte_data, '$.service.id') as pagerduty_service_id,
    JSON_VALUE(_airbyte_data, '$.resolve_reason.type') as resolve_reason_type,
    JSON_VALUE(_airbyte_data, '$.resolve_reason.incident.id') as merged_into_incident_id,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.updated_at') AS TIMESTAMP) as updated_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.resolved_at') AS TIMESTAMP) as resolved_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.last_status_change_at') AS TIMESTAMP) as last_status_change_at,
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
  qualify row_number() over (partition by incident_id order by extracted_at desc, updated_at desc, raw_id desc) = 1
),

-- an incident only PagerDuty webhook events (triggered, acknowledged, resolved, reopened) have carried
-- so far comes from its latest event, resolved at that event when it is a resolution; polled records
-- win (docs/metrics.md#decision-40)
events as (
  select 'triggered' as event_type, _airbyte_data, _airbyte_extracted_at, _airbyte_raw_id from `doraform-demo.airbyte_internal.pagerduty_webhook_raw__stream_incident_triggered`
  union all
  select 'acknowledged' as event_type, _airbyte_data, _airbyte_extracted_at, _airbyte_raw_id from `doraform-demo.airbyte_internal.pagerduty_webhook_raw__stream_incident_acknowledged`
  union all
  select 'resolved' as event_type, _airbyte_data, _airbyte_extracted_at, _airbyte_raw_id from `doraform-demo.airbyte_internal.pagerduty_webhook_raw__stream_incident_resolved`
  union all
  select 'reopened' as event_type, _airbyte_data, _airbyte_extracted_at, _airbyte_raw_id from `doraform-demo.airbyte_internal.pagerduty_webhook_raw__stream_incident_reopened`
),

delivered as (
  select
    JSON_VALUE(_airbyte_data, '$.event.data.id') as incident_id,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.event.data.number') AS INT64) as incident_number,
    JSON_VALUE(_airbyte_data, '$.event.data.title') as title,
    cast(null as string) as description,
    JSON_VALUE(_airbyte_data, '$.event.data.status') as status,
    JSON_VALUE(_airbyte_data, '$.event.data.urgency') as urgency,
    JSON_VALUE(_airbyte_data, '$.event.data.service.id') as pagerduty_service_id,
    JSON_VALUE(_airbyte_data, '$.event.data.resolve_reason.type') as resolve_reason_type,
    JSON_VALUE(_airbyte_data, '$.event.data.resolve_reason.incident.id') as merged_into_incident_id,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.event.data.created_at') AS TIMESTAMP) as created_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.event.occurred_at') AS TIMESTAMP) as updated_at,
    if(event_type = 'resolved', SAFE_CAST(JSON_VALUE(_airbyte_data, '$.event.occurred_at') AS TIMESTAMP), null) as resolved_at,
    SAFE_CAST(JSON_VALUE(_airbyte_data, '$.event.occurred_at') AS TIMESTAMP) as last_status_change_at,
    JSON_VALUE(_airbyte_data, '$.event.data.html_url') as html_url,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from events
),

-- the latest event of an incident no sync has read yet (by when it occurred, not when it arrived)
delivered_only as (
  select * from delivered
  where incident_id is not null
    and incident_id not in (select incident_id from latest where incident_id is not null)
  qualify row_number() over (partition by incident_id order by updated_at desc, raw_id desc) = 1
)

select incident_id, incident_number, title, description, status, urgency, pagerduty_service_id, resolve_reason_type,
  merged_into_incident_id, created_at, updated_at, resolved_at, last_status_change_at, html_url, extracted_at
from latest
union all
select incident_id, incident_number, title, description, status, urgency, pagerduty_service_id, resolve_reason_type,
  merged_into_incident_id, created_at, updated_at, resolved_at, last_status_change_at, html_url, extracted_at
from delivered_only
