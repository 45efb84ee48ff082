# doraform with the webhook receiver on AWS Lambda behind an API Gateway HTTP API, writing to BigQuery
# through Workload Identity Federation. Needs Google and AWS credentials, and the Lambda bundle built.
# Step by step: docs/production.md.

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

variable "aws_region" {
  type        = string
  description = "The AWS region of the Lambda receiver."
  default     = "eu-west-1"
}

variable "lambda_bundle" {
  type        = string
  description = "Path of the built Lambda bundle (.zip)."
}

variable "webhook_secrets_revision" {
  type        = number
  description = "Raise it after giving a webhook secret a new value: new Lambda containers read it."
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

  enable_lambda_receiver = true
}

module "lambda_receiver" {
  source = "../../lambda-receiver"

  project_id       = var.project_id
  service_account  = module.dora.lambda_receiver_account
  bundle           = var.lambda_bundle
  secrets_revision = var.webhook_secrets_revision
}

output "github_variables" {
  description = "Set these as repository variables of acme/doraform."
  value       = module.dora.github_variables
}

output "webhook_secrets" {
  description = "The AWS Secrets Manager secrets (ARNs) to give values to."
  value       = module.lambda_receiver.webhook_secrets
}

output "webhook_url" {
  description = "doraform webhooks register --url <this>"
  value       = module.lambda_receiver.webhook_url
}
