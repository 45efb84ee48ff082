resource "google_dataform_repository" "this" {
  provider = google-beta

  project         = var.project_id
  region          = var.region
  name            = var.dataform_repository_name
  display_name    = "doraform"
  service_account = google_service_account.this["dataform"].email
  labels          = var.labels

  git_remote_settings {
    url                                 = var.git_url
    default_branch                      = var.git_branch
    authentication_token_secret_version = "${var.git_token_secret}/versions/latest"
  }

  workspace_compilation_overrides {
    default_database = var.project_id
  }

  depends_on = [google_secret_manager_secret_iam_member.dataform_git_token, google_service_account_iam_member.dataform_agent_token_creator]
}

# compiles the branch with the same settings as workflow_settings.yaml, in this project
resource "google_dataform_repository_release_config" "nightly" {
  provider = google-beta

  project       = var.project_id
  region        = var.region
  repository    = google_dataform_repository.this.name
  name          = "nightly"
  git_commitish = var.git_branch
  cron_schedule = var.release_schedule
  time_zone     = "Etc/UTC"

  code_compilation_config {
    default_database = var.project_id
    default_location = var.location
    default_schema   = google_bigquery_dataset.this["dora"].dataset_id
    assertion_schema = google_bigquery_dataset.this["dora_assertions"].dataset_id
    vars = {
      warehouse       = "bigquery"
      raw_dataset     = google_bigquery_dataset.this["airbyte_internal"].dataset_id
      staging_dataset = google_bigquery_dataset.this["dora_staging"].dataset_id
    }
  }
}

resource "google_dataform_repository_workflow_config" "nightly" {
  provider = google-beta

  project        = var.project_id
  region         = var.region
  repository     = google_dataform_repository.this.name
  name           = "nightly"
  release_config = google_dataform_repository_release_config.nightly.id
  cron_schedule  = var.dataform_schedule
  time_zone      = "Etc/UTC"

  invocation_config {
    transitive_dependencies_included = true
    service_account                  = google_service_account.this["dataform"].email
  }
}
