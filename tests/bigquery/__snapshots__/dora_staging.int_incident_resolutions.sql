-- dora_staging.int_incident_resolutions from definitions/intermediate/int_incident_resolutions.sqlx, compiled for BigQuery
-- table query
with incidents as (
  select * from `doraform-demo.dora_staging.int_incidents`
),

-- a hotfix (label hotfix or branch hotfix/*) names an incident whose id is a whole token of its title,
-- body or branch, punctuation matching any punctuation (docs/metrics.md#decision-23, docs/metrics.md#decision-46)
hotfixes as (
  select
    changes.deployment_id,
    CONCAT(' ', REGEXP_REPLACE(CONCAT(coalesce(changes.title, ''), ' ', coalesce(changes.body, ''), ' ', coalesce(changes.head_ref, '')), '[^A-Za-z0-9]+', ' '), ' ') as tokens
  from `doraform-demo.dora_staging.int_changes` as changes
  where changes.is_hotfix and changes.deployment_id is not null
),

-- the ids a hotfix may name an incident by, cut into tokens like the hotfix texts; a Jira issue that is
-- the same as a PagerDuty incident names it by its key too (docs/metrics.md#decision-44)
names as (
  select incident_id, CONCAT(' ', REGEXP_REPLACE(name, '[^A-Za-z0-9]+', ' '), ' ') as tokens
  from (
    select incident_id, incident_id as name from incidents
    union all
    select pagerduty_incident_id, issue_key from `doraform-demo.dora_staging.int_incidents__jira` where pagerduty_incident_id is not null
  ) as named
),

-- a runbook note `resolved-by: <deployment id or run URL>` (a twin's id names the deployment kept for it,
-- docs/metrics.md#decision-53), and the hotfixes naming the incident
candidates as (
  select incident_id, deployment_id
  from `doraform-demo.dora_staging.int_incident_references`
  where method = 'resolved_by' and deployment_id is not null
  union all
  select names.incident_id, hotfixes.deployment_id
  from names
  join hotfixes on strpos(hotfixes.tokens, names.tokens) > 0
)

-- the earliest successful candidate finished after the incident started (by finished_at, ties by
-- deployment_id) (docs/metrics.md#decision-24)
select
  candidates.incident_id,
  deployments.deployment_id as resolved_by_deployment_id,
  deployments.finished_at as resolved_by_finished_at
from candidates
join incidents using (incident_id)
join `doraform-demo.dora_staging.int_deployments` as deployments
  on deployments.deployment_id = candidates.deployment_id and deployments.result = 'success'
where deployments.finished_at > incidents.started_at
qualify row_number() over (partition by candidates.incident_id order by deployments.finished_at, deployments.deployment_id) = 1
