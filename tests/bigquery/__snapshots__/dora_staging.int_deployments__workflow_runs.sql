-- dora_staging.int_deployments__workflow_runs from definitions/intermediate/int_deployments__workflow_runs.sqlx, compiled for BigQuery
-- table query
-- a run only a workflow_run delivery has carried is provisional: no jobs known, so it takes the run's
-- conclusion and finishes at its updated_at until the next sync (docs/metrics.md#decision-52)
with runs as (
  select * from (
    select run_id, repository, workflow_id, workflow_name, workflow_path, head_branch, head_sha, event, status, conclusion, run_attempt, run_started_at, created_at, updated_at, html_url, extracted_at from `doraform-demo.dora_staging.stg_github__workflow_runs`
    union all
    -- runs only a webhook delivery has carried so far: no jobs yet (docs/metrics.md#decision-52)
    select run_id, repository, workflow_id, workflow_name, workflow_path, head_branch, head_sha, event, status, conclusion, run_attempt, run_started_at, created_at, updated_at, html_url, extracted_at from `doraform-demo.dora_staging.stg_github_webhook__workflow_runs`
  ) as polled_or_delivered
  where status = 'completed'
    and coalesce(event, '') != 'pull_request'
),

deploy_runs as (
  select runs.*, services.service, services.team, services.deploy_job, services.is_monorepo
  from runs
  join `doraform-demo.dora_staging.int_service_deploy_workflows` as workflows
    on workflows.repository = runs.repository and workflows.workflow_path = runs.workflow_path
  join `doraform-demo.dora_staging.int_services` as services on services.service = workflows.service
  where runs.head_branch = services.default_branch
    or REGEXP_CONTAINS(runs.head_branch, '^release/')
),

-- the deploy job of each attempt: the named job, else the last to complete (ties: the first listed)
attempt_deploy_jobs as (
  select deploy_runs.service, jobs.run_id, jobs.run_attempt, jobs.conclusion, jobs.completed_at
  from deploy_runs
  join `doraform-demo.dora_staging.stg_github__workflow_jobs` as jobs on jobs.run_id = deploy_runs.run_id
  where (deploy_runs.deploy_job is null and jobs.completed_at is not null)
    or jobs.job_name = deploy_runs.deploy_job
  qualify row_number() over (
    partition by deploy_runs.service, jobs.run_id, jobs.run_attempt
    order by jobs.completed_at desc, jobs.job_id
  ) = 1
),

first_success as (
  select service, run_id, completed_at as finished_at
  from attempt_deploy_jobs
  where conclusion = 'success' and completed_at is not null
  qualify row_number() over (partition by service, run_id order by run_attempt) = 1
),

-- started_at: the run's own with one attempt, else the creation of the first attempt's jobs, else the
-- run's creation (docs/metrics.md#decision-6)
first_attempt_starts as (
  select run_id, min(created_at) as started_at
  from `doraform-demo.dora_staging.stg_github__workflow_jobs`
  where run_attempt = 1
  group by run_id
),

-- success when any attempt's deploy job succeeded, finished at that job in the first successful attempt;
-- otherwise the latest attempt's conclusion (failure, timed_out, startup_failure: failure), finished at
-- its deploy job, else at the run's last update (docs/metrics.md#decision-5, docs/metrics.md#decision-6)
outcomes as (
  select
    deploy_runs.*,
    first_success.finished_at as success_finished_at,
    latest_job.completed_at as latest_deploy_job_completed_at,
    first_attempt_starts.started_at as first_attempt_started_at
  from deploy_runs
  left join first_success
    on first_success.service = deploy_runs.service and first_success.run_id = deploy_runs.run_id
  left join attempt_deploy_jobs as latest_job
    on latest_job.service = deploy_runs.service and latest_job.run_id = deploy_runs.run_id
    and latest_job.run_attempt = deploy_runs.run_attempt
  left join first_attempt_starts on first_attempt_starts.run_id = deploy_runs.run_id
)

select
  CONCAT('gh-run:', cast(run_id as string), if(is_monorepo, CONCAT('/', service), '')) as deployment_id,
  run_id,
  service,
  team,
  repository,
  'production' as environment,
  'github_actions' as source,
  head_branch as branch,
  head_sha as commit_sha,
  if(coalesce(run_attempt, 1) = 1, run_started_at, coalesce(first_attempt_started_at, created_at)) as started_at,
  coalesce(success_finished_at, latest_deploy_job_completed_at, updated_at) as finished_at,
  case
    when success_finished_at is not null then 'success'
    when conclusion in ('failure', 'timed_out', 'startup_failure') then 'failure'
    else conclusion
  end as result,
  html_url as url
from outcomes
where success_finished_at is not null or conclusion is not null
