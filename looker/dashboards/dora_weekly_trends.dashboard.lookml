# Weekly trends of every DORA metric, each drawn from its fact explore (so any service or team
# selection is measured from the rows, never by combining weekly percentiles), with its sample size.
# The week in progress is included: read its point as partial.
- dashboard: dora_weekly_trends
  title: "DORA weekly trends"
  description: "Deployment frequency, lead time, change failure rate, recovery and restore times and rework rate, week by week, with sample sizes."
  layout: newspaper
  preferred_viewer: dashboards-next
  filters:
  - name: Service
    title: "Service"
    type: field_filter
    default_value: ""
    allow_multiple_values: true
    required: false
    model: dora
    explore: deployments
    field: deployments.service
  - name: Team
    title: "Team"
    type: field_filter
    default_value: ""
    allow_multiple_values: true
    required: false
    model: dora
    explore: deployments
    field: deployments.team
  - name: Period
    title: "Period"
    type: date_filter
    default_value: "13 weeks"
    allow_multiple_values: true
    required: false
  elements:
  - name: deployments_per_week
    title: "Deployments and deploy days per week"
    model: dora
    explore: deployments
    type: looker_column
    fields: [deployments.finished_week, deployments.successful_deployments, deployments.deploy_days]
    sorts: [deployments.finished_week]
    limit: 500
    listen:
      Service: deployments.service
      Team: deployments.team
      Period: deployments.finished_date
    row: 0
    col: 0
    width: 12
    height: 8
  - name: lead_time_per_week
    title: "Change lead time p50 and p90 (hours), with changes deployed"
    model: dora
    explore: changes
    type: looker_line
    fields: [changes.deployed_week, changes.lead_time_p50_hours, changes.lead_time_p90_hours, changes.changes_deployed]
    sorts: [changes.deployed_week]
    limit: 500
    listen:
      Service: changes.service
      Team: changes.team
      Period: changes.deployed_date
    row: 0
    col: 12
    width: 12
    height: 8
  - name: change_failure_rate_per_week
    title: "Change failure rate, with successful deployments"
    model: dora
    explore: deployments
    type: looker_line
    fields: [deployments.finished_week, deployments.change_failure_rate, deployments.successful_deployments]
    sorts: [deployments.finished_week]
    limit: 500
    listen:
      Service: deployments.service
      Team: deployments.team
      Period: deployments.finished_date
    row: 8
    col: 0
    width: 12
    height: 8
  - name: recovery_time_per_week
    title: "Failed deployment recovery time p50 (hours), with recovered deployments"
    model: dora
    explore: deployments
    type: looker_line
    fields: [deployments.finished_week, deployments.recovery_p50_hours, deployments.recovered_deployments]
    sorts: [deployments.finished_week]
    limit: 500
    listen:
      Service: deployments.service
      Team: deployments.team
      Period: deployments.finished_date
    row: 8
    col: 12
    width: 12
    height: 8
  - name: time_to_restore_per_week
    title: "Time to restore p50 and mean (hours), with restored incidents"
    model: dora
    explore: incidents
    type: looker_line
    fields: [incidents.started_week, incidents.restore_p50_hours, incidents.restore_mean_hours, incidents.restored_incidents]
    sorts: [incidents.started_week]
    limit: 500
    listen:
      Service: incidents.service
      Team: incidents.team
      Period: incidents.started_date
    row: 16
    col: 0
    width: 12
    height: 8
  - name: rework_rate_per_week
    title: "Deployment rework rate, with successful deployments"
    model: dora
    explore: deployments
    type: looker_line
    fields: [deployments.finished_week, deployments.rework_rate, deployments.successful_deployments]
    sorts: [deployments.finished_week]
    limit: 500
    listen:
      Service: deployments.service
      Team: deployments.team
      Period: deployments.finished_date
    row: 16
    col: 12
    width: 12
    height: 8
