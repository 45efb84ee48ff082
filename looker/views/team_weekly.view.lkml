# One row per week for one team, on a calendar spine; measures in period_measures.
view: team_weekly {
  extends: [period_measures]
  sql_table_name: `@{dora_project}.@{dora_dataset}.team_weekly` ;;

  dimension: pk {
    primary_key: yes
    hidden: yes
    type: string
    sql: CONCAT(CAST(${TABLE}.week_start AS STRING), '|', ${TABLE}.team) ;;
    description: "The row's key: week and team."
  }
  dimension: team {
    type: string
    sql: ${TABLE}.team ;;
    description: "The team."
  }
  dimension: is_complete {
    type: yesno
    sql: ${TABLE}.is_complete ;;
    description: "False for the week containing as_of: levels, alerts and summaries use complete weeks only."
  }
  dimension: week {
    type: date
    datatype: date
    convert_tz: no
    sql: ${TABLE}.week_start ;;
    description: "Monday of the ISO week, linking to the deployments, changes and incidents behind the week's numbers (the row's team, when it is in the query)."
    link: {
      label: "Deployments this week"
      url: "/explore/dora/deployments?fields=deployments.deployment_details*&f[deployments.finished_date]={{ value | url_encode }}%20for%207%20days&f[deployments.team]={{ team._value | url_encode }}"
    }
    link: {
      label: "Changes deployed this week"
      url: "/explore/dora/changes?fields=changes.change_details*&f[changes.deployed_date]={{ value | url_encode }}%20for%207%20days&f[changes.team]={{ team._value | url_encode }}"
    }
    link: {
      label: "Incidents started this week"
      url: "/explore/dora/incidents?fields=incidents.incident_details*&f[incidents.started_date]={{ value | url_encode }}%20for%207%20days&f[incidents.team]={{ team._value | url_encode }}"
    }
  }
  dimension_group: week_start {
    type: time
    timeframes: [date, week, month, quarter, year]
    datatype: date
    convert_tz: no
    sql: ${TABLE}.week_start ;;
    description: "Monday of the ISO week (UTC)."
  }
}
