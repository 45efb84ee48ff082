// Every raw stream, one JSON file each under includes/raw_streams/<namespace>/<stream>.json: its
// description, primary key, cursor and the JSON schema of its record (`_airbyte_data`). The
// extractors' catalogs (discover), the raw table declarations (definitions/sources/raw_tables.js)
// and docs/raw-streams.md are built from or checked against these files (tests/docs/raw-streams.test.ts).
// `optional`: a stream many warehouses never land (webhooks, other tools' reports, the runbook, Jira).

/** The Airbyte Destinations V2 raw columns of every raw table: name, BigQuery type, description. */
const COLUMNS = [
  ["_airbyte_raw_id", "STRING NOT NULL", "Unique id of the landed record (for pushed streams, the delivery key: docs/raw-streams.md)."],
  ["_airbyte_extracted_at", "TIMESTAMP NOT NULL", "When the extractor read the record from the API, or the receiver received it (UTC)."],
  ["_airbyte_loaded_at", "TIMESTAMP", "When the record was written to the warehouse (UTC)."],
  ["_airbyte_data", "STRING NOT NULL", "The record as JSON text (docs/raw-streams.md gives its shape per stream)."],
  ["_airbyte_meta", "STRING", "Airbyte metadata of the record (JSON text): changes and errors while extracting."],
  ["_airbyte_generation_id", "INT64", "Generation of the stream (incremented by a full refresh)."],
];

// Dataform's compiler cannot list a folder: each file is named here.
const STREAMS = [
  require("./raw_streams/github/repositories.json"),
  require("./raw_streams/github/workflow_runs.json"),
  require("./raw_streams/github/workflow_jobs.json"),
  require("./raw_streams/github/deployments.json"),
  require("./raw_streams/github/deployment_statuses.json"),
  require("./raw_streams/github/pull_requests.json"),
  require("./raw_streams/github/deployment_commits.json"),
  require("./raw_streams/github/commits.json"),
  require("./raw_streams/pagerduty/services.json"),
  require("./raw_streams/pagerduty/incidents.json"),
  require("./raw_streams/pagerduty/incident_log_entries.json"),
  require("./raw_streams/pagerduty/incident_notes.json"),
  require("./raw_streams/pagerduty/incident_custom_fields.json"),
  require("./raw_streams/pagerduty/incident_related_change_events.json"),
  require("./raw_streams/jira/issues.json"),
  require("./raw_streams/github_webhook/deployment_status.json"),
  require("./raw_streams/github_webhook/workflow_run.json"),
  require("./raw_streams/github_webhook/pull_request.json"),
  require("./raw_streams/pagerduty_webhook/incident_triggered.json"),
  require("./raw_streams/pagerduty_webhook/incident_acknowledged.json"),
  require("./raw_streams/pagerduty_webhook/incident_resolved.json"),
  require("./raw_streams/pagerduty_webhook/incident_reopened.json"),
  require("./raw_streams/doraform/deployments.json"),
  require("./raw_streams/doraform/incidents.json"),
  require("./raw_streams/doraform/resolutions.json"),
  require("./raw_streams/doraform/incident_links.json"),
];

/** The stream's raw table, `<namespace>_raw__stream_<stream>`. */
function tableName(stream) {
  return `${stream.namespace}_raw__stream_${stream.name}`;
}

module.exports = { COLUMNS, STREAMS, tableName };
