-- dora_staging.int_facts_bucketed from definitions/intermediate/int_facts_bucketed.sqlx, compiled for BigQuery
-- table query
with deployment_facts as (
  -- only a successful deployment is a deployment in any metric, placed by its finish
  -- (docs/metrics.md#decision-8)
  select
    deployment_id,
    cast(null as STRING) as change_id,
    cast(null as STRING) as incident_id,
    service,
    team,
    finished_at as placed_at,
    date(finished_at) as deploy_date,
    caused_failure,
    is_rework,
    recovery_seconds,
    cast(null as INT64) as lead_time_seconds,
    cast(null as INT64) as pickup_seconds,
    cast(null as TIMESTAMP) as resolved_at,
    cast(null as INT64) as restore_seconds
  from `doraform-demo.dora.deployments`
  where result = 'success'
),

change_facts as (
  -- a change counts once deployed, placed by its deployment's finish (docs/metrics.md#decision-8)
  select
    cast(null as STRING),
    change_id,
    cast(null as STRING),
    service,
    team,
    deployed_at,
    cast(null as DATE),
    cast(null as BOOL),
    cast(null as BOOL),
    cast(null as INT64),
    lead_time_seconds,
    pickup_seconds,
    cast(null as TIMESTAMP),
    cast(null as INT64)
  from `doraform-demo.dora.changes`
  where deployed_at is not null
),

incident_facts as (
  -- an incident is placed by its start (docs/metrics.md#decision-8)
  select
    cast(null as STRING),
    cast(null as STRING),
    incident_id,
    service,
    team,
    started_at,
    cast(null as DATE),
    cast(null as BOOL),
    cast(null as BOOL),
    cast(null as INT64),
    cast(null as INT64),
    cast(null as INT64),
    resolved_at,
    restore_seconds
  from `doraform-demo.dora.incidents`
),

facts as (
  select * from deployment_facts
  union all
  select * from change_facts
  union all
  select * from incident_facts
)

select
  deployment_id,
  change_id,
  incident_id,
  service,
  team,
  placed_at,
  deploy_date,
  DATE_TRUNC(CAST(placed_at AS DATE), ISOWEEK) as week_start,
  DATE_TRUNC(CAST(placed_at AS DATE), QUARTER) as quarter_start,
  caused_failure,
  is_rework,
  recovery_seconds,
  lead_time_seconds,
  pickup_seconds,
  resolved_at,
  restore_seconds
from facts
