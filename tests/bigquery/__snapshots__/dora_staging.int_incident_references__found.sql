-- dora_staging.int_incident_references__found from definitions/intermediate/int_incident_references__found.sqlx, compiled for BigQuery
-- incremental query
-- incremental: the pre-operation deleted the rows of the incidents with a record read since, and every
-- row when the rules changed (rules_fingerprint); those incidents are derived again below, whole
with records as (
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incidents`
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_notes`
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_custom_fields`
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_related_change_events`
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__incident_links`
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__incidents`
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__resolutions`
  union all
  select issue_key as incident_id, extracted_at from `doraform-demo.dora_staging.stg_jira__issues`
  union all
  select cross_reference_field_value as incident_id, extracted_at from `doraform-demo.dora_staging.stg_jira__issues`
),

incidents as (
  select * from `doraform-demo.dora_staging.int_incidents`
  
),

monorepos as (
  select distinct repository from `doraform-demo.dora_staging.int_services` where is_monorepo
),

notes as (
  select incident_id, content, REGEXP_CONTAINS(coalesce(content, ''), '(?i)^\\s*resolved-by:') as is_resolved_by
  from `doraform-demo.dora_staging.stg_pagerduty__incident_notes`
  where incident_id in (select incident_id from incidents)
),

-- Jira issues with the incident they are: their own, or the PagerDuty incident they cross-reference
jira_issues as (
  select coalesce(jira.pagerduty_incident_id, jira.issue_key) as incident_id, issues.*
  from `doraform-demo.dora_staging.int_incidents__jira` as jira
  join `doraform-demo.dora_staging.stg_jira__issues` as issues using (issue_id)
  where coalesce(jira.pagerduty_incident_id, jira.issue_key) in (select incident_id from incidents)
),

-- notes, titles, descriptions and Jira summaries that may hold cause references
cause_texts as (
  select incident_id, content as text from notes where not is_resolved_by
  union all
  select incident_id, title from incidents where not REGEXP_CONTAINS(coalesce(title, ''), '(?i)^\\s*resolved-by:')
  union all
  select incident_id, description from incidents where not REGEXP_CONTAINS(coalesce(description, ''), '(?i)^\\s*resolved-by:')
  union all
  select incident_id, summary from jira_issues where not REGEXP_CONTAINS(coalesce(summary, ''), '(?i)^\\s*resolved-by:')
),

label_ids as (
  select cause_texts.incident_id, 'note' as method, REGEXP_EXTRACT(piece, '^(gh-(?:run|deploy):[0-9]+(?:/[A-Za-z0-9_-]+)?)') as referenced_id
  from cause_texts
  CROSS JOIN UNNEST(split(REGEXP_REPLACE(coalesce(cause_texts.text, ''), '(?i)deployment:\\s*', '␞'), '␞')) AS piece WITH OFFSET AS piece_index
  where piece_index > 0
),

resolved_by_ids as (
  select notes.incident_id, 'resolved_by' as method, REGEXP_EXTRACT(piece, '^(gh-(?:run|deploy):[0-9]+(?:/[A-Za-z0-9_-]+)?)') as referenced_id
  from notes
  CROSS JOIN UNNEST(split(REGEXP_REPLACE(coalesce(notes.content, ''), '(^|[^A-Za-z0-9])(gh-(?:run|deploy):)', '\\1␞\\2'), '␞')) AS piece WITH OFFSET AS piece_index
  where notes.is_resolved_by and piece_index > 0
),

url_texts as (
  select incident_id, text, 'note' as method from cause_texts
  union all
  select incident_id, content, 'resolved_by' from notes where is_resolved_by
),

run_urls as (
  select
    url_texts.incident_id,
    url_texts.method,
    REGEXP_EXTRACT(piece, '^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/actions/runs/[0-9]+') as repository,
    REGEXP_EXTRACT(piece, '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/actions/runs/([0-9]+)') as run_id
  from url_texts
  CROSS JOIN UNNEST(split(REGEXP_REPLACE(coalesce(url_texts.text, ''), 'https://github\\.com/', '␞'), '␞')) AS piece WITH OFFSET AS piece_index
  where piece_index > 0
),

-- in a monorepo a run URL means its run's deployment for the incident's service (docs/metrics.md#decision-14)
url_ids as (
  select
    run_urls.incident_id,
    run_urls.method,
    CONCAT('gh-run:', run_urls.run_id, if(run_urls.repository in (select repository from monorepos), CONCAT('/', incidents.service), '')) as referenced_id
  from run_urls
  join incidents using (incident_id)
  where run_urls.run_id is not null
),

-- the PagerDuty custom field and `doraform link-incident` (which sets that field) name one link per
-- incident: the latest record of it wins, the field as a sync read it or the command's record as it
-- linked, so a link corrected by the command, or in PagerDuty, replaces the earlier one (docs/metrics.md#decision-63)
custom_field_records as (
  select
    fields.incident_id,
    JSON_VALUE(field, '$.value') as referenced_id,
    fields.extracted_at as recorded_at,
    1 as precedence
  from `doraform-demo.dora_staging.stg_pagerduty__incident_custom_fields` as fields
  CROSS JOIN UNNEST(JSON_QUERY_ARRAY(fields.custom_fields, '$')) AS field
  where JSON_VALUE(field, '$.name') = 'deployment_id'
  union all
  select incident_id, deployment_id, coalesce(linked_at, extracted_at), 0
  from `doraform-demo.dora_staging.stg_doraform__incident_links`
),

custom_fields as (
  select incident_id, 'custom_field' as method, referenced_id
  from custom_field_records
  where true
  qualify row_number() over (partition by incident_id order by recorded_at desc, precedence) = 1
),

-- Jira: the configured deployment field, and labels `deployment-<deployment id>` (whatever the id's form)
jira_fields as (
  select incident_id, 'custom_field' as method, deployment_field_value as referenced_id
  from jira_issues
),

jira_labels as (
  select jira_issues.incident_id, 'note' as method, REGEXP_EXTRACT(label, '(?i)^deployment-(.+)$') as referenced_id
  from jira_issues
  CROSS JOIN UNNEST(JSON_VALUE_ARRAY(jira_issues.labels, '$')) AS label
),

-- another tool's incident report names its cause as the custom field does
doraform_links as (
  select incident_id, 'custom_field' as method, caused_by_deployment_id as referenced_id
  from `doraform-demo.dora_staging.stg_doraform__incidents`
),

-- `doraform mark-resolution` records the same fix as its `resolved-by:` note, before the next sync
-- carries it; another tool's incident report names its fix the same way
doraform_resolutions as (
  select incident_id, 'resolved_by' as method, deployment_id as referenced_id
  from `doraform-demo.dora_staging.stg_doraform__resolutions`
  union all
  select incident_id, 'resolved_by', resolved_by_deployment_id
  from `doraform-demo.dora_staging.stg_doraform__incidents`
),

change_events as (
  select incident_id, 'change_event' as method, referenced_deployment_id as referenced_id
  from `doraform-demo.dora_staging.stg_pagerduty__incident_related_change_events`
),

override_links as (
  select incident_id, 'override' as method, deployment_id as referenced_id
  from (select cast(null as string) as incident_id, cast(null as string) as deployment_id from (select 1 as one) as empty where false) as links
),

-- the methods: override, custom_field, note, change_event and resolved_by (never a cause)
-- (docs/metrics.md#decision-14, docs/metrics.md#decision-43, docs/metrics.md#decision-44)
all_references as (
  select * from override_links
  union all select * from custom_fields
  union all select * from doraform_links
  union all select * from jira_fields
  union all select * from label_ids
  union all select * from jira_labels
  union all select * from url_ids
  union all select * from change_events
  union all select * from resolved_by_ids
  union all select * from doraform_resolutions
),

references_found as (
  select distinct all_references.incident_id, all_references.method, all_references.referenced_id
  from all_references
  join incidents using (incident_id)
  where all_references.referenced_id is not null and all_references.referenced_id != ''
)

select incident_id, method, referenced_id, (select max(extracted_at) from records) as extracted_at, CONCAT('05b8d5ca', (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING)), '|' ORDER BY CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING))))), '') from `doraform-demo.dora_staging.int_services`), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(pagerduty_service_id, '/', coalesce(name, '')), '|' ORDER BY CONCAT(pagerduty_service_id, '/', coalesce(name, ''))))), '') from `doraform-demo.dora_staging.stg_pagerduty__services` where pagerduty_service_id is not null), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(issue_key, '/', pagerduty_incident_id), '|' ORDER BY CONCAT(issue_key, '/', pagerduty_incident_id)))), '') from `doraform-demo.dora_staging.int_incidents__jira` where pagerduty_incident_id is not null)) as rules_fingerprint
from references_found

-- incremental pre-operation
DECLARE newest_kept TIMESTAMP DEFAULT (select coalesce(max(extracted_at), TIMESTAMP '1970-01-01 00:00:00+00') from `doraform-demo.dora_staging.int_incident_references__found`)

-- incremental pre-operation
DECLARE newest_left TIMESTAMP

-- incremental pre-operation
DECLARE rules_now STRING DEFAULT (select CONCAT('05b8d5ca', (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING)), '|' ORDER BY CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING))))), '') from `doraform-demo.dora_staging.int_services`), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(pagerduty_service_id, '/', coalesce(name, '')), '|' ORDER BY CONCAT(pagerduty_service_id, '/', coalesce(name, ''))))), '') from `doraform-demo.dora_staging.stg_pagerduty__services` where pagerduty_service_id is not null), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(issue_key, '/', pagerduty_incident_id), '|' ORDER BY CONCAT(issue_key, '/', pagerduty_incident_id)))), '') from `doraform-demo.dora_staging.int_incidents__jira` where pagerduty_incident_id is not null)))

-- incremental pre-operation
delete from `doraform-demo.dora_staging.int_incident_references__found`
  where coalesce(rules_fingerprint, '') != rules_now
    or incident_id in (select incident_id from (
    select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incidents` where extracted_at >= newest_kept
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_notes` where extracted_at >= newest_kept
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_custom_fields` where extracted_at >= newest_kept
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_related_change_events` where extracted_at >= newest_kept
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__incident_links` where extracted_at >= newest_kept
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__incidents` where extracted_at >= newest_kept
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__resolutions` where extracted_at >= newest_kept
  union all
  select issue_key as incident_id, extracted_at from `doraform-demo.dora_staging.stg_jira__issues` where extracted_at >= newest_kept
  union all
  select cross_reference_field_value as incident_id, extracted_at from `doraform-demo.dora_staging.stg_jira__issues` where extracted_at >= newest_kept
    ) as records)

-- incremental pre-operation
SET newest_left = (select coalesce(max(extracted_at), TIMESTAMP '1970-01-01 00:00:00+00') from `doraform-demo.dora_staging.int_incident_references__found`)

-- incremental query
-- incremental: the pre-operation deleted the rows of the incidents with a record read since, and every
-- row when the rules changed (rules_fingerprint); those incidents are derived again below, whole
with records as (
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incidents` where extracted_at >= newest_left
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_notes` where extracted_at >= newest_left
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_custom_fields` where extracted_at >= newest_left
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_pagerduty__incident_related_change_events` where extracted_at >= newest_left
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__incident_links` where extracted_at >= newest_left
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__incidents` where extracted_at >= newest_left
  union all
  select incident_id, extracted_at from `doraform-demo.dora_staging.stg_doraform__resolutions` where extracted_at >= newest_left
  union all
  select issue_key as incident_id, extracted_at from `doraform-demo.dora_staging.stg_jira__issues` where extracted_at >= newest_left
  union all
  select cross_reference_field_value as incident_id, extracted_at from `doraform-demo.dora_staging.stg_jira__issues` where extracted_at >= newest_left
),

incidents as (
  select * from `doraform-demo.dora_staging.int_incidents`
  where incident_id in (select incident_id from records)
),

monorepos as (
  select distinct repository from `doraform-demo.dora_staging.int_services` where is_monorepo
),

notes as (
  select incident_id, content, REGEXP_CONTAINS(coalesce(content, ''), '(?i)^\\s*resolved-by:') as is_resolved_by
  from `doraform-demo.dora_staging.stg_pagerduty__incident_notes`
  where incident_id in (select incident_id from incidents)
),

-- Jira issues with the incident they are: their own, or the PagerDuty incident they cross-reference
jira_issues as (
  select coalesce(jira.pagerduty_incident_id, jira.issue_key) as incident_id, issues.*
  from `doraform-demo.dora_staging.int_incidents__jira` as jira
  join `doraform-demo.dora_staging.stg_jira__issues` as issues using (issue_id)
  where coalesce(jira.pagerduty_incident_id, jira.issue_key) in (select incident_id from incidents)
),

-- notes, titles, descriptions and Jira summaries that may hold cause references
cause_texts as (
  select incident_id, content as text from notes where not is_resolved_by
  union all
  select incident_id, title from incidents where not REGEXP_CONTAINS(coalesce(title, ''), '(?i)^\\s*resolved-by:')
  union all
  select incident_id, description from incidents where not REGEXP_CONTAINS(coalesce(description, ''), '(?i)^\\s*resolved-by:')
  union all
  select incident_id, summary from jira_issues where not REGEXP_CONTAINS(coalesce(summary, ''), '(?i)^\\s*resolved-by:')
),

label_ids as (
  select cause_texts.incident_id, 'note' as method, REGEXP_EXTRACT(piece, '^(gh-(?:run|deploy):[0-9]+(?:/[A-Za-z0-9_-]+)?)') as referenced_id
  from cause_texts
  CROSS JOIN UNNEST(split(REGEXP_REPLACE(coalesce(cause_texts.text, ''), '(?i)deployment:\\s*', '␞'), '␞')) AS piece WITH OFFSET AS piece_index
  where piece_index > 0
),

resolved_by_ids as (
  select notes.incident_id, 'resolved_by' as method, REGEXP_EXTRACT(piece, '^(gh-(?:run|deploy):[0-9]+(?:/[A-Za-z0-9_-]+)?)') as referenced_id
  from notes
  CROSS JOIN UNNEST(split(REGEXP_REPLACE(coalesce(notes.content, ''), '(^|[^A-Za-z0-9])(gh-(?:run|deploy):)', '\\1␞\\2'), '␞')) AS piece WITH OFFSET AS piece_index
  where notes.is_resolved_by and piece_index > 0
),

url_texts as (
  select incident_id, text, 'note' as method from cause_texts
  union all
  select incident_id, content, 'resolved_by' from notes where is_resolved_by
),

run_urls as (
  select
    url_texts.incident_id,
    url_texts.method,
    REGEXP_EXTRACT(piece, '^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/actions/runs/[0-9]+') as repository,
    REGEXP_EXTRACT(piece, '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/actions/runs/([0-9]+)') as run_id
  from url_texts
  CROSS JOIN UNNEST(split(REGEXP_REPLACE(coalesce(url_texts.text, ''), 'https://github\\.com/', '␞'), '␞')) AS piece WITH OFFSET AS piece_index
  where piece_index > 0
),

-- in a monorepo a run URL means its run's deployment for the incident's service (docs/metrics.md#decision-14)
url_ids as (
  select
    run_urls.incident_id,
    run_urls.method,
    CONCAT('gh-run:', run_urls.run_id, if(run_urls.repository in (select repository from monorepos), CONCAT('/', incidents.service), '')) as referenced_id
  from run_urls
  join incidents using (incident_id)
  where run_urls.run_id is not null
),

-- the PagerDuty custom field and `doraform link-incident` (which sets that field) name one link per
-- incident: the latest record of it wins, the field as a sync read it or the command's record as it
-- linked, so a link corrected by the command, or in PagerDuty, replaces the earlier one (docs/metrics.md#decision-63)
custom_field_records as (
  select
    fields.incident_id,
    JSON_VALUE(field, '$.value') as referenced_id,
    fields.extracted_at as recorded_at,
    1 as precedence
  from `doraform-demo.dora_staging.stg_pagerduty__incident_custom_fields` as fields
  CROSS JOIN UNNEST(JSON_QUERY_ARRAY(fields.custom_fields, '$')) AS field
  where JSON_VALUE(field, '$.name') = 'deployment_id'
  union all
  select incident_id, deployment_id, coalesce(linked_at, extracted_at), 0
  from `doraform-demo.dora_staging.stg_doraform__incident_links`
),

custom_fields as (
  select incident_id, 'custom_field' as method, referenced_id
  from custom_field_records
  where true
  qualify row_number() over (partition by incident_id order by recorded_at desc, precedence) = 1
),

-- Jira: the configured deployment field, and labels `deployment-<deployment id>` (whatever the id's form)
jira_fields as (
  select incident_id, 'custom_field' as method, deployment_field_value as referenced_id
  from jira_issues
),

jira_labels as (
  select jira_issues.incident_id, 'note' as method, REGEXP_EXTRACT(label, '(?i)^deployment-(.+)$') as referenced_id
  from jira_issues
  CROSS JOIN UNNEST(JSON_VALUE_ARRAY(jira_issues.labels, '$')) AS label
),

-- another tool's incident report names its cause as the custom field does
doraform_links as (
  select incident_id, 'custom_field' as method, caused_by_deployment_id as referenced_id
  from `doraform-demo.dora_staging.stg_doraform__incidents`
),

-- `doraform mark-resolution` records the same fix as its `resolved-by:` note, before the next sync
-- carries it; another tool's incident report names its fix the same way
doraform_resolutions as (
  select incident_id, 'resolved_by' as method, deployment_id as referenced_id
  from `doraform-demo.dora_staging.stg_doraform__resolutions`
  union all
  select incident_id, 'resolved_by', resolved_by_deployment_id
  from `doraform-demo.dora_staging.stg_doraform__incidents`
),

change_events as (
  select incident_id, 'change_event' as method, referenced_deployment_id as referenced_id
  from `doraform-demo.dora_staging.stg_pagerduty__incident_related_change_events`
),

override_links as (
  select incident_id, 'override' as method, deployment_id as referenced_id
  from (select cast(null as string) as incident_id, cast(null as string) as deployment_id from (select 1 as one) as empty where false) as links
),

-- the methods: override, custom_field, note, change_event and resolved_by (never a cause)
-- (docs/metrics.md#decision-14, docs/metrics.md#decision-43, docs/metrics.md#decision-44)
all_references as (
  select * from override_links
  union all select * from custom_fields
  union all select * from doraform_links
  union all select * from jira_fields
  union all select * from label_ids
  union all select * from jira_labels
  union all select * from url_ids
  union all select * from change_events
  union all select * from resolved_by_ids
  union all select * from doraform_resolutions
),

references_found as (
  select distinct all_references.incident_id, all_references.method, all_references.referenced_id
  from all_references
  join incidents using (incident_id)
  where all_references.referenced_id is not null and all_references.referenced_id != ''
)

select incident_id, method, referenced_id, (select max(extracted_at) from records) as extracted_at, CONCAT('05b8d5ca', (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING)), '|' ORDER BY CONCAT(service, '/', team, '/', repository, '/', CAST(is_monorepo AS STRING))))), '') from `doraform-demo.dora_staging.int_services`), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(pagerduty_service_id, '/', coalesce(name, '')), '|' ORDER BY CONCAT(pagerduty_service_id, '/', coalesce(name, ''))))), '') from `doraform-demo.dora_staging.stg_pagerduty__services` where pagerduty_service_id is not null), (select COALESCE(TO_HEX(MD5(string_agg(CONCAT(issue_key, '/', pagerduty_incident_id), '|' ORDER BY CONCAT(issue_key, '/', pagerduty_incident_id)))), '') from `doraform-demo.dora_staging.int_incidents__jira` where pagerduty_incident_id is not null)) as rules_fingerprint
from references_found
