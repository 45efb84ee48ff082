variable "project_id" {
  type        = string
  description = "The Google Cloud project holding the datasets, the service accounts and the Dataform repository."
}

variable "location" {
  type        = string
  description = "BigQuery location of the datasets; keep it equal to defaultLocation in workflow_settings.yaml."
  default     = "US"
}

variable "region" {
  type        = string
  description = "Region of the Dataform repository (a Dataform region inside or near var.location)."
  default     = "us-central1"
}

variable "github_repository" {
  type        = string
  description = "owner/name of the repository whose GitHub Actions workflows may act as the extractor and the Dataform runner (the Workload Identity provider accepts tokens from it only)."

  validation {
    condition     = can(regex("^[^/]+/[^/]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "git_url" {
  type        = string
  description = "HTTPS URL of the Git repository Dataform compiles (this repository), e.g. https://github.com/acme/doraform.git."
}

variable "git_branch" {
  type        = string
  description = "Branch that Dataform's release configuration compiles."
  default     = "main"
}

variable "git_token_secret" {
  type        = string
  description = "Secret Manager secret (projects/<p>/secrets/<name>) holding a token that can read var.git_url; its latest version is used."
}

variable "dataform_repository_name" {
  type        = string
  description = "Name of the Dataform repository."
  default     = "doraform"
}

variable "release_schedule" {
  type        = string
  description = "Cron (UTC) at which the release configuration compiles var.git_branch."
  default     = "0 3 * * *"
}

variable "dataform_schedule" {
  type        = string
  description = "Cron (UTC) at which Google Cloud Dataform runs the models itself. Null (the default): the nightly GitHub workflow runs them after ingesting, and the workflow configuration serves manual runs from the console."
  default     = null
}

variable "labels" {
  type        = map(string)
  description = "Labels on every dataset and on the Dataform repository."
  default     = { app = "doraform" }
}

variable "enable_cloud_run_receiver" {
  type        = bool
  description = "Create the Cloud Run webhook receiver: an Artifact Registry repository, its secrets in Secret Manager, its account and the raw webhook tables; the service itself once var.receiver_image is set."
  default     = false
}

variable "receiver_image" {
  type        = string
  description = "Image of the receiver built from this repository's Dockerfile and pushed to the module's Artifact Registry repository (output receiver_image_repository), e.g. us-central1-docker.pkg.dev/acme-dora/doraform/receiver:v1. Null: no Cloud Run service yet."
  default     = null
}

variable "receiver_max_instances" {
  type        = number
  description = "Most Cloud Run instances of the receiver at once."
  default     = 10
}

variable "enable_lambda_receiver" {
  type        = bool
  description = "Create the Google side of the AWS Lambda webhook receiver: its account and the raw webhook tables it may append to (output lambda_receiver_account). The module in lambda-receiver/ creates the rest (the Lambda, its HTTP API and secrets, Workload Identity Federation from AWS)."
  default     = false
}

variable "webhook_secrets_revision" {
  type        = number
  description = "Raise it after adding a version to a webhook secret: the Cloud Run receiver reads its secrets when it starts, and a new value starts a new revision."
  default     = 1
}
