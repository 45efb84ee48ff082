-- dora.data_quality from definitions/marts/data_quality.sqlx, compiled for BigQuery
-- table query
with incidents as (
  select * from `doraform-demo.dora.incidents`
),

pull_requests as (
  select pull_requests.*
  from `doraform-demo.dora_staging.stg_github__pull_requests` as pull_requests
  join `doraform-demo.dora_staging.stg_github__repositories` as repositories using (repository)
  where pull_requests.merged_at is not null
    and pull_requests.merge_commit_sha is not null
    and (pull_requests.base_ref = repositories.default_branch
      or REGEXP_CONTAINS(pull_requests.base_ref, '^release/'))
),

-- pull requests the overrides leave out (bot logins are a setting, not an override)
excluded_pull_requests as (
  select distinct repository, pull_number from (
    select pull_requests.repository, pull_requests.pull_number
    from pull_requests
    where false
    union all
    select pull_requests.repository, pull_requests.pull_number
    from pull_requests
    CROSS JOIN UNNEST(JSON_VALUE_ARRAY(pull_requests.labels, '$')) AS label
    where false
  ) as excluded
),

-- negative recoveries, lead times, review times, deploy waits and restores are kept in the fact marts
-- and left out of their statistics (docs/metrics.md#decision-25, docs/metrics.md#decision-64)
checks as (
  select 'incidents_linked_share' as check_name,
    SAFE_DIVIDE(coalesce(countif(caused_by_deployment_id is not null), 0), count(*)) as value
  from incidents
  union all
  select 'incidents_unmapped', count(*)
  from (
    select incident_id from `doraform-demo.dora_staging.stg_pagerduty__incidents`
    where coalesce(resolve_reason_type, '') != 'merge_resolve_reason'
      and incident_id not in (select incident_id from incidents)
    union all
    -- a Jira issue that is the same as a PagerDuty incident is counted (or not) as that one
    select issue_key from `doraform-demo.dora_staging.int_incidents__jira`
    where service is null and pagerduty_incident_id is null
  ) as unmapped
  union all
  -- a Jira issue whose cross-reference names no PagerDuty incident counts on its own: perhaps twice
  select 'jira_cross_references_unmatched', count(*)
  from `doraform-demo.dora_staging.stg_jira__issues`
  where coalesce(cross_reference_field_value, '') != ''
    and cross_reference_field_value not in (select incident_id from `doraform-demo.dora_staging.stg_pagerduty__incidents` where incident_id is not null)
  union all
  select 'dangling_references', count(*)
  from (
    select distinct incident_id, referenced_id from `doraform-demo.dora_staging.int_incident_references`
    where deployment_id is null and method != 'override'
  ) as dangling
  union all
  -- first observed deployments, and deployments another tool reported or only a webhook delivery carried
  -- that the extractor did not compare
  select 'deployments_unknown_contents', coalesce(countif(sequence.is_first_observed or (
      (reported.deployment_id is not null or delivered.run_id is not null)
      and sequence.previous_commit_sha != sequence.commit_sha and compares.head_sha is null
    )), 0)
  from `doraform-demo.dora_staging.int_deployment_sequence` as sequence
  left join `doraform-demo.dora_staging.int_deployments__reported` as reported using (deployment_id)
  left join `doraform-demo.dora_staging.int_deployments__workflow_runs` as runs using (deployment_id)
  left join `doraform-demo.dora_staging.stg_github_webhook__workflow_runs` as delivered on delivered.run_id = runs.run_id
  left join `doraform-demo.dora_staging.stg_github__deployment_commits` as compares
    on compares.repository = sequence.repository
    and compares.base_sha = sequence.previous_commit_sha
    and compares.head_sha = sequence.commit_sha
  union all
  -- reports of a deployment GitHub also records: counted once, as GitHub's (docs/metrics.md#decision-51)
  select 'deployments_reported_twins', count(*)
  from `doraform-demo.dora_staging.int_deployments__twins`
  where twin_source = 'reported'
  union all
  -- reports naming a service the catalog does not have: left out of every metric
  select 'deployments_reported_unknown_service', count(*)
  from `doraform-demo.dora_staging.stg_doraform__deployments`
  where coalesce(service, '') not in (select service from `doraform-demo.dora_staging.int_services`)
  union all
  select 'changes_pending', coalesce(countif(status = 'pending'), 0) from `doraform-demo.dora.changes`
  union all
  select 'changes_unknown', coalesce(countif(status = 'unknown'), 0) from `doraform-demo.dora.changes`
  union all
  select 'negative_recoveries', coalesce(countif(recovery_seconds < 0), 0) from `doraform-demo.dora.deployments`
  union all
  -- negative durations from clocks others set: kept in the fact marts, left out of their statistic (docs/metrics.md#decision-64)
  select 'negative_lead_times', coalesce(countif(lead_time_seconds < 0), 0) from `doraform-demo.dora.changes`
  union all
  select 'negative_review_times', coalesce(countif(review_seconds < 0), 0) from `doraform-demo.dora.changes`
  union all
  select 'negative_deploy_waits', coalesce(countif(deploy_wait_seconds < 0), 0) from `doraform-demo.dora.changes`
  union all
  select 'negative_restores', coalesce(countif(restore_seconds < 0), 0) from incidents
  union all
  -- deployments removed: each counts once whichever of its ids (its own, a twin's) the overrides name
  select 'overrides_excluded_deployments', count(distinct kept_id)
  from (
    select deployment_id as named_id, deployment_id as kept_id from (
      select deployment_id from `doraform-demo.dora_staging.int_deployments__workflow_runs`
      union all
      select deployment_id from `doraform-demo.dora_staging.int_deployments__github_deployments`
      union all
      select deployment_id from `doraform-demo.dora_staging.int_deployments__reported`
    ) as all_deployments
    where deployment_id not in (select twin_id from `doraform-demo.dora_staging.int_deployments__twins`)
    union all
    select twin_id as named_id, deployment_id as kept_id from `doraform-demo.dora_staging.int_deployments__twins`
  ) as deployment_names
  where false
  union all
  select 'overrides_incident_links', coalesce(countif(link_method = 'override'), 0) from incidents
  union all
  select 'overrides_not_caused_by_change', coalesce(countif(false and coalesce(link_method, '') != 'override'), 0)
  from incidents
  union all
  select 'overrides_excluded_pull_requests', count(*) from excluded_pull_requests
  union all
  -- what the catalog misses, each in a row of its own (docs/metrics.md#decision-65): the PagerDuty
  -- services the unmapped incidents came from ...
  select CONCAT('incidents_unmapped:pagerduty:', coalesce(pagerduty_service_id, '')), count(*)
  from `doraform-demo.dora_staging.stg_pagerduty__incidents`
  where coalesce(resolve_reason_type, '') != 'merge_resolve_reason'
    and incident_id not in (select incident_id from incidents)
  group by pagerduty_service_id
  union all
  -- ... the repositories without a catalog entry (team unassigned), with their successful deployments ...
  select CONCAT('unassigned_repository:', services.repository), count(deployments.deployment_id)
  from `doraform-demo.dora_staging.int_services` as services
  left join `doraform-demo.dora.deployments` as deployments
    on deployments.service = services.service and deployments.result = 'success'
  where not services.is_catalogued
  group by services.repository
  -- ... and the incidents each method linked to their cause, 0 for a method that linked none
  union all
  select 'incidents_linked:override', coalesce(countif(link_method = 'override'), 0) from incidents union all
  select 'incidents_linked:custom_field', coalesce(countif(link_method = 'custom_field'), 0) from incidents union all
  select 'incidents_linked:note', coalesce(countif(link_method = 'note'), 0) from incidents union all
  select 'incidents_linked:change_event', coalesce(countif(link_method = 'change_event'), 0) from incidents union all
  select 'incidents_linked:revert', coalesce(countif(link_method = 'revert'), 0) from incidents union all
  select 'incidents_linked:window', coalesce(countif(link_method = 'window'), 0) from incidents
)

select check_name, cast(value as FLOAT64) as value from checks
-- freshness: hours since each raw stream's newest extraction (look into anything above 48; null for a
-- stream never landed, such as Jira's without Jira)
union all
select 'freshness:github_raw__stream_repositories', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.github_raw__stream_repositories`
union all
select 'freshness:github_raw__stream_workflow_runs', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.github_raw__stream_workflow_runs`
union all
select 'freshness:github_raw__stream_workflow_jobs', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.github_raw__stream_workflow_jobs`
union all
select 'freshness:github_raw__stream_deployments', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.github_raw__stream_deployments`
union all
select 'freshness:github_raw__stream_deployment_statuses', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.github_raw__stream_deployment_statuses`
union all
select 'freshness:github_raw__stream_pull_requests', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.github_raw__stream_pull_requests`
union all
select 'freshness:github_raw__stream_deployment_commits', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.github_raw__stream_deployment_commits`
union all
select 'freshness:github_raw__stream_commits', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.github_raw__stream_commits`
union all
select 'freshness:pagerduty_raw__stream_services', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.pagerduty_raw__stream_services`
union all
select 'freshness:pagerduty_raw__stream_incidents', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.pagerduty_raw__stream_incidents`
union all
select 'freshness:pagerduty_raw__stream_incident_log_entries', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.pagerduty_raw__stream_incident_log_entries`
union all
select 'freshness:pagerduty_raw__stream_incident_notes', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.pagerduty_raw__stream_incident_notes`
union all
select 'freshness:pagerduty_raw__stream_incident_custom_fields', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.pagerduty_raw__stream_incident_custom_fields`
union all
select 'freshness:pagerduty_raw__stream_incident_related_change_events', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.pagerduty_raw__stream_incident_related_change_events`
union all
select 'freshness:jira_raw__stream_issues', cast(TIMESTAMP_DIFF(CURRENT_TIMESTAMP, max(_airbyte_extracted_at), SECOND) / 3600 as FLOAT64)
from `doraform-demo.airbyte_internal.jira_raw__stream_issues`
