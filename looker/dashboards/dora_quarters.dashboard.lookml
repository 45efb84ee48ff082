# The quarterly targets (doraform.yaml targets:) with the quarter's value, its sample and met or
# missed, as `doraform review --quarterly` judges them (the quarterly_targets mart); then each metric
# quarter by quarter for the organisation, each team and each service, with its sample. The quarter
# containing as_of is to date (is_complete = no): its targets are on or off track.
- dashboard: dora_quarters
  title: "DORA quarters"
  description: "Targets by quarter, met or missed with the sample behind each; each metric per quarter for the organisation, teams and services."
  layout: newspaper
  preferred_viewer: dashboards-next
  filters:
  - name: Team
    title: "Team"
    type: field_filter
    default_value: ""
    allow_multiple_values: true
    required: false
    model: dora
    explore: team_quarterly
    field: team_quarterly.team
  - name: Quarter
    title: "Quarter"
    type: date_filter
    default_value: "4 quarters"
    allow_multiple_values: true
    required: false
  elements:
  - name: targets_by_quarter
    title: "Targets by quarter"
    model: dora
    explore: quarterly_targets
    type: looker_grid
    fields: [quarterly_targets.quarter_start_quarter, quarterly_targets.is_complete, quarterly_targets.scope,
      quarterly_targets.name, quarterly_targets.metric, quarterly_targets.better, quarterly_targets.target,
      quarterly_targets.value, quarterly_targets.sample_size, quarterly_targets.status]
    sorts: [quarterly_targets.quarter_start_quarter desc, quarterly_targets.scope, quarterly_targets.name, quarterly_targets.metric]
    limit: 500
    listen:
      Quarter: quarterly_targets.quarter_start_date
    row: 0
    col: 0
    width: 18
    height: 6
  - name: targets_met_by_quarter
    title: "Targets met and missed"
    model: dora
    explore: quarterly_targets
    type: looker_column
    fields: [quarterly_targets.quarter_start_quarter, quarterly_targets.targets_met, quarterly_targets.targets_missed]
    sorts: [quarterly_targets.quarter_start_quarter]
    limit: 500
    listen:
      Quarter: quarterly_targets.quarter_start_date
    row: 0
    col: 18
    width: 6
    height: 6
  - name: organisation_quarters
    title: "Organisation"
    model: dora
    explore: org_quarterly
    type: looker_grid
    fields: [org_quarterly.quarter_start_quarter, org_quarterly.is_complete, org_quarterly.deploy_days,
      org_quarterly.deployments, org_quarterly.lead_time_p50_hours, org_quarterly.lead_time_p90_hours,
      org_quarterly.changes_deployed, org_quarterly.row_change_failure_rate,
      org_quarterly.recovery_p50_hours, org_quarterly.recovered_deployments,
      org_quarterly.restore_p50_hours, org_quarterly.restored_incidents, org_quarterly.row_rework_rate]
    sorts: [org_quarterly.quarter_start_quarter desc]
    limit: 500
    listen:
      Quarter: org_quarterly.quarter_start_date
    row: 6
    col: 0
    width: 24
    height: 6
  - name: team_quarters
    title: "Teams"
    model: dora
    explore: team_quarterly
    type: looker_grid
    fields: [team_quarterly.team, team_quarterly.quarter_start_quarter, team_quarterly.is_complete,
      team_quarterly.deploy_days, team_quarterly.deployments, team_quarterly.lead_time_p50_hours,
      team_quarterly.lead_time_p90_hours, team_quarterly.changes_deployed,
      team_quarterly.row_change_failure_rate, team_quarterly.recovery_p50_hours,
      team_quarterly.recovered_deployments, team_quarterly.restore_p50_hours,
      team_quarterly.restored_incidents, team_quarterly.row_rework_rate]
    sorts: [team_quarterly.team, team_quarterly.quarter_start_quarter desc]
    limit: 500
    listen:
      Team: team_quarterly.team
      Quarter: team_quarterly.quarter_start_date
    row: 12
    col: 0
    width: 24
    height: 8
  - name: service_quarters
    title: "Services"
    model: dora
    explore: service_quarterly
    type: looker_grid
    fields: [service_quarterly.team, service_quarterly.service, service_quarterly.quarter_start_quarter,
      service_quarterly.is_complete, service_quarterly.deploy_days, service_quarterly.deployments,
      service_quarterly.lead_time_p50_hours, service_quarterly.changes_deployed,
      service_quarterly.row_change_failure_rate, service_quarterly.recovery_p50_hours,
      service_quarterly.recovered_deployments, service_quarterly.restore_p50_hours,
      service_quarterly.restored_incidents]
    sorts: [service_quarterly.team, service_quarterly.service, service_quarterly.quarter_start_quarter desc]
    limit: 500
    listen:
      Team: service_quarterly.team
      Quarter: service_quarterly.quarter_start_date
    row: 20
    col: 0
    width: 24
    height: 10
