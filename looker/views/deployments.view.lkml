view: deployments {
  sql_table_name: `@{dora_project}.@{dora_dataset}.deployments` ;;
  # a drill from any deployments number lists the deployments behind it
  drill_fields: [deployment_details*]

  set: deployment_details {
    fields: [finished_time, service, team, repository, commit_sha, result, caused_failure, failure_link_method, is_rework, recovery_seconds, url]
  }

  dimension: deployment_id {
    primary_key: yes
    hidden: yes
    type: string
    sql: ${TABLE}.deployment_id ;;
    description: "gh-run:<run id> or gh-deploy:<deployment id> (monorepo: /<service> appended)."
  }
  dimension: service {
    type: string
    sql: ${TABLE}.service ;;
    description: "The service deployed (service catalog)."
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
  dimension: environment {
    type: string
    sql: ${TABLE}.environment ;;
    description: "production for workflow runs, else the GitHub deployment's environment."
  }
  dimension: source {
    type: string
    sql: ${TABLE}.source ;;
    description: "github_actions or github_deployments."
  }
  dimension: branch {
    type: string
    sql: ${TABLE}.branch ;;
    description: "The deployed branch (default branch or a release branch)."
  }
  dimension: commit_sha {
    type: string
    sql: ${TABLE}.commit_sha ;;
    description: "The deployed commit."
  }
  dimension: result {
    type: string
    sql: ${TABLE}.result ;;
    description: "success, failure, cancelled, skipped, neutral or stale; only successes count as deployments."
  }
  dimension: is_first_observed {
    type: yesno
    sql: ${TABLE}.is_first_observed ;;
    description: "The service's first observed deployment: its contents are unknown."
  }
  dimension: changes {
    type: number
    sql: ${TABLE}.changes ;;
    description: "Changes this deployment shipped first."
  }
  dimension: caused_failure {
    type: yesno
    sql: ${TABLE}.caused_failure ;;
    description: "A successful deployment that caused a failure (incident link, revert or rollback)."
  }
  dimension: failure_link_method {
    type: string
    sql: ${TABLE}.failure_link_method ;;
    description: "The strongest method that linked a failure to it."
  }
  dimension: is_rework {
    type: yesno
    sql: ${TABLE}.is_rework ;;
    description: "A resolution deployment (runbook note or hotfix convention)."
  }
  dimension: url {
    type: string
    sql: ${TABLE}.url ;;
    description: "The run's or deployment's page on GitHub."
    link: {
      label: "Open on GitHub"
      url: "{{ value }}"
    }
  }
  dimension: recovery_seconds {
    type: number
    sql: ${TABLE}.recovery_seconds ;;
    description: "Failed deployments: latest recovery among its failures minus finished_at (negative values are left out of statistics)."
  }
  dimension_group: started {
    type: time
    timeframes: [raw, time, date, week, month, quarter, year]
    datatype: timestamp
    sql: ${TABLE}.started_at ;;
    description: "When the first attempt started."
  }
  dimension_group: finished {
    type: time
    timeframes: [raw, time, date, week, month, quarter, year]
    datatype: timestamp
    sql: ${TABLE}.finished_at ;;
    description: "When the deploy job of the first successful attempt completed: the deployment's period."
  }
  dimension_group: recovered {
    type: time
    timeframes: [raw, time, date, week]
    datatype: timestamp
    sql: ${TABLE}.recovered_at ;;
    description: "Failed deployments: when the last of their failures was recovered."
  }

  measure: successful_deployments {
    type: count
    filters: [result: "success"]
    description: "Deployment frequency: successful deployments; the sample size of the change failure and rework rates."
  }
  measure: deploy_days {
    type: count_distinct
    sql: ${finished_date} ;;
    filters: [result: "success"]
    description: "Distinct dates with at least one successful deployment."
  }
  measure: failed_deployments {
    type: count
    filters: [result: "success", caused_failure: "yes"]
    description: "Successful deployments that caused a failure, each once however many incidents it caused."
  }
  measure: change_failure_rate {
    type: number
    sql: ${failed_deployments} / NULLIF(${successful_deployments}, 0) ;;
    value_format_name: percent_1
    description: "Failed deployments ÷ successful deployments; read it with successful_deployments (the sample)."
  }
  measure: recovered_deployments {
    type: count
    filters: [result: "success", caused_failure: "yes", recovery_seconds: ">=0"]
    description: "Failed deployments with a recovery time: the sample of the recovery percentile."
  }
  measure: recovery_p50_hours {
    type: median
    sql: ${recovery_seconds} / 3600.0 ;;
    filters: [result: "success", caused_failure: "yes", recovery_seconds: ">=0"]
    value_format_name: decimal_1
    description: "Failed deployment recovery time, median in hours; read it with recovered_deployments."
  }
  measure: rework_deployments {
    type: count
    filters: [result: "success", is_rework: "yes"]
    description: "Successful deployments that are resolution deployments."
  }
  measure: rework_rate {
    type: number
    sql: ${rework_deployments} / NULLIF(${successful_deployments}, 0) ;;
    value_format_name: percent_1
    description: "Rework deployments ÷ successful deployments; read it with successful_deployments."
  }
}
