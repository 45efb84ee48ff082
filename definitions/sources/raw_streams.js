// Declarations of the raw landing tables (the Airbyte raw layout of docs/raw-streams.md): one per
// stream, `<namespace>_raw__stream_<stream>` in the raw dataset (var `raw_dataset`). Every table has
// the Airbyte Destinations V2 raw columns; the record is JSON text in `_airbyte_data`.

const RAW_COLUMNS = {
  _airbyte_raw_id: "Unique id of the landed record.",
  _airbyte_extracted_at: "When the extractor read the record from the API (UTC).",
  _airbyte_loaded_at: "When the record was written to the warehouse (UTC).",
  _airbyte_data: "The record as JSON text (docs/raw-streams.md gives its shape per stream).",
  _airbyte_meta: "Airbyte metadata of the record (JSON text): changes and errors while extracting.",
  _airbyte_generation_id: "Generation of the stream (incremented by a full refresh).",
};

const STREAMS = {
  github: {
    repositories: "One record per repository read: id, full name, default branch.",
    workflow_runs: "One record per read of a GitHub Actions workflow run (REST); the run shows its latest attempt.",
    workflow_jobs: "One record per read of a workflow job of any attempt (REST, filter=all).",
    deployments: "One record per read of a GitHub Deployments API deployment (REST).",
    deployment_statuses: "One record per read of a deployment status (REST), with its deployment id.",
    pull_requests: "One record per read of a pull request (GraphQL, flattened), with its commits, labels and files.",
    deployment_commits: "One record per compare between two consecutive deployments' commits, with the commits in between.",
    commits: "One record per commit that appears in deployment_commits, with its associated pull requests.",
  },
  pagerduty: {
    services: "One record per read of a PagerDuty service (REST).",
    incidents: "One record per read of a PagerDuty incident (REST).",
    incident_log_entries: "One record per incident log entry (REST): triggers, acknowledgements, resolutions.",
    incident_notes: "One record per incident note (REST), with its incident id.",
    incident_custom_fields: "One record per read of an incident's custom field values.",
    incident_related_change_events: "One record per change event PagerDuty relates to an incident.",
  },
};

for (const [namespace, streams] of Object.entries(STREAMS)) {
  for (const [stream, description] of Object.entries(streams)) {
    declare({
      schema: dataform.projectConfig.vars.raw_dataset,
      name: `${namespace}_raw__stream_${stream}`,
      description: `Raw ${namespace} stream \`${stream}\`, append-only and at-least-once. ${description}`,
      columns: RAW_COLUMNS,
    });
  }
}
