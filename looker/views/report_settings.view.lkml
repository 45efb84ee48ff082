# One row: the clock and knobs the marts were built with (as_of, report year, minimum sample).
view: report_settings {
  sql_table_name: `@{dora_project}.@{dora_dataset}.report_settings` ;;

  dimension_group: as_of {
    type: time
    timeframes: [date, week, quarter]
    datatype: date
    convert_tz: no
    sql: ${TABLE}.as_of ;;
    description: "The models' clock: the week and quarter containing it are incomplete."
  }
  dimension: pk {
    primary_key: yes
    hidden: yes
    type: date
    datatype: date
    sql: ${TABLE}.as_of ;;
    description: "The row's key: its as_of (the table holds one row)."
  }
  dimension: report_year {
    type: number
    value_format_name: id
    sql: ${TABLE}.report_year ;;
    description: "The State of DevOps report year the levels use."
  }
  dimension: min_sample {
    type: number
    sql: ${TABLE}.min_sample ;;
    description: "No level and no alert below this sample size."
  }
}
