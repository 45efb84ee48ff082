output "datasets" {
  description = "The BigQuery datasets, by name."
  value       = { for name, dataset in google_bigquery_dataset.this : name => dataset.id }
}

output "extractor_service_account" {
  description = "Email of the account that ingests and receives webhooks (GitHub variable EXTRACTOR_SERVICE_ACCOUNT)."
  value       = google_service_account.this["extractor"].email
}

output "dataform_service_account" {
  description = "Email of the account that runs the models and the alerts (GitHub variable DATAFORM_SERVICE_ACCOUNT)."
  value       = google_service_account.this["dataform"].email
}

output "looker_service_account" {
  description = "Email of Looker's read-only account: create a key or use Looker's own WIF, and use it for the BigQuery connection."
  value       = google_service_account.this["looker"].email
}

output "workload_identity_provider" {
  description = "Full name of the GitHub Actions provider (GitHub variable WORKLOAD_IDENTITY_PROVIDER)."
  value       = google_iam_workload_identity_pool_provider.github.name
}

output "dataform_repository" {
  description = "The Dataform repository's id."
  value       = google_dataform_repository.this.id
}

output "dataform_workflow_config" {
  description = "The nightly workflow configuration's id, to invoke from the console or the API."
  value       = google_dataform_repository_workflow_config.nightly.id
}

output "github_variables" {
  description = "Repository variables the nightly workflow reads: set each with `gh variable set NAME --body VALUE`."
  value = {
    GOOGLE_CLOUD_PROJECT       = var.project_id
    DORAFORM_LOCATION          = var.location
    WORKLOAD_IDENTITY_PROVIDER = google_iam_workload_identity_pool_provider.github.name
    EXTRACTOR_SERVICE_ACCOUNT  = google_service_account.this["extractor"].email
    DATAFORM_SERVICE_ACCOUNT   = google_service_account.this["dataform"].email
  }
}

output "receiver_image_repository" {
  description = "Where to push the receiver's image (docker push <this>/receiver:<tag>), with var.enable_cloud_run_receiver; null otherwise."
  value       = var.enable_cloud_run_receiver ? "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.receiver[0].repository_id}" : null
}

output "cloud_run_webhook_url" {
  description = "Base URL of the Cloud Run receiver, for `doraform webhooks register --url`; null until it exists."
  value       = local.cloud_run_service ? "${google_cloud_run_v2_service.webhooks[0].uri}/webhooks" : null
}

output "webhook_secrets" {
  description = "The Cloud Run receiver's Secret Manager secret ids, by the variable it reads each as: add a version to each (gcloud secrets versions add ID --data-file=-)."
  value       = { for name, secret in google_secret_manager_secret.webhook : name => secret.secret_id }
}

output "lambda_receiver_account" {
  description = "The account the Lambda receiver writes to BigQuery as (email and name), with var.enable_lambda_receiver; pass it to the lambda-receiver module."
  value       = var.enable_lambda_receiver ? { email = google_service_account.receiver["lambda"].email, name = google_service_account.receiver["lambda"].name } : null
}
