view: incidents {
  sql_table_name: `@{dora_project}.@{dora_dataset}.incidents` ;;
  # a drill from any incidents number lists the incidents behind it
  drill_fields: [incident_details*]

  set: incident_details {
    fields: [started_time, service, team, source, title, urgency, link_method, restore_seconds, recovery_seconds, resolved_time]
  }

  dimension: incident_id {
    primary_key: yes
    hidden: yes
    type: string
    sql: ${TABLE}.incident_id ;;
    description: "The incident's id at its source."
  }
  dimension: source {
    type: string
    sql: ${TABLE}.source ;;
    description: "pagerduty or jira."
  }
  dimension: service {
    type: string
    sql: ${TABLE}.service ;;
    description: "The service the incident was raised on."
  }
  dimension: team {
    type: string
    sql: ${TABLE}.team ;;
    description: "The service's team."
  }
  dimension: title {
    type: string
    sql: ${TABLE}.title ;;
    description: "The incident's title."
  }
  dimension: urgency {
    type: string
    sql: ${TABLE}.urgency ;;
    description: "high or low."
  }
  dimension: restore_seconds {
    type: number
    sql: ${TABLE}.restore_seconds ;;
    description: "resolved_at − started_at; null while open."
  }
  dimension: caused_by_deployment_id {
    hidden: yes
    type: string
    sql: ${TABLE}.caused_by_deployment_id ;;
    description: "The deployment the cause link names."
  }
  dimension: link_method {
    type: string
    sql: ${TABLE}.link_method ;;
    description: "The rule that linked the cause: override, custom_field, note, change_event, revert or window."
  }
  dimension: resolved_by_deployment_id {
    hidden: yes
    type: string
    sql: ${TABLE}.resolved_by_deployment_id ;;
    description: "The earliest successful resolution deployment after started_at."
  }
  dimension: recovery_seconds {
    type: number
    sql: ${TABLE}.recovery_seconds ;;
    description: "Recovery time − started_at, where recovery is the resolution deployment, else resolved_at."
  }
  dimension_group: started {
    type: time
    timeframes: [raw, time, date, week, month, quarter, year]
    datatype: timestamp
    sql: ${TABLE}.started_at ;;
    description: "When the incident was created: its period."
  }
  dimension_group: resolved {
    type: time
    timeframes: [raw, time, date, week]
    datatype: timestamp
    sql: ${TABLE}.resolved_at ;;
    description: "Its last resolution."
  }

  measure: incident_count {
    type: count
    description: "Incidents."
  }
  measure: restored_incidents {
    type: count
    filters: [restore_seconds: "NOT NULL"]
    description: "Resolved incidents: the sample of time to restore."
  }
  measure: restore_p50_hours {
    type: median
    sql: ${restore_seconds} / 3600.0 ;;
    filters: [restore_seconds: ">=0"]
    value_format_name: decimal_1
    description: "Time to restore, median in hours; read it with restored_incidents."
  }
  measure: restore_mean_hours {
    type: average
    sql: ${restore_seconds} / 3600.0 ;;
    filters: [restore_seconds: ">=0"]
    value_format_name: decimal_1
    description: "Time to restore (MTTR), mean in hours; read it with restored_incidents."
  }
  measure: linked_incidents {
    type: count
    filters: [caused_by_deployment_id: "-NULL"]
    description: "Incidents linked to a causing deployment."
  }
  measure: linked_share {
    type: number
    sql: ${linked_incidents} / NULLIF(${incident_count}, 0) ;;
    value_format_name: percent_0
    description: "Share of incidents linked to a causing deployment; read it with incident_count."
  }
}
