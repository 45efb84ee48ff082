-- dora_staging.int_incidents from definitions/intermediate/int_incidents.sqlx, compiled for BigQuery
-- table query
-- incidents resolved by merging into another are left out
with incidents as (
  select * from `doraform-demo.dora_staging.stg_pagerduty__incidents`
  where coalesce(resolve_reason_type, '') != 'merge_resolve_reason'
),

-- a PagerDuty service maps to the first catalog service listing it, else to the service of equal name
catalogued as (
  select pagerduty_service_id, min(service) as service
  from (select cast(null as string) as service, cast(null as string) as pagerduty_service_id from (select 1 as one) as empty where false) as mapped
  group by pagerduty_service_id
),

named as (
  select pagerduty.pagerduty_service_id, services.service
  from `doraform-demo.dora_staging.stg_pagerduty__services` as pagerduty
  join `doraform-demo.dora_staging.int_services` as services on services.service = pagerduty.name
),

-- resolved_at: the last resolution while resolved, else null (docs/metrics.md#decision-13)
last_resolutions as (
  select incident_id, max(created_at) as resolved_at
  from `doraform-demo.dora_staging.stg_pagerduty__incident_log_entries`
  where log_entry_type = 'resolve_log_entry'
  group by incident_id
)

select
  incidents.incident_id,
  'pagerduty' as source,
  services.service,
  services.team,
  incidents.title,
  incidents.description,
  incidents.urgency,
  incidents.created_at as started_at,
  if(incidents.status = 'resolved', coalesce(last_resolutions.resolved_at, incidents.resolved_at), null) as resolved_at
from incidents
left join catalogued using (pagerduty_service_id)
left join named using (pagerduty_service_id)
join `doraform-demo.dora_staging.int_services` as services on services.service = coalesce(catalogued.service, named.service)
left join last_resolutions using (incident_id)
union all
-- Jira incidents; one that is also a PagerDuty incident counts as the PagerDuty one
select
  jira.issue_key as incident_id,
  'jira' as source,
  jira.service,
  jira.team,
  jira.title,
  cast(null as string) as description,
  jira.urgency,
  jira.started_at,
  jira.resolved_at
from `doraform-demo.dora_staging.int_incidents__jira` as jira
where jira.service is not null and jira.pagerduty_incident_id is null
union all
-- incidents other tools report (Opsgenie, …), on the catalog service they name
select
  reported.incident_id,
  coalesce(reported.source, 'generic') as source,
  services.service,
  services.team,
  reported.title,
  cast(null as string) as description,
  reported.urgency,
  reported.started_at,
  reported.resolved_at
from `doraform-demo.dora_staging.stg_doraform__incidents` as reported
join `doraform-demo.dora_staging.int_services` as services on services.service = reported.service
where reported.started_at is not null
