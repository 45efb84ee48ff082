# The levels of the 13 complete weeks before as_of for the organisation, each team and each service,
# next to the values they classify and the samples behind them (no level below the minimum sample),
# with the 4-week values for comparison and the bounds the levels come from.
- dashboard: dora_levels
  title: "DORA levels"
  description: "The State of DevOps levels over the 13 complete weeks before as_of, with their values and samples."
  layout: newspaper
  preferred_viewer: dashboards-next
  filters:
  - name: Scope
    title: "Scope"
    type: field_filter
    default_value: ""
    allow_multiple_values: true
    required: false
    model: dora
    explore: summary
    field: summary.scope
  - name: Name
    title: "Team or service"
    type: field_filter
    default_value: ""
    allow_multiple_values: true
    required: false
    model: dora
    explore: summary
    field: summary.name
  elements:
  - name: levels_13_weeks
    title: "Levels over 13 complete weeks, with samples"
    model: dora
    explore: summary
    type: looker_grid
    fields: [summary.scope, summary.name, summary.window_start_date, summary.window_end_date,
      summary.deploy_days_per_week, summary.deployment_frequency_level, summary.deployments,
      summary.lead_time_p50_hours, summary.lead_time_level, summary.changes_deployed,
      summary.row_change_failure_rate, summary.change_failure_rate_level,
      summary.recovery_p50_hours, summary.restore_p50_hours, summary.recovery_level,
      summary.recovered_deployments, summary.restored_incidents]
    filters:
      summary.window_weeks: "13"
    sorts: [summary.scope, summary.name]
    limit: 500
    listen:
      Scope: summary.scope
      Name: summary.name
    row: 0
    col: 0
    width: 24
    height: 10
  - name: values_4_weeks
    title: "The last 4 complete weeks (no levels), with samples"
    model: dora
    explore: summary
    type: looker_grid
    fields: [summary.scope, summary.name, summary.window_start_date, summary.deploy_days_per_week,
      summary.deployments, summary.lead_time_p50_hours, summary.changes_deployed,
      summary.row_change_failure_rate, summary.recovery_p50_hours, summary.recovered_deployments,
      summary.restore_p50_hours, summary.restored_incidents, summary.row_rework_rate]
    filters:
      summary.window_weeks: "4"
    sorts: [summary.scope, summary.name]
    limit: 500
    listen:
      Scope: summary.scope
      Name: summary.name
    row: 10
    col: 0
    width: 24
    height: 8
  - name: report_settings
    title: "Built with"
    model: dora
    explore: report_settings
    type: looker_grid
    fields: [report_settings.as_of_date, report_settings.report_year, report_settings.min_sample]
    limit: 1
    row: 18
    col: 0
    width: 8
    height: 4
  - name: benchmark_bounds
    title: "The bounds of each level"
    model: dora
    explore: benchmarks
    type: looker_grid
    fields: [benchmarks.report_year, benchmarks.metric, benchmarks.rank, benchmarks.level,
      benchmarks.lower_bound, benchmarks.upper_bound, benchmarks.unit]
    sorts: [benchmarks.report_year desc, benchmarks.metric, benchmarks.rank]
    limit: 500
    row: 18
    col: 8
    width: 16
    height: 8
