// What the incremental incident models (int_incidents, int_incident_references__found) derive an
// incident again on: its own records extracted since the watermark, and the tables every incident
// depends on (a fingerprint of them on each row).

/**
 * SQL: (incident_id, extracted_at) of each [model, column naming the incident] of `sources`, only
 * those extracted since the watermark when `since` (watermarks.sinceKept or sinceLeft) is given.
 * `ref` is the model's own, so the tables read are its dependencies.
 */
function recordsSql(ref, sources, since) {
  return sources
    .map(([model, column]) => {
      const id = column === "incident_id" ? column : `${column} as incident_id`;
      return `select ${id}, extracted_at from ${ref(model)}${since ? ` where ${since("extracted_at")}` : ""}`;
    })
    .join("\n  union all\n  ");
}

/**
 * SQL: what the incident models depend on besides an incident's own records: the rules, and the
 * tables that map an incident to its service and team (services, PagerDuty services) and a Jira
 * issue to its incident. Any change derives every row again; they change seldom. `ref` is the
 * model's own, so the tables read are its dependencies.
 */
function rulesSql(ref) {
  return dialect.concat(
    `'${fingerprints.rules()}'`,
    `(select ${dialect.fingerprintAgg(dialect.concat("service", "'/'", "team", "'/'", "repository", "'/'", dialect.cast("is_monorepo", "STRING")))} from ${ref("int_services")})`,
    `(select ${dialect.fingerprintAgg(dialect.concat("pagerduty_service_id", "'/'", "coalesce(name, '')"))} from ${ref("stg_pagerduty__services")} where pagerduty_service_id is not null)`,
    `(select ${dialect.fingerprintAgg(dialect.concat("issue_key", "'/'", "pagerduty_incident_id"))} from ${ref("int_incidents__jira")} where pagerduty_incident_id is not null)`,
  );
}

module.exports = { recordsSql, rulesSql };
