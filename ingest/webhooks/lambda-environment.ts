import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsRequestSigner } from "google-auth-library";

/** The variables the receiver reads its secrets from; on Lambda, `<NAME>_ARN` names the AWS Secrets Manager secret holding each. */
export const SECRET_VARIABLES = ["GITHUB_WEBHOOK_SECRET", "PAGERDUTY_WEBHOOK_SECRET", "DORAFORM_WEBHOOK_TOKEN"] as const;

/**
 * What the Lambda adds to its environment before the handler is built (metrics/lambda-receiver sets the
 * inputs): each secret read from AWS Secrets Manager with the function's own AWS credentials, and
 * GOOGLE_APPLICATION_CREDENTIALS pointing at the Workload Identity Federation configuration from
 * DORAFORM_GOOGLE_CREDENTIAL_CONFIG (not a secret: it says where to exchange the AWS credentials for a
 * Google token), so the BigQuery clients authenticate with no key file.
 */
export async function lambdaEnvironment(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const added: Record<string, string> = {};
  const config = env.DORAFORM_GOOGLE_CREDENTIAL_CONFIG;
  if (config) {
    const file = join(tmpdir(), "doraform-google-credential-config.json");
    writeFileSync(file, config, { mode: 0o600 });
    added.GOOGLE_APPLICATION_CREDENTIALS = file;
  }
  for (const name of SECRET_VARIABLES) {
    const arn = env[`${name}_ARN`];
    if (!arn) continue;
    const value = await secretValue(arn, env);
    // no value yet: the endpoint answers 503 "unconfigured" until one is put and new containers start
    if (value === undefined) console.error(`${name}: secret ${arn} has no value yet`);
    else added[name] = value;
  }
  return added;
}

/** GetSecretValue over HTTPS, signed with AWS Signature Version 4; undefined when the secret has no current value. */
async function secretValue(arn: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!region || !accessKeyId || !secretAccessKey) throw new Error(`reading ${arn}: AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (Lambda sets them)`);
  // the SDKs' variable for another endpoint (a test's, a VPC endpoint's)
  const endpoint = env.AWS_ENDPOINT_URL_SECRETS_MANAGER || `https://secretsmanager.${region}.amazonaws.com`;
  const signer = new AwsRequestSigner(async () => ({ accessKeyId, secretAccessKey, token: env.AWS_SESSION_TOKEN }), region);
  const request = await signer.getRequestOptions({
    url: `${endpoint.replace(/\/+$/, "")}/`,
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "secretsmanager.GetSecretValue" },
    data: JSON.stringify({ SecretId: arn }),
  });
  const response = await fetch(request.url as string, { method: "POST", headers: request.headers as Headers, body: request.body as string });
  const body = (await response.json().catch(() => ({}))) as { SecretString?: string; __type?: string; message?: string; Message?: string };
  if (response.ok && typeof body.SecretString === "string") return body.SecretString;
  if (body.__type?.endsWith("ResourceNotFoundException") && /staging label/i.test(body.message ?? body.Message ?? "")) return undefined;
  throw new Error(`reading ${arn}: AWS Secrets Manager answered ${response.status} ${body.__type ?? ""} ${body.message ?? body.Message ?? ""}`.trim());
}
