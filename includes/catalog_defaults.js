// The knobs' defaults, where neither includes/catalog_data.js nor the var `catalog_json` sets one.
// Data only: includes/catalog.js applies them for the models, and the sources (ingest/) read the same
// file, so an extractor and the models never disagree on a default.

module.exports = {
  deploy_workflow_pattern: "^deploy",
  release_branch_pattern: "^release/",
  production_environment_pattern: "^prod(uction)?$",
  custom_field_name: "deployment_id",
  window_rule_enabled: false,
  window_rule_hours: 24,
  report_year: 2024,
  min_sample: 5,
  // below this share of incidents linked to a cause, change failure rate is shown with a warning, not a level
  min_link_coverage: 0.25,
  bot_logins: [],
  jira_deployment_field: null,
  jira_service_field: null,
  jira_cross_reference_field: null,
};
