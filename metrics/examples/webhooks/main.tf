# doraform with both webhook receivers: Cloud Run in the Google Cloud project, and AWS Lambda behind an
# API Gateway HTTP API writing to the same project through Workload Identity Federation.
# Step by step (the image, the secrets, registering the webhooks): docs/production.md.

provider "google" {
  project = var.project_id
}

provider "google-beta" {
  project = var.project_id
}

provider "aws" {
  region = var.aws_region
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

variable "aws_region" {
  type        = string
  description = "The AWS region of the Lambda receiver."
  default     = "eu-west-1"
}

variable "lambda_bundle" {
  type        = string
  description = "Path of the built Lambda bundle (.zip)."
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
  enable_lambda_receiver    = true
}

module "lambda_receiver" {
  source = "../../lambda-receiver"

  project_id      = var.project_id
  service_account = module.dora.lambda_receiver_account
  bundle          = var.lambda_bundle
}

output "receiver_image_repository" {
  description = "Push the receiver's image here."
  value       = module.dora.receiver_image_repository
}

output "cloud_run_webhook_url" {
  description = "doraform webhooks register --url <this>"
  value       = module.dora.cloud_run_webhook_url
}

output "lambda_webhook_url" {
  description = "doraform webhooks register --url <this> (one receiver per organisation: pick one)"
  value       = module.lambda_receiver.webhook_url
}

output "webhook_secrets" {
  description = "The secrets to give values to, in each cloud."
  value       = { secret_manager = module.dora.webhook_secrets, aws_secrets_manager = module.lambda_receiver.webhook_secrets }
}
