view: changes {
  sql_table_name: `@{dora_project}.@{dora_dataset}.changes` ;;
  # a drill from any changes number lists the changes behind it
  drill_fields: [change_details*]

  set: change_details {
    fields: [deployed_time, service, team, repository, pull_number, merge_commit_sha, status, lead_time_seconds, coding_seconds, review_seconds, deploy_wait_seconds]
  }

  dimension: change_id {
    primary_key: yes
    hidden: yes
    type: string
    sql: ${TABLE}.change_id ;;
    description: "gh-pr:<owner/repo>#<number> or gh-commit:<owner/repo>@<sha> (monorepo: /<service> appended)."
  }
  dimension: service {
    type: string
    sql: ${TABLE}.service ;;
    description: "The service the change belongs to."
  }
  dimension: team {
    type: string
    sql: ${TABLE}.team ;;
    description: "The service's team."
  }
  dimension: repository {
    type: string
    sql: ${TABLE}.repository ;;
    description: "owner/name of the GitHub repository."
  }
  dimension: pull_number {
    type: number
    sql: ${TABLE}.pull_number ;;
    description: "The pull request number; null for a direct push."
  }
  dimension: merge_commit_sha {
    type: string
    sql: ${TABLE}.merge_commit_sha ;;
    description: "The commit that reached the deploy branch."
  }
  dimension: status {
    type: string
    sql: ${TABLE}.status ;;
    description: "deployed, pending (not deployed yet) or unknown (probably shipped with the first observed deployment)."
  }
  dimension: deployment_id {
    hidden: yes
    type: string
    sql: ${TABLE}.deployment_id ;;
    description: "The first successful deployment that contains the change."
  }
  dimension: lead_time_seconds {
    type: number
    sql: ${TABLE}.lead_time_seconds ;;
    description: "Deployment finished_at − first_commit_at."
  }
  dimension: coding_seconds {
    type: number
    sql: ${TABLE}.coding_seconds ;;
    description: "First commit → pull request opened."
  }
  dimension: pickup_seconds {
    type: number
    sql: ${TABLE}.pickup_seconds ;;
    description: "Opened → first review by someone other than the author; null without one (docs/metrics.md#decision-66)."
  }
  dimension: review_seconds {
    type: number
    sql: ${TABLE}.review_seconds ;;
    description: "Opened → merged (pickup included)."
  }
  dimension: deploy_wait_seconds {
    type: number
    sql: ${TABLE}.deploy_wait_seconds ;;
    description: "Merged → deployed."
  }
  dimension_group: first_commit {
    type: time
    timeframes: [raw, time, date, week]
    datatype: timestamp
    sql: ${TABLE}.first_commit_at ;;
    description: "Earliest commit author date of the change (or its opening)."
  }
  dimension_group: opened {
    type: time
    timeframes: [raw, time, date, week]
    datatype: timestamp
    sql: ${TABLE}.opened_at ;;
    description: "When the pull request was opened."
  }
  dimension_group: first_reviewed {
    type: time
    timeframes: [raw, time, date, week]
    datatype: timestamp
    sql: ${TABLE}.first_reviewed_at ;;
    description: "First review by someone other than the author, before the merge."
  }
  dimension_group: merged {
    type: time
    timeframes: [raw, time, date, week, month]
    datatype: timestamp
    sql: ${TABLE}.merged_at ;;
    description: "When the change reached the deploy branch."
  }
  dimension_group: deployed {
    type: time
    timeframes: [raw, time, date, week, month, quarter, year]
    datatype: timestamp
    sql: ${TABLE}.deployed_at ;;
    description: "When the deploying deployment finished: the change's period."
  }

  measure: changes_deployed {
    type: count
    filters: [status: "deployed"]
    description: "Deployed changes: the sample of the lead time percentiles."
  }
  measure: lead_time_p50_hours {
    type: median
    sql: ${lead_time_seconds} / 3600.0 ;;
    filters: [status: "deployed", lead_time_seconds: ">=0"]
    value_format_name: decimal_1
    description: "Change lead time, median in hours; read it with changes_deployed."
  }
  measure: lead_time_p90_hours {
    type: percentile
    percentile: 90
    sql: ${lead_time_seconds} / 3600.0 ;;
    filters: [status: "deployed", lead_time_seconds: ">=0"]
    value_format_name: decimal_1
    description: "Change lead time, 90th percentile in hours; read it with changes_deployed."
  }
  measure: coding_p50_hours {
    type: median
    sql: ${coding_seconds} / 3600.0 ;;
    filters: [status: "deployed", coding_seconds: ">=0"]
    value_format_name: decimal_1
    description: "Coding time (first commit → opened), median in hours."
  }
  measure: changes_picked_up {
    type: count
    filters: [status: "deployed", pickup_seconds: ">=0"]
    description: "Deployed changes with a first review: the sample of the pickup percentiles."
  }
  measure: pickup_p50_hours {
    type: median
    sql: ${pickup_seconds} / 3600.0 ;;
    filters: [status: "deployed", pickup_seconds: ">=0"]
    value_format_name: decimal_1
    description: "Pickup time (opened → first review), median in hours; read it with changes_picked_up."
  }
  measure: pickup_p90_hours {
    type: percentile
    percentile: 90
    sql: ${pickup_seconds} / 3600.0 ;;
    filters: [status: "deployed", pickup_seconds: ">=0"]
    value_format_name: decimal_1
    description: "Pickup time (opened → first review), 90th percentile in hours; read it with changes_picked_up."
  }
  measure: review_p50_hours {
    type: median
    sql: ${review_seconds} / 3600.0 ;;
    filters: [status: "deployed", review_seconds: ">=0"]
    value_format_name: decimal_1
    description: "Review time (opened → merged), median in hours."
  }
  measure: deploy_wait_p50_hours {
    type: median
    sql: ${deploy_wait_seconds} / 3600.0 ;;
    filters: [status: "deployed", deploy_wait_seconds: ">=0"]
    value_format_name: decimal_1
    description: "Deploy wait (merged → deployed), median in hours."
  }
}
