import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { GoogleAuth } from "google-auth-library";
import { afterEach, describe, expect, it } from "vitest";
import { lambdaEnvironment } from "../../ingest/webhooks/lambda-environment.ts";
import { json, startStub, type StubRequest } from "../ingest/stub-server.ts";

const AWS = { AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", AWS_SESSION_TOKEN: "session-token" };
const ARN = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const hmac = (key: string | Buffer, text: string) => createHmac("sha256", key).update(text).digest();

/** Whether a request carries a valid AWS Signature Version 4 for the secret key, recomputed here from AWS's description of the algorithm. */
function validSignature(request: StubRequest, secretKey: string): boolean {
  const match = /^AWS4-HMAC-SHA256 Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(String(request.headers.authorization));
  if (!match) return false;
  const [, date, region, service, signedHeaders, signature] = match;
  const canonicalHeaders = signedHeaders.split(";").map((name) => `${name}:${String(request.headers[name]).trim()}\n`).join("");
  const canonicalRequest = [request.method, new URL(request.url, "http://stub").pathname, "", canonicalHeaders, signedHeaders, sha256(request.body)].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", String(request.headers["x-amz-date"]), scope, sha256(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, date), region), service), "aws4_request");
  return hmac(key, stringToSign).toString("hex") === signature;
}

const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** AWS Secrets Manager's GetSecretValue on loopback: answers only correctly signed requests. */
async function secretsManager(values: Record<string, string | undefined>) {
  const stub = await startStub((request, response) => {
    if (request.headers["x-amz-target"] !== "secretsmanager.GetSecretValue" || !validSignature(request, AWS.AWS_SECRET_ACCESS_KEY) || request.headers["x-amz-security-token"] !== AWS.AWS_SESSION_TOKEN) {
      return json(response, 400, { __type: "com.amazonaws.secretsmanager#AccessDeniedException", message: "bad signature" });
    }
    const { SecretId } = JSON.parse(request.body) as { SecretId: string };
    if (!(SecretId in values)) return json(response, 400, { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." });
    const value = values[SecretId];
    if (value === undefined) return json(response, 400, { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT" });
    json(response, 200, { ARN: SecretId, Name: "x", SecretString: value, VersionStages: ["AWSCURRENT"] });
  });
  closers.push(stub.close);
  return stub;
}

describe("the Lambda's environment", () => {
  it("reads each secret from AWS Secrets Manager with the function's credentials, and leaves a secret with no value yet unset", async () => {
    const stub = await secretsManager({ [ARN("github")]: "gh-secret", [ARN("pagerduty")]: undefined, [ARN("token")]: "bearer-token" });
    const added = await lambdaEnvironment({
      ...AWS,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: stub.url,
      GITHUB_WEBHOOK_SECRET_ARN: ARN("github"),
      PAGERDUTY_WEBHOOK_SECRET_ARN: ARN("pagerduty"),
      DORAFORM_WEBHOOK_TOKEN_ARN: ARN("token"),
    });
    expect(added).toEqual({ GITHUB_WEBHOOK_SECRET: "gh-secret", DORAFORM_WEBHOOK_TOKEN: "bearer-token" });
    expect(stub.requests).toHaveLength(3);
  });

  it("fails naming the secret when AWS refuses, without the credentials in the message", async () => {
    const stub = await secretsManager({ [ARN("github")]: "gh-secret" });
    const wrongKey = lambdaEnvironment({ ...AWS, AWS_SECRET_ACCESS_KEY: "not-the-key", AWS_ENDPOINT_URL_SECRETS_MANAGER: stub.url, GITHUB_WEBHOOK_SECRET_ARN: ARN("github") });
    await expect(wrongKey).rejects.toThrow(`reading ${ARN("github")}: AWS Secrets Manager answered 400 com.amazonaws.secretsmanager#AccessDeniedException bad signature`);
    await expect(lambdaEnvironment({ GITHUB_WEBHOOK_SECRET_ARN: ARN("github") })).rejects.toThrow(/AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set/);
  });

  it("points Google's client library at the Workload Identity Federation configuration, which trades the AWS credentials for the account's token", async () => {
    const sts: StubRequest[] = [];
    const google = await startStub((request, response) => {
      if (request.url.startsWith("/v1/token")) {
        sts.push(request);
        return json(response, 200, { access_token: "federated", issued_token_type: "urn:ietf:params:oauth:token-type:access_token", token_type: "Bearer", expires_in: 3600 });
      }
      if (request.url.includes(":generateAccessToken") && request.headers.authorization === "Bearer federated") {
        return json(response, 200, { accessToken: "account-token", expireTime: new Date(Date.now() + 3_600_000).toISOString() });
      }
      json(response, 403, { error: { message: `stub refuses ${request.url}` } });
    });
    closers.push(google.close);
    // the shape metrics/lambda-receiver writes, with the Google endpoints on loopback
    const audience = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/aws-lambda/providers/aws";
    const config = {
      type: "external_account",
      audience,
      subject_token_type: "urn:ietf:params:aws:token-type:aws4_request",
      token_url: `${google.url}/v1/token`,
      service_account_impersonation_url: `${google.url}/v1/projects/-/serviceAccounts/dora-webhooks-lambda@p.iam.gserviceaccount.com:generateAccessToken`,
      credential_source: {
        environment_id: "aws1",
        region_url: "http://169.254.169.254/latest/meta-data/placement/availability-zone",
        url: "http://169.254.169.254/latest/meta-data/iam/security-credentials",
        regional_cred_verification_url: "https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15",
      },
    };
    const added = await lambdaEnvironment({ DORAFORM_GOOGLE_CREDENTIAL_CONFIG: JSON.stringify(config) });
    expect(JSON.parse(readFileSync(added.GOOGLE_APPLICATION_CREDENTIALS, "utf8"))).toEqual(config);

    const saved = { ...process.env };
    Object.assign(process.env, AWS, added);
    try {
      const client = await new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/bigquery"], projectId: "p" }).getClient();
      expect((await client.getAccessToken()).token).toBe("account-token");
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
    // Google's STS got the audience and a GetCallerIdentity request signed for the Lambda's region (AWS's own metadata server never asked)
    const form = new URLSearchParams(sts[0].body);
    expect(form.get("audience")).toBe(audience);
    expect(form.get("subject_token_type")).toBe("urn:ietf:params:aws:token-type:aws4_request");
    const subject = JSON.parse(decodeURIComponent(form.get("subject_token") ?? "")) as { url: string; headers: Array<{ key: string; value: string }> };
    expect(subject.url).toBe("https://sts.eu-west-1.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15");
    expect(subject.headers.find((h) => h.key.toLowerCase() === "x-goog-cloud-target-resource")?.value).toBe(audience);
  });
});
