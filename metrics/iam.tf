resource "google_service_account" "this" {
  for_each = local.service_accounts

  project      = var.project_id
  account_id   = "dora-${each.key}"
  display_name = "doraform ${each.key}"
  description  = each.value
}

resource "google_bigquery_dataset_iam_member" "this" {
  for_each = local.dataset_roles

  project    = var.project_id
  dataset_id = google_bigquery_dataset.this[each.value.dataset].dataset_id
  role       = each.value.role
  member     = "serviceAccount:${google_service_account.this[each.value.account].email}"
}

# running a query is a project-level permission; what a query may read stays per dataset
resource "google_project_iam_member" "job_user" {
  for_each = local.service_accounts

  project = var.project_id
  role    = "roles/bigquery.jobUser"
  member  = "serviceAccount:${google_service_account.this[each.key].email}"
}

# Google Cloud Dataform runs workflows as the runner account through its service agent
resource "google_service_account_iam_member" "dataform_agent_token_creator" {
  service_account_id = google_service_account.this["dataform"].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.dataform_service_agent

  depends_on = [google_project_service.this]
}

resource "google_secret_manager_secret_iam_member" "dataform_git_token" {
  project   = var.project_id
  secret_id = var.git_token_secret
  role      = "roles/secretmanager.secretAccessor"
  member    = local.dataform_service_agent

  depends_on = [google_project_service.this]
}
