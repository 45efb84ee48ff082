// The raw streams pushed to us (docs/raw-streams.md: webhooks, reports from other tools, the runbook),
// and the Jira extractor's stream, which only organisations tracking incidents in Jira land.
// Unlike the other extractors' streams, many warehouses never land some of them (no webhook receiver, no
// Argo CD, no Jira, nobody ran mark-resolution yet), and an action reading a missing table fails: so each is an operation that
// creates its empty raw table if it does not exist, in the loader's layout (ingest/load), which the
// staging models then reference like a declaration.

const COLUMNS = [
  ["_airbyte_raw_id", "STRING NOT NULL", "Unique id of the landed record (the delivery key, docs/raw-streams.md)."],
  ["_airbyte_extracted_at", "TIMESTAMP NOT NULL", "When the record was received (UTC)."],
  ["_airbyte_loaded_at", "TIMESTAMP", "When the record was written to the warehouse (UTC)."],
  ["_airbyte_data", "STRING NOT NULL", "The record as JSON text (docs/raw-streams.md gives its shape per stream)."],
  ["_airbyte_meta", "STRING", "Airbyte metadata of the record (JSON text)."],
  ["_airbyte_generation_id", "INT64", "Generation of the stream."],
];

const STREAMS = {
  github_webhook: {
    deployment_status: "One record per GitHub deployment_status delivery, with its deployment.",
    workflow_run: "One record per GitHub workflow_run delivery (requested, in_progress, completed), with the run and its workflow.",
    pull_request: "One record per GitHub pull_request delivery; a merge is action closed with pull_request.merged true.",
  },
  pagerduty_webhook: {
    incident_triggered: "One record per PagerDuty incident.triggered event, with the incident.",
    incident_acknowledged: "One record per PagerDuty incident.acknowledged event, with the incident.",
    incident_resolved: "One record per PagerDuty incident.resolved event, with the incident.",
    incident_reopened: "One record per PagerDuty incident.reopened event, with the incident.",
  },
  doraform: {
    deployments: "One record per deployment report from another tool (POST /webhooks/deployments).",
    incidents: "One record per incident report from another tool (POST /webhooks/incidents).",
    resolutions: "One record per `doraform mark-resolution`: the deployment resolves the incident.",
    incident_links: "One record per `doraform link-incident`: the deployment caused the incident.",
  },
  jira: {
    issues: "One record per read of a Jira issue (REST v3, search/jql) the source's JQL selects: the incidents.",
  },
};

for (const [namespace, streams] of Object.entries(STREAMS)) {
  for (const [stream, description] of Object.entries(streams)) {
    operate(`${namespace}_raw__stream_${stream}`)
      .schema(dataform.projectConfig.vars.raw_dataset)
      .hasOutput(true)
      .tags(["raw", namespace])
      .description(`Raw ${namespace} stream \`${stream}\`, append-only; created empty when nothing was landed yet. ${description}`)
      .columns(COLUMNS.map(([name, , text]) => ({ path: [name], description: text })))
      .queries((ctx) => {
        const columns = COLUMNS.map(([name, type]) => {
          const [base, ...rest] = type.split(" ");
          return [name, dialect.type(base), ...rest].join(" ");
        });
        return `create table if not exists ${ctx.self()} (${columns.join(", ")})`;
      });
  }
}
