# One row per quarter for one service, on a calendar spine; measures in period_measures.
view: service_quarterly {
  extends: [period_measures]
  sql_table_name: `@{dora_project}.@{dora_dataset}.service_quarterly` ;;

  dimension: pk {
    primary_key: yes
    hidden: yes
    type: string
    sql: CONCAT(CAST(${TABLE}.quarter_start AS STRING), '|', ${TABLE}.service) ;;
    description: "The row's key: quarter and service."
  }
  dimension: service {
    type: string
    sql: ${TABLE}.service ;;
    description: "The service."
  }
  dimension: team {
    type: string
    sql: ${TABLE}.team ;;
    description: "The service's team."
  }
  dimension: is_complete {
    type: yesno
    sql: ${TABLE}.is_complete ;;
    description: "False for the quarter containing as_of: levels, alerts and summaries use complete quarters only."
  }
  dimension_group: quarter_start {
    type: time
    timeframes: [date, quarter, year]
    datatype: date
    convert_tz: no
    sql: ${TABLE}.quarter_start ;;
    description: "First day of the calendar quarter."
  }
}
