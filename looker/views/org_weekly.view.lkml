# One row per week for the organisation, on a calendar spine; measures in period_measures.
view: org_weekly {
  extends: [period_measures]
  sql_table_name: `@{dora_project}.@{dora_dataset}.org_weekly` ;;

  dimension: pk {
    primary_key: yes
    hidden: yes
    type: date
    datatype: date
    sql: ${TABLE}.week_start ;;
    description: "The row's key: its week."
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
    description: "Monday of the ISO week, linking to the deployments, changes and incidents behind the week's numbers."
    link: {
      label: "Deployments this week"
      url: "/explore/dora/deployments?fields=deployments.deployment_details*&f[deployments.finished_date]={{ value | url_encode }}%20for%207%20days"
    }
    link: {
      label: "Changes deployed this week"
      url: "/explore/dora/changes?fields=changes.change_details*&f[changes.deployed_date]={{ value | url_encode }}%20for%207%20days"
    }
    link: {
      label: "Incidents started this week"
      url: "/explore/dora/incidents?fields=incidents.incident_details*&f[incidents.started_date]={{ value | url_encode }}%20for%207%20days"
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
