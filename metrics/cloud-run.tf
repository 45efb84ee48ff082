# The webhook receiver on Cloud Run: `doraform webhooks serve` from the image of this repository's Dockerfile.
# With enable_cloud_run_receiver and no image yet, the registry, the secrets, the account and the tables are
# created, so the image can be pushed and the secrets given values before the service first starts.
locals {
  cloud_run_service = var.enable_cloud_run_receiver && var.receiver_image != null
}

resource "google_artifact_registry_repository" "receiver" {
  count = var.enable_cloud_run_receiver ? 1 : 0

  project       = var.project_id
  location      = var.region
  repository_id = "doraform"
  format        = "DOCKER"
  description   = "Images of the doraform webhook receiver"
  labels        = var.labels

  depends_on = [google_project_service.this]
}

resource "google_secret_manager_secret" "webhook" {
  for_each = var.enable_cloud_run_receiver ? local.webhook_secrets : {}

  project   = var.project_id
  secret_id = each.value
  labels    = var.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.this]
}

# only the receiver's account reads the secrets' values
resource "google_secret_manager_secret_iam_member" "receiver" {
  for_each = google_secret_manager_secret.webhook

  project   = var.project_id
  secret_id = each.value.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.receiver["run"].email}"
}

resource "google_cloud_run_v2_service" "webhooks" {
  count = local.cloud_run_service ? 1 : 0

  project             = var.project_id
  location            = var.region
  name                = "doraform-webhooks"
  description         = "doraform webhook receiver (GitHub, PagerDuty, generic reports)"
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = false
  labels              = var.labels

  template {
    service_account                  = google_service_account.receiver["run"].email
    max_instance_request_concurrency = 80
    timeout                          = "60s"
    # a new revision reads the secrets' latest versions
    labels = { secrets-revision = tostring(var.webhook_secrets_revision) }

    scaling {
      min_instance_count = 0
      max_instance_count = var.receiver_max_instances
    }

    containers {
      image = var.receiver_image
      args  = ["webhooks", "serve", "--host", "0.0.0.0", "--port", "8080", "--warehouse", "bigquery"]

      ports {
        container_port = 8080
      }

      env {
        name  = "GOOGLE_CLOUD_PROJECT"
        value = var.project_id
      }
      env {
        name = "GITHUB_WEBHOOK_SECRET"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.webhook["GITHUB_WEBHOOK_SECRET"].secret_id
            version = "latest"
          }
        }
      }
      env {
        name = "PAGERDUTY_WEBHOOK_SECRET"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.webhook["PAGERDUTY_WEBHOOK_SECRET"].secret_id
            version = "latest"
          }
        }
      }
      env {
        name = "DORAFORM_WEBHOOK_TOKEN"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.webhook["DORAFORM_WEBHOOK_TOKEN"].secret_id
            version = "latest"
          }
        }
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.receiver, google_bigquery_table_iam_member.receiver]
}

# GitHub and PagerDuty call without Google credentials: every request is let in, and the receiver
# refuses what is not signed with the webhook secrets or carrying the bearer token
resource "google_cloud_run_v2_service_iam_member" "public" {
  count = local.cloud_run_service ? 1 : 0

  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.webhooks[0].name
  role     = "roles/run.invoker"
  member   = "allUsers"
}
