// Analysts' corrections to reality (docs/metrics.md, Overrides), written under `overrides:` in
// doraform.yaml (docs/configuration.md), applied by the intermediate models and listed in
// `data_quality`. The Dataform var `overrides_json` (JSON text, the shape of a demo organisation's
// `overrides`) replaces them when set.

// doraform.yaml's `overrides:`, as `doraform config sync` writes them (includes/catalog_data.js says why JSON).
const OVERRIDES = require("./generated/doraform.json").overrides;

const vars = dataform.projectConfig.vars || {};

function fromVar() {
  const text = vars.overrides_json;
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`var overrides_json is not valid JSON: ${error.message}`);
  }
}

const given = fromVar() || OVERRIDES;
const lists = {
  exclude_deployments: given.exclude_deployments || [],
  incident_links: given.incident_links || [],
  not_caused_by_change: given.not_caused_by_change || [],
  exclude_pull_request_authors: given.exclude_pull_request_authors || [],
  exclude_pull_request_labels: given.exclude_pull_request_labels || [],
};

for (const link of lists.incident_links) {
  if (!link || typeof link.incident_id !== "string" || typeof link.deployment_id !== "string") {
    throw new Error(`overrides: incident_links entry ${JSON.stringify(link)} needs incident_id and deployment_id`);
  }
}

/** `expr in (...)` over one override list, false when the list is empty. */
function isListed(expr, list) {
  return catalog.inList(expr, lists[list]);
}

/** (incident_id, deployment_id) per override link. */
function incidentLinksSql() {
  if (lists.incident_links.length === 0) {
    return "select cast(null as string) as incident_id, cast(null as string) as deployment_id from (select 1 as one) as empty where false";
  }
  return lists.incident_links
    .map((l) => `select cast(${catalog.literal(l.incident_id)} as string) as incident_id, cast(${catalog.literal(l.deployment_id)} as string) as deployment_id`)
    .join("\nunion all\n");
}

/** How many entries each override list holds, for `data_quality`. */
function counts() {
  return Object.fromEntries(Object.entries(lists).map(([name, list]) => [name, list.length]));
}

module.exports = { lists, isListed, incidentLinksSql, counts };
