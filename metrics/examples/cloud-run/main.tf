# doraform with the webhook receiver on Cloud Run. Two applies: the first without receiver_image makes
# the registry, the secrets, the account and the tables; push the image, give the secrets values, and
# apply again with receiver_image. Step by step: docs/production.md.

provider "google" {
  project = var.project_id
}

provider "google-beta" {
  project = var.project_id
}

variable "project_id" {
  type        = string
  description = "The Google Cloud project to deploy into."
}

variable "receiver_image" {
  type        = string
  description = "The receiver's image, once pushed to the output receiver_image_repository; null for the first apply."
  default     = null
}

variable "webhook_secrets_revision" {
  type        = number
  description = "Raise it after giving a webhook secret a new value: a new revision reads it."
  default     = 1
}

module "dora" {
  source = "../.."

  project_id        = var.project_id
  location          = "EU"
  region            = "europe-west1"
  github_repository = "acme/doraform"
  git_url           = "https://github.com/acme/doraform.git"
  git_token_secret  = "projects/${var.project_id}/secrets/dataform-github-token"

  enable_cloud_run_receiver = true
  receiver_image            = var.receiver_image
  webhook_secrets_revision  = var.webhook_secrets_revision
}

output "github_variables" {
  description = "Set these as repository variables of acme/doraform."
  value       = module.dora.github_variables
}

output "receiver_image_repository" {
  description = "Push the receiver's image here."
  value       = module.dora.receiver_image_repository
}

output "webhook_secrets" {
  description = "The Secret Manager secrets to give values to."
  value       = module.dora.webhook_secrets
}

output "webhook_url" {
  description = "doraform webhooks register --url <this>"
  value       = module.dora.cloud_run_webhook_url
}
