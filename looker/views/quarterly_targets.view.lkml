# One row per quarterly target (doraform.yaml targets:) in a quarter the quarterly marts hold: the
# quarter's value, its sample size and the verdict `doraform review --quarterly` gives.
view: quarterly_targets {
  sql_table_name: `@{dora_project}.@{dora_dataset}.quarterly_targets` ;;

  dimension: pk {
    primary_key: yes
    hidden: yes
    type: string
    sql: CONCAT(CAST(${TABLE}.quarter_start AS STRING), '|', ${TABLE}.scope, '|', ${TABLE}.name, '|', ${TABLE}.metric) ;;
    description: "The row's key: quarter, scope, name and metric."
  }
  dimension_group: quarter_start {
    type: time
    timeframes: [date, quarter, year]
    datatype: date
    convert_tz: no
    sql: ${TABLE}.quarter_start ;;
    description: "First day of the calendar quarter the target is for."
  }
  dimension: is_complete {
    type: yesno
    sql: ${TABLE}.is_complete ;;
    description: "False for the quarter containing as_of: its verdict is on track or off track, not met or missed."
  }
  dimension: scope {
    type: string
    sql: ${TABLE}.scope ;;
    description: "organisation, team or service."
  }
  dimension: name {
    type: string
    sql: ${TABLE}.name ;;
    description: "The team or service; all for the organisation."
  }
  dimension: metric {
    type: string
    sql: ${TABLE}.metric ;;
    description: "The target's metric (deployment_frequency, lead_time_p50, change_failure_rate, …)."
  }
  dimension: better {
    type: string
    sql: ${TABLE}.better ;;
    description: "lower: the value must be at most the target; higher: at least (deployment frequency)."
  }
  dimension: target {
    type: number
    sql: ${TABLE}.target ;;
    description: "The target in the value's unit: seconds, a ratio in [0, 1], or deploy days per week."
  }
  dimension: value {
    type: number
    sql: ${TABLE}.value ;;
    description: "The quarter's value from the quarterly marts, in the target's unit; null without a sample."
  }
  dimension: sample_size {
    type: number
    sql: ${TABLE}.sample_size ;;
    description: "The sample behind the value (deployments, changes deployed, recovered deployments, restored incidents…)."
  }
  dimension: status {
    type: string
    sql: ${TABLE}.status ;;
    description: "met or missed (a complete quarter), on track or off track (the quarter to date), not enough data (below the minimum sample)."
  }
  measure: targets {
    type: count
    description: "Targets (one per quarter, scope, name and metric)."
  }
  measure: targets_met {
    type: count
    filters: [status: "met"]
    description: "Targets of complete quarters that were met."
  }
  measure: targets_missed {
    type: count
    filters: [status: "missed"]
    description: "Targets of complete quarters that were missed."
  }
}
