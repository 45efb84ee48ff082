# The webhook receiver on AWS Lambda behind an API Gateway HTTP API, running the exported handler
# (ingest/webhooks/lambda.ts) from the bundle at var.bundle. It writes to BigQuery as the
# dora-webhooks-lambda account through Workload Identity Federation from AWS: no Google key anywhere.
locals {
  account_id = split(":", aws_iam_role.lambda.arn)[4]
  # the identity a Lambda invocation presents to Google: its role's session
  lambda_aws_role = "arn:aws:sts::${local.account_id}:assumed-role/${aws_iam_role.lambda.name}"

  # the variables the Lambda reads its secrets' ARNs from (ingest/webhooks/lambda-environment.ts) are these names plus _ARN
  webhook_secrets = {
    GITHUB_WEBHOOK_SECRET    = "doraform-github-webhook-secret"
    PAGERDUTY_WEBHOOK_SECRET = "doraform-pagerduty-webhook-secret"
    DORAFORM_WEBHOOK_TOKEN   = "doraform-webhook-token"
  }
}

resource "aws_secretsmanager_secret" "webhook" {
  for_each = local.webhook_secrets

  name        = each.value
  description = "doraform webhook receiver: ${each.key}"
  tags        = var.tags
}

resource "aws_iam_role" "lambda" {
  name               = var.function_name
  description        = "doraform webhook receiver (Lambda)"
  tags               = var.tags
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

# logs, and the values of this receiver's three secrets: nothing else
resource "aws_iam_role_policy_attachment" "lambda_logs" {
  role       = aws_iam_role.lambda.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy" "lambda_secrets" {
  name   = "read-webhook-secrets"
  role   = aws_iam_role.lambda.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = [for secret in aws_secretsmanager_secret.webhook : secret.arn] }]
  })
}

resource "aws_lambda_function" "webhooks" {
  function_name    = var.function_name
  description      = "doraform webhook receiver (GitHub, PagerDuty, generic reports)"
  role             = aws_iam_role.lambda.arn
  runtime          = "nodejs20.x"
  handler          = var.handler
  filename         = var.bundle
  source_code_hash = filebase64sha256(var.bundle)
  memory_size      = 512
  timeout          = 30
  tags             = var.tags

  environment {
    variables = {
      GOOGLE_CLOUD_PROJECT         = var.project_id
      DORAFORM_RAW_DATASET         = var.raw_dataset
      GITHUB_WEBHOOK_SECRET_ARN    = aws_secretsmanager_secret.webhook["GITHUB_WEBHOOK_SECRET"].arn
      PAGERDUTY_WEBHOOK_SECRET_ARN = aws_secretsmanager_secret.webhook["PAGERDUTY_WEBHOOK_SECRET"].arn
      DORAFORM_WEBHOOK_TOKEN_ARN   = aws_secretsmanager_secret.webhook["DORAFORM_WEBHOOK_TOKEN"].arn
      # a changed value starts new containers, which read the secrets' current values
      DORAFORM_SECRETS_REVISION = tostring(var.secrets_revision)
      # not a secret: where to exchange the Lambda's AWS credentials for the account's Google token
      DORAFORM_GOOGLE_CREDENTIAL_CONFIG = jsonencode({
        type                              = "external_account"
        audience                          = "//iam.googleapis.com/${google_iam_workload_identity_pool_provider.aws.name}"
        subject_token_type                = "urn:ietf:params:aws:token-type:aws4_request"
        token_url                         = "https://sts.googleapis.com/v1/token"
        service_account_impersonation_url = "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${var.service_account.email}:generateAccessToken"
        credential_source = {
          environment_id                 = "aws1"
          region_url                     = "http://169.254.169.254/latest/meta-data/placement/availability-zone"
          url                            = "http://169.254.169.254/latest/meta-data/iam/security-credentials"
          regional_cred_verification_url = "https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15"
        }
      })
    }
  }

  depends_on = [aws_iam_role_policy_attachment.lambda_logs, aws_iam_role_policy.lambda_secrets]
}

resource "aws_apigatewayv2_api" "webhooks" {
  name          = var.function_name
  description   = "doraform webhook receiver"
  protocol_type = "HTTP"
  tags          = var.tags
}

resource "aws_apigatewayv2_integration" "webhooks" {
  api_id                 = aws_apigatewayv2_api.webhooks.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.webhooks.invoke_arn
  payload_format_version = "2.0"
}

# the receiver answers 404 and 405 itself; the gateway only forwards what can be a delivery
resource "aws_apigatewayv2_route" "webhooks" {
  api_id    = aws_apigatewayv2_api.webhooks.id
  route_key = "POST /webhooks/{endpoint}"
  target    = "integrations/${aws_apigatewayv2_integration.webhooks.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.webhooks.id
  name        = "$default"
  auto_deploy = true
  tags        = var.tags
}

resource "aws_lambda_permission" "api_gateway" {
  statement_id  = "api-gateway-invoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.webhooks.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.webhooks.execution_arn}/*/*"
}

resource "google_iam_workload_identity_pool" "aws" {
  project                   = var.project_id
  workload_identity_pool_id = "aws-lambda"
  display_name              = "AWS Lambda"
  description               = "The doraform webhook receiver's Lambda role"
}

resource "google_iam_workload_identity_pool_provider" "aws" {
  project                            = var.project_id
  workload_identity_pool_id          = google_iam_workload_identity_pool.aws.workload_identity_pool_id
  workload_identity_pool_provider_id = "aws"
  display_name                       = "AWS account ${local.account_id}"

  # Google's default mapping for AWS: the role of an assumed-role session, without the session name
  attribute_mapping = {
    "google.subject"     = "assertion.arn"
    "attribute.aws_role" = "assertion.arn.contains('assumed-role') ? assertion.arn.extract('{account_arn}assumed-role/') + 'assumed-role/' + assertion.arn.extract('assumed-role/{role_name}/') : assertion.arn"
  }
  # sessions of any other role of the account are refused before any binding is looked at
  attribute_condition = "assertion.arn.startsWith('${local.lambda_aws_role}/')"

  aws {
    account_id = local.account_id
  }
}

resource "google_service_account_iam_member" "lambda_workload_identity" {
  service_account_id = var.service_account.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.aws.name}/attribute.aws_role/${local.lambda_aws_role}"
}
