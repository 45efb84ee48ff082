-- dora_staging.int_deployments__twins from definitions/intermediate/int_deployments__twins.sqlx, compiled for BigQuery
-- table query
with runs as (
  select * from `doraform-demo.dora_staging.int_deployments__workflow_runs`
),

github_deployments as (
  select * from `doraform-demo.dora_staging.int_deployments__github_deployments`
),

reported as (
  select * from `doraform-demo.dora_staging.int_deployments__reported`
),

-- a GitHub deployment of a workflow run's commit, same service, finished at most 600 seconds apart: the
-- run is kept (docs/metrics.md#decision-31)
github_pairs as (
  select
    runs.deployment_id as kept_id,
    github_deployments.deployment_id as twin_id,
    abs(TIMESTAMP_DIFF(runs.finished_at, github_deployments.finished_at, SECOND)) as distance
  from runs
  join github_deployments
    on github_deployments.service = runs.service and github_deployments.commit_sha = runs.commit_sha
  where abs(TIMESTAMP_DIFF(runs.finished_at, github_deployments.finished_at, SECOND)) <= 600
),

-- one-to-one, nearest first (ties: the kept record's id, then the twin's id), in at most 4 rounds of
-- mutual nearest pairs: the same pairs unless a chain of at least 10 alternating records of one commit
-- needs a fifth round (docs/metrics.md#decision-50)
github_round_1 as (
  select kept_id, twin_id, distance,
    if(is_open
      and row_number() over (partition by kept_id, is_open order by distance, twin_id) = 1
      and row_number() over (partition by twin_id, is_open order by distance, kept_id) = 1, 1, matched_round) as matched_round
  from (select kept_id, twin_id, distance, cast(null as int64) as matched_round, true as is_open from github_pairs) as pool
),

github_round_2 as (
  select kept_id, twin_id, distance,
    if(is_open
      and row_number() over (partition by kept_id, is_open order by distance, twin_id) = 1
      and row_number() over (partition by twin_id, is_open order by distance, kept_id) = 1, 2, matched_round) as matched_round
  from (select kept_id, twin_id, distance, matched_round,
    matched_round is null and count(matched_round) over (partition by kept_id) = 0 and count(matched_round) over (partition by twin_id) = 0 as is_open
  from github_round_1) as pool
),

github_round_3 as (
  select kept_id, twin_id, distance,
    if(is_open
      and row_number() over (partition by kept_id, is_open order by distance, twin_id) = 1
      and row_number() over (partition by twin_id, is_open order by distance, kept_id) = 1, 3, matched_round) as matched_round
  from (select kept_id, twin_id, distance, matched_round,
    matched_round is null and count(matched_round) over (partition by kept_id) = 0 and count(matched_round) over (partition by twin_id) = 0 as is_open
  from github_round_2) as pool
),

github_round_4 as (
  select kept_id, twin_id, distance,
    if(is_open
      and row_number() over (partition by kept_id, is_open order by distance, twin_id) = 1
      and row_number() over (partition by twin_id, is_open order by distance, kept_id) = 1, 4, matched_round) as matched_round
  from (select kept_id, twin_id, distance, matched_round,
    matched_round is null and count(matched_round) over (partition by kept_id) = 0 and count(matched_round) over (partition by twin_id) = 0 as is_open
  from github_round_3) as pool
),

github_twins as (
  select twin_id, kept_id as deployment_id, 'github_deployments' as twin_source
  from github_round_4
  where matched_round is not null
),

-- GitHub's record of each deployment: the runs and the GitHub deployments no run took
github_records as (
  select deployment_id, service, commit_sha, finished_at from runs
  union all
  select deployment_id, service, commit_sha, finished_at from github_deployments
  where deployment_id not in (select twin_id from github_twins)
),

-- a tool's report of GitHub's record, same service and commit, finished at most 600 seconds apart:
-- GitHub's record is kept (docs/metrics.md#decision-51)
reported_pairs as (
  select
    github_records.deployment_id as kept_id,
    reported.deployment_id as twin_id,
    abs(TIMESTAMP_DIFF(github_records.finished_at, reported.finished_at, SECOND)) as distance
  from github_records
  join reported
    on reported.service = github_records.service and starts_with(github_records.commit_sha, reported.commit_sha)
  where abs(TIMESTAMP_DIFF(github_records.finished_at, reported.finished_at, SECOND)) <= 600
),

reported_round_1 as (
  select kept_id, twin_id, distance,
    if(is_open
      and row_number() over (partition by kept_id, is_open order by distance, twin_id) = 1
      and row_number() over (partition by twin_id, is_open order by distance, kept_id) = 1, 1, matched_round) as matched_round
  from (select kept_id, twin_id, distance, cast(null as int64) as matched_round, true as is_open from reported_pairs) as pool
),

reported_round_2 as (
  select kept_id, twin_id, distance,
    if(is_open
      and row_number() over (partition by kept_id, is_open order by distance, twin_id) = 1
      and row_number() over (partition by twin_id, is_open order by distance, kept_id) = 1, 2, matched_round) as matched_round
  from (select kept_id, twin_id, distance, matched_round,
    matched_round is null and count(matched_round) over (partition by kept_id) = 0 and count(matched_round) over (partition by twin_id) = 0 as is_open
  from reported_round_1) as pool
),

reported_round_3 as (
  select kept_id, twin_id, distance,
    if(is_open
      and row_number() over (partition by kept_id, is_open order by distance, twin_id) = 1
      and row_number() over (partition by twin_id, is_open order by distance, kept_id) = 1, 3, matched_round) as matched_round
  from (select kept_id, twin_id, distance, matched_round,
    matched_round is null and count(matched_round) over (partition by kept_id) = 0 and count(matched_round) over (partition by twin_id) = 0 as is_open
  from reported_round_2) as pool
),

reported_round_4 as (
  select kept_id, twin_id, distance,
    if(is_open
      and row_number() over (partition by kept_id, is_open order by distance, twin_id) = 1
      and row_number() over (partition by twin_id, is_open order by distance, kept_id) = 1, 4, matched_round) as matched_round
  from (select kept_id, twin_id, distance, matched_round,
    matched_round is null and count(matched_round) over (partition by kept_id) = 0 and count(matched_round) over (partition by twin_id) = 0 as is_open
  from reported_round_3) as pool
),

reported_twins as (
  select twin_id, kept_id as deployment_id, 'reported' as twin_source
  from reported_round_4
  where matched_round is not null
)

select * from github_twins
union all
select * from reported_twins
