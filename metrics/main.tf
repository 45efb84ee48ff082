data "google_project" "this" {
  project_id = var.project_id
}

locals {
  # exactly the datasets workflow_settings.yaml names (raw landing, staging, marts, assertions)
  datasets = {
    airbyte_internal = "Raw landing: Airbyte Destinations V2 raw tables, webhook deliveries"
    dora_staging     = "Staging and intermediate models"
    dora             = "Marts: the contract tables Looker and the reports read"
    dora_assertions  = "Dataform assertion results"
  }

  service_accounts = {
    extractor = "Lands GitHub and PagerDuty data and webhook deliveries in airbyte_internal"
    dataform  = "Runs the Dataform models and the alerts"
    looker    = "Looker's read-only connection to the marts"
  }

  # least privilege: each account gets a role on the datasets it touches, nothing project-wide but job user
  dataset_roles = {
    "extractor-airbyte_internal" = { account = "extractor", dataset = "airbyte_internal", role = "roles/bigquery.dataEditor" }
    "dataform-airbyte_internal"  = { account = "dataform", dataset = "airbyte_internal", role = "roles/bigquery.dataViewer" }
    "dataform-dora_staging"      = { account = "dataform", dataset = "dora_staging", role = "roles/bigquery.dataEditor" }
    "dataform-dora"              = { account = "dataform", dataset = "dora", role = "roles/bigquery.dataEditor" }
    "dataform-dora_assertions"   = { account = "dataform", dataset = "dora_assertions", role = "roles/bigquery.dataEditor" }
    "looker-dora"                = { account = "looker", dataset = "dora", role = "roles/bigquery.dataViewer" }
  }

  # the accounts GitHub Actions may impersonate: the nightly workflow ingests as one and runs Dataform as the other
  github_accounts = ["extractor", "dataform"]

  dataform_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-dataform.iam.gserviceaccount.com"

  apis = concat(
    ["bigquery.googleapis.com", "bigquerystorage.googleapis.com", "dataform.googleapis.com", "iam.googleapis.com", "iamcredentials.googleapis.com", "secretmanager.googleapis.com", "sts.googleapis.com"],
    var.enable_cloud_run_receiver ? ["run.googleapis.com", "artifactregistry.googleapis.com"] : [],
  )
}

resource "google_project_service" "this" {
  for_each = toset(local.apis)

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}
