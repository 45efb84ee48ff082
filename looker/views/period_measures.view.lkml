# The measures every weekly, quarterly and summary row carries, shared by the period views.
# Counts add up across rows; rates are recomputed from the added counts; percentiles are a row's
# own value and are never re-aggregated (use the fact explores for other groupings).
view: period_measures {
  extension: required

  dimension: deployments {
    type: number
    sql: ${TABLE}.deployments ;;
    description: "Successful deployments in the period."
  }
  dimension: deploy_days {
    type: number
    sql: ${TABLE}.deploy_days ;;
    description: "Distinct dates with a successful deployment."
  }
  dimension: changes_deployed {
    type: number
    sql: ${TABLE}.changes_deployed ;;
    description: "Changes deployed in the period: the lead time sample."
  }
  dimension: lead_time_p50_hours {
    type: number
    sql: ${TABLE}.lead_time_p50_seconds / 3600.0 ;;
    value_format_name: decimal_1
    description: "The row's median change lead time in hours (sample: changes_deployed)."
  }
  dimension: lead_time_p90_hours {
    type: number
    sql: ${TABLE}.lead_time_p90_seconds / 3600.0 ;;
    value_format_name: decimal_1
    description: "The row's 90th percentile change lead time in hours (sample: changes_deployed)."
  }
  dimension: changes_picked_up {
    type: number
    sql: ${TABLE}.changes_picked_up ;;
    description: "Deployed changes with a first review by another person: the pickup sample."
  }
  dimension: pickup_p50_hours {
    type: number
    sql: ${TABLE}.pickup_p50_seconds / 3600.0 ;;
    value_format_name: decimal_1
    description: "The row's median pickup time (opened → first review) in hours (sample: changes_picked_up)."
  }
  dimension: pickup_p90_hours {
    type: number
    sql: ${TABLE}.pickup_p90_seconds / 3600.0 ;;
    value_format_name: decimal_1
    description: "The row's 90th percentile pickup time in hours (sample: changes_picked_up)."
  }
  dimension: failed_deployments {
    type: number
    sql: ${TABLE}.failed_deployments ;;
    description: "Successful deployments that caused a failure."
  }
  dimension: row_change_failure_rate {
    type: number
    sql: ${TABLE}.change_failure_rate ;;
    value_format_name: percent_1
    description: "The row's change failure rate (sample: deployments)."
  }
  dimension: recovered_deployments {
    type: number
    sql: ${TABLE}.recovered_deployments ;;
    description: "Failed deployments with a recovery time: the recovery sample."
  }
  dimension: recovery_p50_hours {
    type: number
    sql: ${TABLE}.recovery_p50_seconds / 3600.0 ;;
    value_format_name: decimal_1
    description: "The row's median failed deployment recovery time in hours (sample: recovered_deployments)."
  }
  dimension: incidents {
    type: number
    sql: ${TABLE}.incidents ;;
    description: "Incidents started in the period."
  }
  dimension: restored_incidents {
    type: number
    sql: ${TABLE}.restored_incidents ;;
    description: "Resolved incidents: the time to restore sample."
  }
  dimension: restore_p50_hours {
    type: number
    sql: ${TABLE}.restore_p50_seconds / 3600.0 ;;
    value_format_name: decimal_1
    description: "The row's median time to restore in hours (sample: restored_incidents)."
  }
  dimension: restore_mean_hours {
    type: number
    sql: ${TABLE}.restore_mean_seconds / 3600.0 ;;
    value_format_name: decimal_1
    description: "The row's mean time to restore in hours (sample: restored_incidents)."
  }
  dimension: rework_deployments {
    type: number
    sql: ${TABLE}.rework_deployments ;;
    description: "Successful deployments that are resolution deployments."
  }
  dimension: row_rework_rate {
    type: number
    sql: ${TABLE}.rework_rate ;;
    value_format_name: percent_1
    description: "The row's deployment rework rate (sample: deployments)."
  }

  measure: total_deployments {
    type: sum
    sql: ${deployments} ;;
    description: "Successful deployments over the selected rows."
  }
  measure: total_changes_deployed {
    type: sum
    sql: ${changes_deployed} ;;
    description: "Deployed changes over the selected rows."
  }
  measure: total_failed_deployments {
    type: sum
    sql: ${failed_deployments} ;;
    description: "Failed deployments over the selected rows."
  }
  measure: change_failure_rate {
    type: number
    sql: ${total_failed_deployments} / NULLIF(${total_deployments}, 0) ;;
    value_format_name: percent_1
    description: "Failed ÷ successful deployments over the selected rows; read it with total_deployments."
  }
  measure: total_recovered_deployments {
    type: sum
    sql: ${recovered_deployments} ;;
    description: "Recovered failed deployments over the selected rows."
  }
  measure: total_incidents {
    type: sum
    sql: ${incidents} ;;
    description: "Incidents over the selected rows."
  }
  measure: total_restored_incidents {
    type: sum
    sql: ${restored_incidents} ;;
    description: "Resolved incidents over the selected rows."
  }
  measure: total_rework_deployments {
    type: sum
    sql: ${rework_deployments} ;;
    description: "Rework deployments over the selected rows."
  }
  measure: rework_rate {
    type: number
    sql: ${total_rework_deployments} / NULLIF(${total_deployments}, 0) ;;
    value_format_name: percent_1
    description: "Rework ÷ successful deployments over the selected rows; read it with total_deployments."
  }
}
