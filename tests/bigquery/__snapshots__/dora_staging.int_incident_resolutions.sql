-- dora_staging.int_incident_resolutions from definitions/intermediate/int_incident_resolutions.sqlx, compiled for BigQuery
-- table query
with incidents as (
  select * from `doraform-demo.dora_staging.int_incidents`
),

-- a hotfix (label hotfix or branch hotfix/*) names an incident whose id is a whole token of its title,
-- body or branch, punctuation matching any punctuation (docs/metrics.md#decision-23, docs/metrics.md#decision-46)
hotfixes as (
  select
    changes.change_id,
    changes.deployment_id,
    CONCAT(' ', REGEXP_REPLACE(CONCAT(coalesce(changes.title, ''), ' ', coalesce(changes.body, ''), ' ', coalesce(changes.head_ref, '')), '[^A-Za-z0-9]+', ' '), ' ') as tokens
  from `doraform-demo.dora_staging.int_changes` as changes
  where changes.is_hotfix and changes.deployment_id is not null
),

hotfix_word_lists as (
  select change_id, split(tokens, ' ') as word_list
  from hotfixes
),

hotfix_words as (
  select distinct lists.change_id, word
  from hotfix_word_lists as lists
  CROSS JOIN UNNEST(lists.word_list) AS word
),

-- the ids a hotfix may name an incident by, cut into tokens like the hotfix texts; a Jira issue that is
-- the same as a PagerDuty incident names it by its key too (docs/metrics.md#decision-44); first_word:
-- its first token, which a hotfix naming it holds as a word of its own
names as (
  select
    incident_id,
    CONCAT(' ', REGEXP_REPLACE(name, '[^A-Za-z0-9]+', ' '), ' ') as tokens,
    REGEXP_EXTRACT(name, '([A-Za-z0-9]+)') as first_word
  from (
    select incident_id, incident_id as name from incidents
    union all
    select pagerduty_incident_id, issue_key from `doraform-demo.dora_staging.int_incidents__jira` where pagerduty_incident_id is not null
  ) as named
),

-- a name's tokens within a hotfix's: joined on the first word (an equality, not every hotfix against
-- every name), then matched whole; a name with no word at all is matched against every hotfix
named_by_hotfixes as (
  select names.incident_id, hotfixes.deployment_id
  from names
  join hotfix_words on hotfix_words.word = names.first_word
  join hotfixes on hotfixes.change_id = hotfix_words.change_id and strpos(hotfixes.tokens, names.tokens) > 0
  union all
  select names.incident_id, hotfixes.deployment_id
  from names
  join hotfixes on strpos(hotfixes.tokens, names.tokens) > 0
  where names.first_word is null
),

-- a runbook note `resolved-by: <deployment id or run URL>` (a twin's id names the deployment kept for it,
-- docs/metrics.md#decision-53), and the hotfixes naming the incident
candidates as (
  select incident_id, deployment_id
  from `doraform-demo.dora_staging.int_incident_references`
  where method = 'resolved_by' and deployment_id is not null
  union all
  select incident_id, deployment_id from named_by_hotfixes
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
