-- dora_staging.int_incidents from definitions/intermediate/int_incidents.sqlx, compiled for BigQuery
-- incremental query
-- incremental: the pre-operations deleted the incidents with a record read since, and every row when
-- the rules changed (rules_fingerprint); those incidents are derived again below, whole
with records as (
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incidents`
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_log_entries`
  union all
  select issue_key as incident_id, extracted_at from `doraform-demo.dora_staging.stg_jira__issues`
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__incidents`
),

-- incidents resolved by merging into another are left out
incidents as (
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
  if(incidents.status = 'resolved', coalesce(last_resolutions.resolved_at, incidents.resolved_at), null) as resolved_at,
  (select max(extracted_at) from records) as extracted_at,
  CONCAT('05b8d5ca', (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING)), '|' ORDER BY CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING))))), '') from `doraform-demo.dora_staging.int_services`), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(pagerduty_service_id, '/', coalesce(name, '')), '|' ORDER BY CONCAT(pagerduty_service_id, '/', coalesce(name, ''))))), '') from `doraform-demo.dora_staging.stg_pagerduty__services` where pagerduty_service_id is not null), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(issue_key, '/', pagerduty_incident_id), '|' ORDER BY CONCAT(issue_key, '/', pagerduty_incident_id)))), '') from `doraform-demo.dora_staging.int_incidents__jira` where pagerduty_incident_id is not null)) as rules_fingerprint
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
  jira.resolved_at,
  (select max(extracted_at) from records),
  CONCAT('05b8d5ca', (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING)), '|' ORDER BY CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING))))), '') from `doraform-demo.dora_staging.int_services`), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(pagerduty_service_id, '/', coalesce(name, '')), '|' ORDER BY CONCAT(pagerduty_service_id, '/', coalesce(name, ''))))), '') from `doraform-demo.dora_staging.stg_pagerduty__services` where pagerduty_service_id is not null), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(issue_key, '/', pagerduty_incident_id), '|' ORDER BY CONCAT(issue_key, '/', pagerduty_incident_id)))), '') from `doraform-demo.dora_staging.int_incidents__jira` where pagerduty_incident_id is not null))
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
  reported.resolved_at,
  (select max(extracted_at) from records),
  CONCAT('05b8d5ca', (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING)), '|' ORDER BY CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING))))), '') from `doraform-demo.dora_staging.int_services`), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(pagerduty_service_id, '/', coalesce(name, '')), '|' ORDER BY CONCAT(pagerduty_service_id, '/', coalesce(name, ''))))), '') from `doraform-demo.dora_staging.stg_pagerduty__services` where pagerduty_service_id is not null), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(issue_key, '/', pagerduty_incident_id), '|' ORDER BY CONCAT(issue_key, '/', pagerduty_incident_id)))), '') from `doraform-demo.dora_staging.int_incidents__jira` where pagerduty_incident_id is not null))
from `doraform-demo.dora_staging.stg_doraform__incidents` as reported
join `doraform-demo.dora_staging.int_services` as services on services.service = reported.service
where reported.started_at is not null

-- incremental pre-operation
DECLARE newest_kept TIMESTAMP DEFAULT (select coalesce(max(extracted_at), TIMESTAMP '1970-01-01 00:00:00+00') from `doraform-demo.dora_staging.int_incidents`)

-- incremental pre-operation
DECLARE newest_left TIMESTAMP

-- incremental pre-operation
DECLARE rules_now STRING DEFAULT (select CONCAT('05b8d5ca', (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING)), '|' ORDER BY CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING))))), '') from `doraform-demo.dora_staging.int_services`), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(pagerduty_service_id, '/', coalesce(name, '')), '|' ORDER BY CONCAT(pagerduty_service_id, '/', coalesce(name, ''))))), '') from `doraform-demo.dora_staging.stg_pagerduty__services` where pagerduty_service_id is not null), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(issue_key, '/', pagerduty_incident_id), '|' ORDER BY CONCAT(issue_key, '/', pagerduty_incident_id)))), '') from `doraform-demo.dora_staging.int_incidents__jira` where pagerduty_incident_id is not null)))

-- incremental pre-operation
DECLARE log_entries_since TIMESTAMP

-- incremental pre-operation
delete from `doraform-demo.dora_staging.int_incidents`
  where coalesce(rules_fingerprint, '') != rules_now
    or incident_id in (select incident_id from (
    select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incidents` where extracted_at >= newest_kept
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_log_entries` where extracted_at >= newest_kept
  union all
  select issue_key as incident_id, extracted_at from `doraform-demo.dora_staging.stg_jira__issues` where extracted_at >= newest_kept
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__incidents` where extracted_at >= newest_kept
    ) as records)

-- incremental pre-operation
SET newest_left = (select coalesce(max(extracted_at), TIMESTAMP '1970-01-01 00:00:00+00') from `doraform-demo.dora_staging.int_incidents`)

-- incremental pre-operation
SET log_entries_since = (select TIMESTAMP_ADD(min(created_at), INTERVAL -86400 SECOND)
  from `doraform-demo.dora_staging.stg_pagerduty__incidents`
  where incident_id in (select incident_id from (
    select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incidents` where extracted_at >= newest_left
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_log_entries` where extracted_at >= newest_left
  union all
  select issue_key as incident_id, extracted_at from `doraform-demo.dora_staging.stg_jira__issues` where extracted_at >= newest_left
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__incidents` where extracted_at >= newest_left
    ) as records))

-- incremental query
-- incremental: the pre-operations deleted the incidents with a record read since, and every row when
-- the rules changed (rules_fingerprint); those incidents are derived again below, whole
with records as (
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incidents` where extracted_at >= newest_left
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_log_entries` where extracted_at >= newest_left
  union all
  select issue_key as incident_id, extracted_at from `doraform-demo.dora_staging.stg_jira__issues` where extracted_at >= newest_left
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__incidents` where extracted_at >= newest_left
),

-- incidents resolved by merging into another are left out
incidents as (
  select * from `doraform-demo.dora_staging.stg_pagerduty__incidents`
  where coalesce(resolve_reason_type, '') != 'merge_resolve_reason'
  and incident_id in (select incident_id from records)
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
  and extracted_at >= log_entries_since and incident_id in (select incident_id from incidents)
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
  if(incidents.status = 'resolved', coalesce(last_resolutions.resolved_at, incidents.resolved_at), null) as resolved_at,
  (select max(extracted_at) from records) as extracted_at,
  CONCAT('05b8d5ca', (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING)), '|' ORDER BY CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING))))), '') from `doraform-demo.dora_staging.int_services`), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(pagerduty_service_id, '/', coalesce(name, '')), '|' ORDER BY CONCAT(pagerduty_service_id, '/', coalesce(name, ''))))), '') from `doraform-demo.dora_staging.stg_pagerduty__services` where pagerduty_service_id is not null), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(issue_key, '/', pagerduty_incident_id), '|' ORDER BY CONCAT(issue_key, '/', pagerduty_incident_id)))), '') from `doraform-demo.dora_staging.int_incidents__jira` where pagerduty_incident_id is not null)) as rules_fingerprint
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
  jira.resolved_at,
  (select max(extracted_at) from records),
  CONCAT('05b8d5ca', (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING)), '|' ORDER BY CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING))))), '') from `doraform-demo.dora_staging.int_services`), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(pagerduty_service_id, '/', coalesce(name, '')), '|' ORDER BY CONCAT(pagerduty_service_id, '/', coalesce(name, ''))))), '') from `doraform-demo.dora_staging.stg_pagerduty__services` where pagerduty_service_id is not null), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(issue_key, '/', pagerduty_incident_id), '|' ORDER BY CONCAT(issue_key, '/', pagerduty_incident_id)))), '') from `doraform-demo.dora_staging.int_incidents__jira` where pagerduty_incident_id is not null))
from `doraform-demo.dora_staging.int_incidents__jira` as jira
where jira.service is not null and jira.pagerduty_incident_id is null
  and jira.issue_key in (select incident_id from records)
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
  reported.resolved_at,
  (select max(extracted_at) from records),
  CONCAT('05b8d5ca', (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING)), '|' ORDER BY CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING))))), '') from `doraform-demo.dora_staging.int_services`), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(pagerduty_service_id, '/', coalesce(name, '')), '|' ORDER BY CONCAT(pagerduty_service_id, '/', coalesce(name, ''))))), '') from `doraform-demo.dora_staging.stg_pagerduty__services` where pagerduty_service_id is not null), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(issue_key, '/', pagerduty_incident_id), '|' ORDER BY CONCAT(issue_key, '/', pagerduty_incident_id)))), '') from `doraform-demo.dora_staging.int_incidents__jira` where pagerduty_incident_id is not null))
from `doraform-demo.dora_staging.stg_doraform__incidents` as reported
join `doraform-demo.dora_staging.int_services` as services on services.service = reported.service
where reported.started_at is not null
  and reported.incident_id in (select incident_id from records)
