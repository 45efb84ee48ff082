-- airbyte_internal.pagerduty_webhook_raw__stream_incident_resolved from definitions/sources/raw_tables.js, compiled for BigQuery
-- operation statement 1
create table if not exists `doraform-demo.airbyte_internal.pagerduty_webhook_raw__stream_incident_resolved` (_airbyte_raw_id STRING NOT NULL, _airbyte_extracted_at TIMESTAMP NOT NULL, _airbyte_loaded_at TIMESTAMP, _airbyte_data STRING NOT NULL, _airbyte_meta STRING, _airbyte_generation_id INT64)
