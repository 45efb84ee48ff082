# One row per quarter for the organisation, on a calendar spine; measures in period_measures.
view: org_quarterly {
  extends: [period_measures]
  sql_table_name: `@{dora_project}.@{dora_dataset}.org_quarterly` ;;

  dimension: pk {
    primary_key: yes
    hidden: yes
    type: date
    datatype: date
    sql: ${TABLE}.quarter_start ;;
    description: "The row's key: its quarter."
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
