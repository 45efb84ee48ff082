// The service catalog and the knobs of the metric definitions (docs/metrics.md, Services): the one
// place an analyst edits. The Dataform var `catalog_json` (JSON text `{services, settings}`, the
// shape of a demo organisation's `services` and `settings`) replaces both when set; that is how
// the demo run and the end-to-end tests hand the simulated organisation's catalog to the models.

/** One entry per service. Repositories missing here are services of their own (docs/metrics.md decision 2). */
const SERVICES = [
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
];

/** The knobs; every one optional here, the default below otherwise. */
const SETTINGS = {
  // deploy_workflow_pattern: "^deploy",        // over the workflow file name, for repositories not in the catalog
  // release_branch_pattern: "^release/",       // deploy branches besides the default branch
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
};

const DEFAULT_SETTINGS = {
  deploy_workflow_pattern: "^deploy",
  release_branch_pattern: "^release/",
  production_environment_pattern: "^prod(uction)?$",
  custom_field_name: "deployment_id",
  window_rule_enabled: false,
  window_rule_hours: 24,
  report_year: 2024,
  min_sample: 5,
  bot_logins: [],
  jira_deployment_field: null,
  jira_service_field: null,
  jira_cross_reference_field: null,
};

const vars = dataform.projectConfig.vars || {};

function parseJsonVar(name) {
  const text = vars[name];
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`var ${name} is not valid JSON: ${error.message}`);
  }
}

const override = parseJsonVar("catalog_json");
const services = (override ? override.services : SERVICES) || [];
const settings = Object.assign({}, DEFAULT_SETTINGS, override ? override.settings || {} : SETTINGS);

for (const service of services) {
  for (const key of ["name", "team", "repository"]) {
    if (typeof service[key] !== "string" || service[key] === "") {
      throw new Error(`service catalog: entry ${JSON.stringify(service.name || service)} has no ${key}`);
    }
  }
}

for (const key of ["jira_deployment_field", "jira_service_field", "jira_cross_reference_field"]) {
  const field = settings[key];
  // the id becomes a JSON path step: only a Jira field id's characters
  if (field !== null && field !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(field))) {
    throw new Error(`catalog settings: ${key} must be a Jira field id like customfield_10050, got ${JSON.stringify(field)}`);
  }
}

/** A value as a SQL literal of the current warehouse. */
function literal(value) {
  if (value === null || value === undefined) return "cast(null as string)";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return dialect.stringLiteral(String(value));
}

/**
 * Rows as a SELECT with the given columns (all STRING); an empty list still has the columns.
 * rows: arrays of values in column order.
 */
function rowsSql(columns, rows) {
  if (rows.length === 0) {
    return `select ${columns.map((c) => `cast(null as string) as ${c}`).join(", ")} from (select 1 as one) as empty where false`;
  }
  return rows
    .map((row) => `select ${row.map((v, i) => `${v === null || v === undefined ? "cast(null as string)" : `cast(${literal(String(v))} as string)`} as ${columns[i]}`).join(", ")}`)
    .join("\nunion all\n");
}

/** (service, team, repository, deploy_job, github_deployments_environment) per catalog entry. */
function servicesSql() {
  return rowsSql(
    ["service", "team", "repository", "deploy_job", "github_deployments_environment"],
    services.map((s) => [s.name, s.team, s.repository, s.deploy_job, s.github_deployments_environment]),
  );
}

/** (service, repository, workflow_path) per deploy workflow of a catalog entry. */
function deployWorkflowsSql() {
  return rowsSql(
    ["service", "repository", "workflow_path"],
    services.flatMap((s) => (s.deploy_workflows || []).map((w) => [s.name, s.repository, w])),
  );
}

/** (service, repository, path_prefix) per path prefix of a catalog entry (monorepos). */
function pathPrefixesSql() {
  return rowsSql(
    ["service", "repository", "path_prefix"],
    services.flatMap((s) => (s.path_prefixes || []).map((p) => [s.name, s.repository, p])),
  );
}

/** (service, pagerduty_service_id) per PagerDuty service mapped in the catalog. */
function pagerdutyServicesSql() {
  return rowsSql(
    ["service", "pagerduty_service_id"],
    services.flatMap((s) => (s.pagerduty_service_ids || []).map((id) => [s.name, id])),
  );
}

/** (service, jira_component) per Jira component mapped in the catalog. */
function jiraComponentsSql() {
  return rowsSql(
    ["service", "jira_component"],
    services.flatMap((s) => (s.jira_components || []).map((component) => [s.name, component])),
  );
}

/** `expr in (values)`, or false for an empty list (an empty IN list is not valid SQL). */
function inList(expr, values) {
  return values.length === 0 ? "false" : `${expr} in (${values.map(literal).join(", ")})`;
}

/**
 * The models' clock as a DATE expression: the var `as_of` (a date or an ISO timestamp; its UTC
 * date counts), default the current UTC date.
 */
function asOfDate() {
  const text = vars.as_of || "";
  if (text === "") return dialect.currentDate();
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(text);
  if (!match) throw new Error(`var as_of must be a date (YYYY-MM-DD) or an ISO timestamp, got ${JSON.stringify(text)}`);
  const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) throw new Error(`var as_of is not a valid date: ${JSON.stringify(text)}`);
  return `date '${date.toISOString().slice(0, 10)}'`;
}

module.exports = {
  services,
  settings,
  literal,
  inList,
  servicesSql,
  deployWorkflowsSql,
  pathPrefixesSql,
  pagerdutyServicesSql,
  jiraComponentsSql,
  asOfDate,
};
