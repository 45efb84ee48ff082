# One row per (scope, name, window_weeks): the 4 and 13 complete weeks before as_of, measured
# from the fact marts, with a level per benchmarked metric on the 13-week rows.
view: summary {
  extends: [period_measures]
  sql_table_name: `@{dora_project}.@{dora_dataset}.summary` ;;

  dimension: pk {
    primary_key: yes
    hidden: yes
    type: string
    sql: CONCAT(${TABLE}.scope, '|', ${TABLE}.name, '|', CAST(${TABLE}.window_weeks AS STRING)) ;;
    description: "The row's key: scope, name and window."
  }
  dimension: scope {
    type: string
    sql: ${TABLE}.scope ;;
    description: "service, team or organisation."
  }
  dimension: name {
    type: string
    sql: ${TABLE}.name ;;
    description: "The service or team; all for the organisation."
  }
  dimension: window_weeks {
    type: number
    sql: ${TABLE}.window_weeks ;;
    description: "4 or 13 complete weeks."
  }
  dimension_group: window_start {
    type: time
    timeframes: [date, week]
    datatype: date
    convert_tz: no
    sql: ${TABLE}.window_start ;;
    description: "Monday of the window's first week."
  }
  dimension_group: window_end {
    type: time
    timeframes: [date, week]
    datatype: date
    convert_tz: no
    sql: ${TABLE}.window_end ;;
    description: "Monday of the week containing as_of (exclusive)."
  }
  dimension: report_year {
    type: number
    value_format_name: id
    sql: ${TABLE}.report_year ;;
    description: "The State of DevOps report year the levels use."
  }
  dimension: deploy_days_per_week {
    type: number
    sql: ${TABLE}.deploy_days_per_week ;;
    value_format_name: decimal_2
    description: "Deploy days ÷ window weeks: the deployment frequency that is classified."
  }
  dimension: deployment_frequency_level {
    type: string
    sql: ${TABLE}.deployment_frequency_level ;;
    description: "elite, high, medium or low; null on 4-week rows and below the minimum sample."
  }
  dimension: lead_time_level {
    type: string
    sql: ${TABLE}.lead_time_level ;;
    description: "Level of the median change lead time; null below the minimum sample."
  }
  dimension: change_failure_rate_level {
    type: string
    sql: ${TABLE}.change_failure_rate_level ;;
    description: "Level of the change failure rate; null below the minimum sample."
  }
  dimension: recovery_level {
    type: string
    sql: ${TABLE}.recovery_level ;;
    description: "Level of failed deployment recovery time (2023, 2024) or time to restore (2021); null below the minimum sample."
  }
}
