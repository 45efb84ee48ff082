connection: "dora_bigquery"

include: "/views/*.view.lkml"
include: "/dashboards/*.dashboard.lookml"

# the marts are rebuilt by the nightly Dataform run
datagroup: nightly {
  sql_trigger: SELECT MAX(finished_at) FROM `@{dora_project}.@{dora_dataset}.deployments` ;;
  max_cache_age: "24 hours"
}

persist_with: nightly

# Each explore starts from one fact and joins the others many-to-one, so no join fans out the
# medians and percentiles (which Looker cannot protect with symmetric aggregates).

explore: deployments {
  label: "Deployments"
  description: "One row per production deployment: frequency, change failure rate, recovery time, rework."
}

explore: changes {
  label: "Changes"
  description: "One row per merged change: lead time and its parts, with the deployment that shipped it."
  join: deployments {
    type: left_outer
    relationship: many_to_one
    sql_on: ${changes.deployment_id} = ${deployments.deployment_id} ;;
  }
}

explore: incidents {
  label: "Incidents"
  description: "One row per incident: time to restore, with the deployment that caused it and the one that fixed it."
  join: caused_by_deployment {
    from: deployments
    type: left_outer
    relationship: many_to_one
    sql_on: ${incidents.caused_by_deployment_id} = ${caused_by_deployment.deployment_id} ;;
  }
  join: resolved_by_deployment {
    from: deployments
    type: left_outer
    relationship: many_to_one
    sql_on: ${incidents.resolved_by_deployment_id} = ${resolved_by_deployment.deployment_id} ;;
  }
}

explore: service_weekly {
  label: "Weekly by service"
  description: "The weekly mart per service, with sample sizes; percentiles are per row, never re-aggregated."
}

explore: team_weekly {
  label: "Weekly by team"
}

explore: org_weekly {
  label: "Weekly, organisation"
}

explore: service_quarterly {
  label: "Quarterly by service"
}

explore: team_quarterly {
  label: "Quarterly by team"
}

explore: org_quarterly {
  label: "Quarterly, organisation"
}

explore: quarterly_targets {
  label: "Targets by quarter"
  description: "Each quarterly target of doraform.yaml with the quarter's value, its sample size and met or missed (on or off track to date)."
}

explore: summary {
  label: "13 and 4 week summary"
  description: "The 4 and 13 complete weeks before as_of per service, team and organisation, with levels."
}

explore: review_windows {
  label: "Weekly review baselines"
  description: "The 4 and 13 complete weeks before the latest complete week per service, team and organisation: what the weekly review compares the week with."
}

explore: report_settings {
  label: "Report settings"
  description: "The as_of date, report year and minimum sample the marts were built with."
}

explore: summary_snapshots {
  label: "Summary history"
  description: "What the summary said on each run date (late links rewrite history)."
}

explore: benchmarks {
  label: "Benchmarks"
}

explore: data_quality {
  label: "Data quality"
}
