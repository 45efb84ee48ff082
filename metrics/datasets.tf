resource "google_bigquery_dataset" "this" {
  for_each = local.datasets

  project     = var.project_id
  dataset_id  = each.key
  location    = var.location
  description = each.value
  labels      = var.labels

  # raw data cannot be fetched again past the APIs' retention (PagerDuty change events: 90 days)
  delete_contents_on_destroy = false

  depends_on = [google_project_service.this]
}
