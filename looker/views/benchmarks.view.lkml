# One row per (report_year, metric, level): the State of DevOps bounds (includes/benchmarks.js).
view: benchmarks {
  sql_table_name: `@{dora_project}.@{dora_dataset}.benchmarks` ;;

  dimension: pk {
    primary_key: yes
    hidden: yes
    type: string
    sql: CONCAT(CAST(${TABLE}.report_year AS STRING), '|', ${TABLE}.metric, '|', ${TABLE}.level) ;;
    description: "The row's key: year, metric and level."
  }
  dimension: report_year {
    type: number
    value_format_name: id
    sql: ${TABLE}.report_year ;;
    description: "The State of DevOps report year."
  }
  dimension: metric {
    type: string
    sql: ${TABLE}.metric ;;
    description: "deployment_frequency, change_lead_time, change_failure_rate, failed_deployment_recovery_time or time_to_restore."
  }
  dimension: level {
    type: string
    sql: ${TABLE}.level ;;
    description: "elite, high, medium or low."
  }
  dimension: rank {
    type: number
    sql: ${TABLE}.rank ;;
    description: "1 (elite) to 4 (low): the met row with the smallest rank is the level."
  }
  dimension: lower_bound {
    type: number
    sql: ${TABLE}.lower_bound ;;
    description: "The value must be at least this (null: no lower bound)."
  }
  dimension: upper_bound {
    type: number
    sql: ${TABLE}.upper_bound ;;
    description: "The value must be at most this (null: no upper bound)."
  }
  dimension: unit {
    type: string
    sql: ${TABLE}.unit ;;
    description: "deploy_days_per_week, seconds or ratio."
  }
  dimension: measure_column {
    type: string
    sql: ${TABLE}.measure ;;
    description: "The summary column compared with the bounds."
  }
  dimension: sample_column {
    type: string
    sql: ${TABLE}.sample_column ;;
    description: "The summary column that must reach the minimum sample."
  }
  dimension: source {
    type: string
    sql: ${TABLE}.source ;;
    description: "Where the published value comes from."
  }
}
