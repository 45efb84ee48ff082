-- dora.benchmarks from definitions/marts/benchmarks.sqlx, compiled for BigQuery
-- table query
-- a value meets a row within its non-null bounds (inclusive); the level is the met row with the smallest
-- rank; low rows have no bounds (docs/metrics.md#decision-30)
select
  2021 as report_year,
  'deployment_frequency' as metric,
  'elite' as level,
  1 as rank,
  cast(5e+0 as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'deploy_days_per_week' as unit,
  'deploy_days_per_week' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'deployment_frequency' as metric,
  'high' as level,
  2 as rank,
  cast(1e+0 as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'deploy_days_per_week' as unit,
  'deploy_days_per_week' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'deployment_frequency' as metric,
  'medium' as level,
  3 as rank,
  cast(2.3076923076923078e-1 as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'deploy_days_per_week' as unit,
  'deploy_days_per_week' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'deployment_frequency' as metric,
  'low' as level,
  4 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'deploy_days_per_week' as unit,
  'deploy_days_per_week' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'change_lead_time' as metric,
  'elite' as level,
  1 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(3.6e+3 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'lead_time_p50_seconds' as measure,
  'changes_deployed' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'change_lead_time' as metric,
  'high' as level,
  2 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(6.048e+5 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'lead_time_p50_seconds' as measure,
  'changes_deployed' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'change_lead_time' as metric,
  'medium' as level,
  3 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(1.5552e+7 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'lead_time_p50_seconds' as measure,
  'changes_deployed' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'change_lead_time' as metric,
  'low' as level,
  4 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'seconds' as unit,
  'lead_time_p50_seconds' as measure,
  'changes_deployed' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'change_failure_rate' as metric,
  'elite' as level,
  1 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(1.5e-1 as FLOAT64) as upper_bound,
  'ratio' as unit,
  'change_failure_rate' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'change_failure_rate' as metric,
  'high' as level,
  2 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(3e-1 as FLOAT64) as upper_bound,
  'ratio' as unit,
  'change_failure_rate' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'change_failure_rate' as metric,
  'medium' as level,
  3 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(3e-1 as FLOAT64) as upper_bound,
  'ratio' as unit,
  'change_failure_rate' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'change_failure_rate' as metric,
  'low' as level,
  4 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'ratio' as unit,
  'change_failure_rate' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'time_to_restore' as metric,
  'elite' as level,
  1 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(3.6e+3 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'restore_p50_seconds' as measure,
  'restored_incidents' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'time_to_restore' as metric,
  'high' as level,
  2 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(8.64e+4 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'restore_p50_seconds' as measure,
  'restored_incidents' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'time_to_restore' as metric,
  'medium' as level,
  3 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(6.048e+5 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'restore_p50_seconds' as measure,
  'restored_incidents' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2021 as report_year,
  'time_to_restore' as metric,
  'low' as level,
  4 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'seconds' as unit,
  'restore_p50_seconds' as measure,
  'restored_incidents' as sample_column,
  'Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)' as source
union all
select
  2023 as report_year,
  'deployment_frequency' as metric,
  'elite' as level,
  1 as rank,
  cast(5e+0 as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'deploy_days_per_week' as unit,
  'deploy_days_per_week' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'deployment_frequency' as metric,
  'high' as level,
  2 as rank,
  cast(1e+0 as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'deploy_days_per_week' as unit,
  'deploy_days_per_week' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'deployment_frequency' as metric,
  'medium' as level,
  3 as rank,
  cast(2.3076923076923078e-1 as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'deploy_days_per_week' as unit,
  'deploy_days_per_week' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'deployment_frequency' as metric,
  'low' as level,
  4 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'deploy_days_per_week' as unit,
  'deploy_days_per_week' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'change_lead_time' as metric,
  'elite' as level,
  1 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(8.64e+4 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'lead_time_p50_seconds' as measure,
  'changes_deployed' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'change_lead_time' as metric,
  'high' as level,
  2 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(6.048e+5 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'lead_time_p50_seconds' as measure,
  'changes_deployed' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'change_lead_time' as metric,
  'medium' as level,
  3 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(2.592e+6 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'lead_time_p50_seconds' as measure,
  'changes_deployed' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'change_lead_time' as metric,
  'low' as level,
  4 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'seconds' as unit,
  'lead_time_p50_seconds' as measure,
  'changes_deployed' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'change_failure_rate' as metric,
  'elite' as level,
  1 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(5e-2 as FLOAT64) as upper_bound,
  'ratio' as unit,
  'change_failure_rate' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'change_failure_rate' as metric,
  'high' as level,
  2 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(1e-1 as FLOAT64) as upper_bound,
  'ratio' as unit,
  'change_failure_rate' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'change_failure_rate' as metric,
  'medium' as level,
  3 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(1.5e-1 as FLOAT64) as upper_bound,
  'ratio' as unit,
  'change_failure_rate' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'change_failure_rate' as metric,
  'low' as level,
  4 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'ratio' as unit,
  'change_failure_rate' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'failed_deployment_recovery_time' as metric,
  'elite' as level,
  1 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(3.6e+3 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'recovery_p50_seconds' as measure,
  'recovered_deployments' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'failed_deployment_recovery_time' as metric,
  'high' as level,
  2 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(8.64e+4 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'recovery_p50_seconds' as measure,
  'recovered_deployments' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'failed_deployment_recovery_time' as metric,
  'medium' as level,
  3 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(6.048e+5 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'recovery_p50_seconds' as measure,
  'recovered_deployments' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2023 as report_year,
  'failed_deployment_recovery_time' as metric,
  'low' as level,
  4 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'seconds' as unit,
  'recovery_p50_seconds' as measure,
  'recovered_deployments' as sample_column,
  'Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)' as source
union all
select
  2024 as report_year,
  'deployment_frequency' as metric,
  'elite' as level,
  1 as rank,
  cast(5e+0 as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'deploy_days_per_week' as unit,
  'deploy_days_per_week' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'deployment_frequency' as metric,
  'high' as level,
  2 as rank,
  cast(1e+0 as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'deploy_days_per_week' as unit,
  'deploy_days_per_week' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'deployment_frequency' as metric,
  'medium' as level,
  3 as rank,
  cast(2.3076923076923078e-1 as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'deploy_days_per_week' as unit,
  'deploy_days_per_week' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'deployment_frequency' as metric,
  'low' as level,
  4 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'deploy_days_per_week' as unit,
  'deploy_days_per_week' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'change_lead_time' as metric,
  'elite' as level,
  1 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(8.64e+4 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'lead_time_p50_seconds' as measure,
  'changes_deployed' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'change_lead_time' as metric,
  'high' as level,
  2 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(6.048e+5 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'lead_time_p50_seconds' as measure,
  'changes_deployed' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'change_lead_time' as metric,
  'medium' as level,
  3 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(2.592e+6 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'lead_time_p50_seconds' as measure,
  'changes_deployed' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'change_lead_time' as metric,
  'low' as level,
  4 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'seconds' as unit,
  'lead_time_p50_seconds' as measure,
  'changes_deployed' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'change_failure_rate' as metric,
  'elite' as level,
  1 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(5e-2 as FLOAT64) as upper_bound,
  'ratio' as unit,
  'change_failure_rate' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'change_failure_rate' as metric,
  'high' as level,
  2 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(2e-1 as FLOAT64) as upper_bound,
  'ratio' as unit,
  'change_failure_rate' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'change_failure_rate' as metric,
  'medium' as level,
  3 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(1e-1 as FLOAT64) as upper_bound,
  'ratio' as unit,
  'change_failure_rate' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'change_failure_rate' as metric,
  'low' as level,
  4 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'ratio' as unit,
  'change_failure_rate' as measure,
  'deployments' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'failed_deployment_recovery_time' as metric,
  'elite' as level,
  1 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(3.6e+3 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'recovery_p50_seconds' as measure,
  'recovered_deployments' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'failed_deployment_recovery_time' as metric,
  'high' as level,
  2 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(8.64e+4 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'recovery_p50_seconds' as measure,
  'recovered_deployments' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'failed_deployment_recovery_time' as metric,
  'medium' as level,
  3 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(8.64e+4 as FLOAT64) as upper_bound,
  'seconds' as unit,
  'recovery_p50_seconds' as measure,
  'recovered_deployments' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
union all
select
  2024 as report_year,
  'failed_deployment_recovery_time' as metric,
  'low' as level,
  4 as rank,
  cast(null as FLOAT64) as lower_bound,
  cast(null as FLOAT64) as upper_bound,
  'seconds' as unit,
  'recovery_p50_seconds' as measure,
  'recovered_deployments' as sample_column,
  'Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)' as source
