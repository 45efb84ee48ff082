# One copy of `summary` per run date: what was reported then (late links rewrite history).
view: summary_snapshots {
  extends: [summary]
  sql_table_name: `@{dora_project}.@{dora_dataset}.summary_snapshots` ;;

  dimension: pk {
    primary_key: yes
    hidden: yes
    type: string
    sql: CONCAT(CAST(${TABLE}.snapshot_date AS STRING), '|', ${TABLE}.scope, '|', ${TABLE}.name, '|', CAST(${TABLE}.window_weeks AS STRING)) ;;
    description: "The row's key: snapshot date, scope, name and window."
  }
  dimension_group: snapshot {
    type: time
    timeframes: [date, week, month]
    datatype: date
    convert_tz: no
    sql: ${TABLE}.snapshot_date ;;
    description: "The run date the summary was copied on."
  }
}
