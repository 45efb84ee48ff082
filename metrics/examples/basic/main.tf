# The smallest root module: doraform's warehouse, accounts and Dataform repository in one project.
# terraform init && terraform apply, then set the repository variables from `terraform output github_variables`.

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

module "dora" {
  source = "../.."

  project_id        = var.project_id
  location          = "EU"
  region            = "europe-west1"
  github_repository = "acme/doraform"
  git_url           = "https://github.com/acme/doraform.git"
  git_token_secret  = "projects/${var.project_id}/secrets/dataform-github-token"
}

output "github_variables" {
  description = "Set these as repository variables of acme/doraform."
  value       = module.dora.github_variables
}

output "looker_service_account" {
  description = "The account for Looker's BigQuery connection."
  value       = module.dora.looker_service_account
}
