output "webhook_url" {
  description = "Base URL of the Lambda receiver, for `doraform webhooks register --url`."
  value       = "${trimsuffix(aws_apigatewayv2_stage.default.invoke_url, "/")}/webhooks"
}

output "webhook_secrets" {
  description = "The AWS Secrets Manager ARNs to give values to, by the variable the receiver reads each as (aws secretsmanager put-secret-value --secret-id ARN)."
  value       = { for name, secret in aws_secretsmanager_secret.webhook : name => secret.arn }
}

output "workload_identity_provider" {
  description = "Full name of the AWS provider of the Workload Identity pool the Lambda authenticates through."
  value       = google_iam_workload_identity_pool_provider.aws.name
}
