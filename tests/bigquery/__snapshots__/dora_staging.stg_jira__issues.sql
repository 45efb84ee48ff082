-- dora_staging.stg_jira__issues from definitions/staging/stg_jira__issues.sqlx, compiled for BigQuery
-- view query
with source as (
  select * from `doraform-demo.airbyte_internal.jira_raw__stream_issues`
),

-- Jira's +0000 offsets read as UTC; resolutiondate is null unless done (a reopen clears it); the custom
-- fields the catalog settings name read as text (a select list option's value too), null when unset
parsed as (
  select
    JSON_VALUE(_airbyte_data, '$.id') as issue_id,
    JSON_VALUE(_airbyte_data, '$.key') as issue_key,
    JSON_VALUE(_airbyte_data, '$.fields.issuetype.name') as issue_type,
    JSON_VALUE(_airbyte_data, '$.fields.summary') as summary,
    JSON_VALUE(_airbyte_data, '$.fields.priority.name') as priority,
    JSON_VALUE(_airbyte_data, '$.fields.status.statusCategory.key') as status_category,
    JSON_QUERY(_airbyte_data, '$.fields.labels') as labels,
    JSON_QUERY(_airbyte_data, '$.fields.components') as components,
    cast(null as string) as deployment_field_value,
    cast(null as string) as service_field_value,
    cast(null as string) as cross_reference_field_value,
    SAFE_CAST(REGEXP_REPLACE(JSON_VALUE(_airbyte_data, '$.fields.created'), '([+-][0-9]{2})([0-9]{2})$', '\\1:\\2') AS TIMESTAMP) as created_at,
    SAFE_CAST(REGEXP_REPLACE(JSON_VALUE(_airbyte_data, '$.fields.updated'), '([+-][0-9]{2})([0-9]{2})$', '\\1:\\2') AS TIMESTAMP) as updated_at,
    SAFE_CAST(REGEXP_REPLACE(JSON_VALUE(_airbyte_data, '$.fields.resolutiondate'), '([+-][0-9]{2})([0-9]{2})$', '\\1:\\2') AS TIMESTAMP) as resolved_at,
    _airbyte_extracted_at as extracted_at,
    _airbyte_raw_id as raw_id
  from source
),

-- the newest record of each issue wins (latest extraction, then the issue's updated, then the raw id)
latest as (
  select * from parsed
  where issue_id is not null
  qualify row_number() over (partition by issue_id order by extracted_at desc, updated_at desc, raw_id desc) = 1
)

select issue_id, issue_key, issue_type, summary, priority, status_category, labels, components, deployment_field_value,
  service_field_value, cross_reference_field_value, created_at, updated_at, resolved_at, extracted_at
from latest
