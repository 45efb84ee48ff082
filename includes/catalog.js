// Reads the service catalog (includes/catalog_data.js, or the Dataform var `catalog_json`) over the
// knobs' defaults (includes/catalog_defaults.js), checks it, and renders it as SQL for the models.
// Dataform assigns the includes' globals only after loading them all, so the catalog is resolved on
// first use, not at load. Nothing runs at load: the sources (ingest/) call resolveCatalog with the
// same vars, and need no Dataform globals for it.

/**
 * The catalog the models apply: `catalog_json` when set (JSON text `{services, settings}`), else the
 * data file, over the defaults. Throws on an entry without name, team or repository, or a Jira field
 * setting that is not a field id.
 */
function resolveCatalog(vars, data, defaults) {
  const override = parseJsonVar(vars, "catalog_json");
  const services = (override ? override.services : data.services) || [];
  const settings = Object.assign({}, defaults, override ? override.settings || {} : data.settings);
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
  const coverage = settings.min_link_coverage;
  if (typeof coverage !== "number" || !(coverage >= 0 && coverage <= 1)) {
    throw new Error(`catalog settings: min_link_coverage must be a share between 0 and 1, got ${JSON.stringify(coverage)}`);
  }
  return { services, settings };
}

function parseJsonVar(vars, name) {
  const text = vars[name];
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`var ${name} is not valid JSON: ${error.message}`);
  }
}

let resolved;
/** The catalog of this compilation, from the globals Dataform gives the includes. */
function current() {
  if (!resolved) resolved = resolveCatalog(dataform.projectConfig.vars || {}, catalog_data, catalog_defaults);
  return resolved;
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
    current().services.map((s) => [s.name, s.team, s.repository, s.deploy_job, s.github_deployments_environment]),
  );
}

/** (service, repository, workflow_path) per deploy workflow of a catalog entry. */
function deployWorkflowsSql() {
  return rowsSql(
    ["service", "repository", "workflow_path"],
    current().services.flatMap((s) => (s.deploy_workflows || []).map((w) => [s.name, s.repository, w])),
  );
}

/** (service, repository, path_prefix) per path prefix of a catalog entry (monorepos). */
function pathPrefixesSql() {
  return rowsSql(
    ["service", "repository", "path_prefix"],
    current().services.flatMap((s) => (s.path_prefixes || []).map((p) => [s.name, s.repository, p])),
  );
}

/** (service, pagerduty_service_id) per PagerDuty service mapped in the catalog. */
function pagerdutyServicesSql() {
  return rowsSql(
    ["service", "pagerduty_service_id"],
    current().services.flatMap((s) => (s.pagerduty_service_ids || []).map((id) => [s.name, id])),
  );
}

/** (service, jira_component) per Jira component mapped in the catalog. */
function jiraComponentsSql() {
  return rowsSql(
    ["service", "jira_component"],
    current().services.flatMap((s) => (s.jira_components || []).map((component) => [s.name, component])),
  );
}

/** `expr in (values)`, or false for an empty list (an empty IN list is not valid SQL). */
function inList(expr, values) {
  return values.length === 0 ? "false" : `${expr} in (${values.map(literal).join(", ")})`;
}

module.exports = {
  get services() {
    return current().services;
  },
  get settings() {
    return current().settings;
  },
  resolveCatalog,
  literal,
  inList,
  servicesSql,
  deployWorkflowsSql,
  pathPrefixesSql,
  pagerdutyServicesSql,
  jiraComponentsSql,
};
