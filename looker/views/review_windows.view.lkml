# One row per (scope, name, window_weeks): the 4 and 13 complete weeks before the latest complete
# week (the weekly review's baselines), measured from the fact marts; no levels (summary has them).
view: review_windows {
  extends: [period_measures]
  sql_table_name: `@{dora_project}.@{dora_dataset}.review_windows` ;;

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
    description: "4 or 13 complete weeks before the latest complete week."
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
    description: "Monday of the latest complete week (exclusive): the week compared with the window."
  }
  dimension: deploy_days_per_week {
    type: number
    sql: ${TABLE}.deploy_days_per_week ;;
    value_format_name: decimal_2
    description: "Deploy days ÷ window weeks."
  }
}
