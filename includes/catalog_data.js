// The service catalog and the knobs of the metric definitions (docs/metrics.md, Services): the one
// place an analyst edits, and data only. includes/catalog.js checks it and renders it as SQL; the
// Dataform var `catalog_json` (JSON text `{services, settings}`, the shape of a demo organisation's
// `services` and `settings`) replaces both when set; that is how the demo run and the end-to-end tests
// hand the simulated organisation's catalog to the models.

module.exports = {
  /** One entry per service. Repositories missing here are services of their own (docs/metrics.md decision 2). */
  services: [
    // {
    //   name: "api",                                       // the unit every metric is sliced by
    //   team: "platform",
    //   repository: "acme/api",                            // owner/name
    //   deploy_workflows: [".github/workflows/deploy.yml"], // workflow file paths
    //   deploy_job: "deploy",                              // optional: the job whose completion is the finish
    //   path_prefixes: ["services/api/"],                  // optional, monorepos only
    //   pagerduty_service_ids: ["PABC123"],
    //   jira_components: ["API"],                       // optional: Jira components of its incidents
    //   github_deployments_environment: "production",      // optional: also deployed through the Deployments API
    // },
  ],

  /** The knobs; every one optional here, the default (includes/catalog_defaults.js) otherwise. */
  settings: {
    // deploy_workflow_pattern: "^deploy",        // over the workflow file name, for repositories not in the catalog
    // release_branch_pattern: "^(release|hotfix)/", // deploy branches besides the default branch
    // production_environment_pattern: "^prod(uction)?$",
    // custom_field_name: "deployment_id",        // PagerDuty incident custom field naming the cause
    // window_rule_enabled: false,                // the `window` cause link rule
    // window_rule_hours: 24,
    // report_year: 2024,                         // State of DevOps report used for levels
    // min_sample: 5,                             // no level below this sample size
    // bot_logins: ["dependabot[bot]"],           // change authors left out of changes
    // jira_deployment_field: "customfield_10050", // Jira custom field naming the causing deployment
    // jira_service_field: "customfield_10051",    // Jira custom field holding a catalog service name (else components)
    // jira_cross_reference_field: "customfield_10052", // Jira custom field holding the PagerDuty incident id of the same incident
  },
};
