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
