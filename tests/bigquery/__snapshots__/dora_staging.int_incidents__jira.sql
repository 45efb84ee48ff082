-- dora_staging.int_incidents__jira from definitions/intermediate/int_incidents__jira.sqlx, compiled for BigQuery
-- table query
with issues as (
  select * from `doraform-demo.dora_staging.stg_jira__issues`
  where created_at is not null
),

services as (
  select * from `doraform-demo.dora_staging.int_services`
),

-- the service: the one jira_service_field names, else the first by name its components map to
-- (docs/metrics.md#decision-42)
by_field as (
  select issues.issue_id, services.service
  from issues
  join services on services.service = issues.service_field_value
),

components as (
  select issues.issue_id, JSON_VALUE(component, '$.name') as component
  from issues
  CROSS JOIN UNNEST(JSON_QUERY_ARRAY(issues.components, '$')) AS component
),

catalogued as (
  select cast(null as string) as service, cast(null as string) as jira_component from (select 1 as one) as empty where false
),

-- a component the catalog lists maps to its services; any other to the service of equal name
by_component as (
  select components.issue_id, min(coalesce(catalogued.service, named.service)) as service
  from components
  left join catalogued on catalogued.jira_component = components.component
  left join services as named on named.service = components.component
  group by components.issue_id
)

-- urgency high for priority Highest or High; resolved_at while the status category is done; the
-- cross-reference makes it that PagerDuty incident (docs/metrics.md#decision-41, docs/metrics.md#decision-44)
select
  issues.issue_id,
  issues.issue_key,
  services.service,
  services.team,
  issues.summary as title,
  if(issues.priority in ('Highest', 'High'), 'high', 'low') as urgency,
  issues.created_at as started_at,
  if(issues.status_category = 'done', issues.resolved_at, null) as resolved_at,
  pagerduty.incident_id as pagerduty_incident_id
from issues
left join by_field using (issue_id)
left join by_component using (issue_id)
left join services on services.service = coalesce(by_field.service, by_component.service)
left join `doraform-demo.dora_staging.stg_pagerduty__incidents` as pagerduty on pagerduty.incident_id = issues.cross_reference_field_value
