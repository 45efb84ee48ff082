-- dora_staging.int_calendar_starts from definitions/intermediate/int_calendar_starts.sqlx, compiled for BigQuery
-- table query
with facts as (
  -- any deployment row (any result), any change row (merged_at, any status), any incident: not
  -- only the facts the measures count (docs/metrics.md#decision-28)
  select service, team, finished_at as fact_at from `doraform-demo.dora.deployments`
  union all
  select service, team, merged_at from `doraform-demo.dora.changes`
  union all
  select service, team, started_at from `doraform-demo.dora.incidents`
)

select service, team, min(fact_at) as first_fact_at
from facts
group by service, team
