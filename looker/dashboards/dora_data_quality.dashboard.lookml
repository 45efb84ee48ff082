# How far the numbers can be trusted: the data quality checks, the share of incidents linked to a
# causing deployment week by week, and the methods that made the links. Every count drills down to
# the incidents or deployments behind it.
- dashboard: dora_data_quality
  title: "DORA data quality"
  description: "The data quality checks, the linked incident share per week and the link methods, drilling down to incidents and deployments."
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
    explore: incidents
    field: incidents.service
  - name: Team
    title: "Team"
    type: field_filter
    default_value: ""
    allow_multiple_values: true
    required: false
    model: dora
    explore: incidents
    field: incidents.team
  - name: Period
    title: "Period"
    type: date_filter
    default_value: "13 weeks"
    allow_multiple_values: true
    required: false
  elements:
  - name: checks
    title: "Data quality checks"
    model: dora
    explore: data_quality
    type: looker_grid
    fields: [data_quality.check_name, data_quality.value]
    sorts: [data_quality.check_name]
    limit: 500
    row: 0
    col: 0
    width: 10
    height: 10
  - name: linked_share_per_week
    title: "Incidents linked to a causing deployment, per week"
    model: dora
    explore: incidents
    type: looker_line
    fields: [incidents.started_week, incidents.linked_share, incidents.linked_incidents, incidents.incident_count]
    sorts: [incidents.started_week]
    limit: 500
    listen:
      Service: incidents.service
      Team: incidents.team
      Period: incidents.started_date
    row: 0
    col: 10
    width: 14
    height: 10
  - name: incident_link_methods
    title: "How incidents were linked to their cause"
    model: dora
    explore: incidents
    type: looker_column
    fields: [incidents.link_method, incidents.incident_count]
    sorts: [incidents.incident_count desc]
    limit: 50
    listen:
      Service: incidents.service
      Team: incidents.team
      Period: incidents.started_date
    row: 10
    col: 0
    width: 12
    height: 8
  - name: failure_link_methods
    title: "How failed deployments were found"
    model: dora
    explore: deployments
    type: looker_column
    fields: [deployments.failure_link_method, deployments.failed_deployments]
    sorts: [deployments.failed_deployments desc]
    limit: 50
    listen:
      Service: deployments.service
      Team: deployments.team
      Period: deployments.finished_date
    row: 10
    col: 12
    width: 12
    height: 8
