# What both webhook receivers share: the raw tables they land in, and a role that can only append to them.
locals {
  # the streams a receiver lands (docs/raw-streams.md): the GitHub events it keeps, the PagerDuty events the
  # models read (the ones `doraform webhooks register` subscribes to), and the generic reports from other tools
  webhook_streams = {
    github_webhook    = ["deployment_status", "pull_request", "workflow_run"]
    pagerduty_webhook = ["incident_acknowledged", "incident_reopened", "incident_resolved", "incident_triggered"]
    doraform          = ["deployments", "incidents"]
  }
  webhook_tables = toset(flatten([for namespace, streams in local.webhook_streams : [for stream in streams : "${namespace}_raw__stream_${stream}"]]))

  # each enabled receiver gets an account of its own: Cloud Run runs as it, the Lambda impersonates it
  receivers = merge(
    var.enable_cloud_run_receiver ? { run = "Cloud Run webhook receiver: appends to the raw webhook tables only" } : {},
    var.enable_lambda_receiver ? { lambda = "AWS Lambda webhook receiver (through Workload Identity Federation): appends to the raw webhook tables only" } : {},
  )
  receiver_table_grants = { for pair in setproduct(keys(local.receivers), local.webhook_tables) : "${pair[0]}/${pair[1]}" => { receiver = pair[0], table = pair[1] } }

  # the secrets both receivers read, by the environment variable `doraform webhooks serve` and the Lambda take them from
  webhook_secrets = {
    GITHUB_WEBHOOK_SECRET    = "doraform-github-webhook-secret"
    PAGERDUTY_WEBHOOK_SECRET = "doraform-pagerduty-webhook-secret"
    DORAFORM_WEBHOOK_TOKEN   = "doraform-webhook-token"
  }
}

# the tables exist before a receiver starts, in the extractors' layout (ingest/load/bigquery.ts), so the receivers
# need no right on the dataset: a receiver finding its table appends and creates nothing
resource "google_bigquery_table" "webhook" {
  for_each = length(local.receivers) > 0 ? local.webhook_tables : toset([])

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.this["airbyte_internal"].dataset_id
  table_id            = each.value
  description         = "Raw webhook deliveries (docs/raw-streams.md), appended by the webhook receivers."
  labels              = var.labels
  deletion_protection = true

  schema = jsonencode([
    { name = "_airbyte_raw_id", type = "STRING", mode = "REQUIRED" },
    { name = "_airbyte_extracted_at", type = "TIMESTAMP", mode = "REQUIRED" },
    { name = "_airbyte_loaded_at", type = "TIMESTAMP", mode = "NULLABLE" },
    { name = "_airbyte_data", type = "STRING", mode = "REQUIRED" },
    { name = "_airbyte_meta", type = "STRING", mode = "NULLABLE" },
    { name = "_airbyte_generation_id", type = "INTEGER", mode = "NULLABLE" },
  ])

  time_partitioning {
    type  = "DAY"
    field = "_airbyte_extracted_at"
  }
  clustering = ["_airbyte_extracted_at"]
}

resource "google_service_account" "receiver" {
  for_each = local.receivers

  project      = var.project_id
  account_id   = "dora-webhooks-${each.key}"
  display_name = "doraform webhooks (${each.key})"
  description  = each.value
}

# what the Storage Write API's default stream needs to append (no read, no delete, no schema change); the role
# is defined in the project but granted on the webhook tables only
resource "google_project_iam_custom_role" "webhook_writer" {
  count = length(local.receivers) > 0 ? 1 : 0

  project     = var.project_id
  role_id     = "doraformWebhookWriter"
  title       = "doraform webhook writer"
  description = "Append rows to a table through the BigQuery Storage Write API."
  permissions = ["bigquery.tables.get", "bigquery.tables.updateData"]
}

resource "google_bigquery_table_iam_member" "receiver" {
  for_each = local.receiver_table_grants

  project    = var.project_id
  dataset_id = google_bigquery_dataset.this["airbyte_internal"].dataset_id
  table_id   = google_bigquery_table.webhook[each.value.table].table_id
  role       = google_project_iam_custom_role.webhook_writer[0].name
  member     = "serviceAccount:${google_service_account.receiver[each.value.receiver].email}"
}
