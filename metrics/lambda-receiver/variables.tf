variable "project_id" {
  type        = string
  description = "The Google Cloud project of the metrics/ module: where the deliveries land and the Workload Identity pool is made."
}

variable "service_account" {
  type        = object({ email = string, name = string })
  description = "The account the Lambda writes to BigQuery as: the metrics/ module's output lambda_receiver_account (with enable_lambda_receiver = true)."
}

variable "raw_dataset" {
  type        = string
  description = "The BigQuery dataset of the raw tables (var raw_dataset of workflow_settings.yaml)."
  default     = "airbyte_internal"
}

variable "bundle" {
  type        = string
  description = "Path of the receiver's Lambda bundle: a .zip of the built handler (docs/production.md)."
}

variable "handler" {
  type        = string
  description = "The Lambda handler inside the bundle, file.export (`doraform webhooks bundle` writes index.mjs exporting handler)."
  default     = "index.handler"
}

variable "function_name" {
  type        = string
  description = "Name of the Lambda function, its IAM role and its HTTP API."
  default     = "doraform-webhooks"
}

variable "secrets_revision" {
  type        = number
  description = "Raise it after changing a secret's value: the Lambda reads its secrets when a container starts, and a new value starts new ones."
  default     = 1
}

variable "tags" {
  type        = map(string)
  description = "Tags on every AWS resource."
  default     = { app = "doraform" }
}
