-- dora_staging.int_period_fingerprints from definitions/intermediate/int_period_fingerprints.sqlx, compiled for BigQuery
-- incremental query
-- incremental: the inputs are derived again, whole (the pre-operation deleted them, and the marts'
-- records older than every mart's latest: a mart's rows are built from its latest, includes/periods.js)
with calendar_starts as (
  select service, team, first_fact_at
  from `doraform-demo.dora_staging.int_calendar_starts`
),

facts as (
  select *, FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(deployment_id, change_id, incident_id, service, team, placed_at, deploy_date, week_start, quarter_start, caused_failure, is_rework, recovery_seconds, lead_time_seconds, pickup_seconds, resolved_at, restore_seconds))) as fact_hash
  from `doraform-demo.dora_staging.int_facts_bucketed`
),

week_periods as (
  -- every period from the organisation's first fact to the one containing as_of, as the marts' calendars
  select periods.week_start as period_start, periods.week_start < DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK) as is_complete
  from (SELECT week_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(CAST((select min(first_fact_at) from calendar_starts) AS DATE), ISOWEEK), DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL 1 WEEK)) AS week_start) as periods
),

week_members as (
  -- the services whose calendar has started by the period, with their team
  select periods.period_start, count(*) as members, CAST(COALESCE(BIT_XOR(FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(calendar_starts.service, calendar_starts.team)))), 0) AS STRING) as members_hash
  from week_periods as periods
  join calendar_starts on DATE_TRUNC(CAST(calendar_starts.first_fact_at AS DATE), ISOWEEK) <= periods.period_start
  group by periods.period_start
),

week_facts as (
  select week_start as period_start, count(*) as facts, CAST(COALESCE(BIT_XOR(fact_hash), 0) AS STRING) as facts_hash
  from facts
  group by week_start
),

week_fingerprints as (
  select
    'week' as grain,
    periods.period_start,
    CONCAT(cast(periods.is_complete as STRING), '/', cast(coalesce(members.members, 0) as STRING), '/', coalesce(members.members_hash, '0'), '/', cast(coalesce(facts.facts, 0) as STRING), '/', coalesce(facts.facts_hash, '0')) as fingerprint
  from week_periods as periods
  left join week_members as members on members.period_start = periods.period_start
  left join week_facts as facts on facts.period_start = periods.period_start
),

quarter_periods as (
  -- every period from the organisation's first fact to the one containing as_of, as the marts' calendars
  select periods.quarter_start as period_start, periods.quarter_start < DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), QUARTER) as is_complete
  from (SELECT quarter_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(CAST((select min(first_fact_at) from calendar_starts) AS DATE), QUARTER), DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), QUARTER), INTERVAL 3 MONTH)) AS quarter_start) as periods
),

quarter_members as (
  -- the services whose calendar has started by the period, with their team
  select periods.period_start, count(*) as members, CAST(COALESCE(BIT_XOR(FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(calendar_starts.service, calendar_starts.team)))), 0) AS STRING) as members_hash
  from quarter_periods as periods
  join calendar_starts on DATE_TRUNC(CAST(calendar_starts.first_fact_at AS DATE), QUARTER) <= periods.period_start
  group by periods.period_start
),

quarter_facts as (
  select quarter_start as period_start, count(*) as facts, CAST(COALESCE(BIT_XOR(fact_hash), 0) AS STRING) as facts_hash
  from facts
  group by quarter_start
),

quarter_fingerprints as (
  select
    'quarter' as grain,
    periods.period_start,
    CONCAT(cast(periods.is_complete as STRING), '/', cast(coalesce(members.members, 0) as STRING), '/', coalesce(members.members_hash, '0'), '/', cast(coalesce(facts.facts, 0) as STRING), '/', coalesce(facts.facts_hash, '0')) as fingerprint
  from quarter_periods as periods
  left join quarter_members as members on members.period_start = periods.period_start
  left join quarter_facts as facts on facts.period_start = periods.period_start
)

select 'inputs' as built_for, grain, period_start, fingerprint, CURRENT_TIMESTAMP as recorded_at from week_fingerprints
union all
select 'inputs', grain, period_start, fingerprint, CURRENT_TIMESTAMP from quarter_fingerprints

-- incremental pre-operation
delete from `doraform-demo.dora_staging.int_period_fingerprints`
  where built_for = 'inputs'
    or recorded_at < (
      select min(latest) from (select max(recorded_at) as latest from `doraform-demo.dora_staging.int_period_fingerprints` where built_for != 'inputs' group by built_for) as marts
    )

-- incremental query
-- incremental: the inputs are derived again, whole (the pre-operation deleted them, and the marts'
-- records older than every mart's latest: a mart's rows are built from its latest, includes/periods.js)
with calendar_starts as (
  select service, team, first_fact_at
  from `doraform-demo.dora_staging.int_calendar_starts`
),

facts as (
  select *, FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(deployment_id, change_id, incident_id, service, team, placed_at, deploy_date, week_start, quarter_start, caused_failure, is_rework, recovery_seconds, lead_time_seconds, pickup_seconds, resolved_at, restore_seconds))) as fact_hash
  from `doraform-demo.dora_staging.int_facts_bucketed`
),

week_periods as (
  -- every period from the organisation's first fact to the one containing as_of, as the marts' calendars
  select periods.week_start as period_start, periods.week_start < DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK) as is_complete
  from (SELECT week_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(CAST((select min(first_fact_at) from calendar_starts) AS DATE), ISOWEEK), DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), ISOWEEK), INTERVAL 1 WEEK)) AS week_start) as periods
),

week_members as (
  -- the services whose calendar has started by the period, with their team
  select periods.period_start, count(*) as members, CAST(COALESCE(BIT_XOR(FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(calendar_starts.service, calendar_starts.team)))), 0) AS STRING) as members_hash
  from week_periods as periods
  join calendar_starts on DATE_TRUNC(CAST(calendar_starts.first_fact_at AS DATE), ISOWEEK) <= periods.period_start
  group by periods.period_start
),

week_facts as (
  select week_start as period_start, count(*) as facts, CAST(COALESCE(BIT_XOR(fact_hash), 0) AS STRING) as facts_hash
  from facts
  group by week_start
),

week_fingerprints as (
  select
    'week' as grain,
    periods.period_start,
    CONCAT(cast(periods.is_complete as STRING), '/', cast(coalesce(members.members, 0) as STRING), '/', coalesce(members.members_hash, '0'), '/', cast(coalesce(facts.facts, 0) as STRING), '/', coalesce(facts.facts_hash, '0')) as fingerprint
  from week_periods as periods
  left join week_members as members on members.period_start = periods.period_start
  left join week_facts as facts on facts.period_start = periods.period_start
),

quarter_periods as (
  -- every period from the organisation's first fact to the one containing as_of, as the marts' calendars
  select periods.quarter_start as period_start, periods.quarter_start < DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), QUARTER) as is_complete
  from (SELECT quarter_start FROM UNNEST(GENERATE_DATE_ARRAY(DATE_TRUNC(CAST((select min(first_fact_at) from calendar_starts) AS DATE), QUARTER), DATE_TRUNC(CAST(CURRENT_DATE() AS DATE), QUARTER), INTERVAL 3 MONTH)) AS quarter_start) as periods
),

quarter_members as (
  -- the services whose calendar has started by the period, with their team
  select periods.period_start, count(*) as members, CAST(COALESCE(BIT_XOR(FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(calendar_starts.service, calendar_starts.team)))), 0) AS STRING) as members_hash
  from quarter_periods as periods
  join calendar_starts on DATE_TRUNC(CAST(calendar_starts.first_fact_at AS DATE), QUARTER) <= periods.period_start
  group by periods.period_start
),

quarter_facts as (
  select quarter_start as period_start, count(*) as facts, CAST(COALESCE(BIT_XOR(fact_hash), 0) AS STRING) as facts_hash
  from facts
  group by quarter_start
),

quarter_fingerprints as (
  select
    'quarter' as grain,
    periods.period_start,
    CONCAT(cast(periods.is_complete as STRING), '/', cast(coalesce(members.members, 0) as STRING), '/', coalesce(members.members_hash, '0'), '/', cast(coalesce(facts.facts, 0) as STRING), '/', coalesce(facts.facts_hash, '0')) as fingerprint
  from quarter_periods as periods
  left join quarter_members as members on members.period_start = periods.period_start
  left join quarter_facts as facts on facts.period_start = periods.period_start
)

select 'inputs' as built_for, grain, period_start, fingerprint, CURRENT_TIMESTAMP as recorded_at from week_fingerprints
union all
select 'inputs', grain, period_start, fingerprint, CURRENT_TIMESTAMP from quarter_fingerprints
