import { BigQueryDeliveryWriter } from "./bigquery-writer.ts";
import { createWebhookHandler, DEFAULT_MAX_BODY_BYTES, webhookSecretsFromEnv, type WebhookRequest, type WebhookResponse } from "./handler.ts";
import { lambdaEnvironment } from "./lambda-environment.ts";

/** The parts of an API Gateway HTTP API (payload format 2.0) event the receiver reads. */
export interface HttpApiEvent {
  rawPath: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { http: { method: string } };
}

export interface HttpApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Adapts the webhook handler to API Gateway HTTP API events (payload format 2.0). */
export function lambdaAdapter(handle: (request: WebhookRequest) => Promise<WebhookResponse>): (event: HttpApiEvent) => Promise<HttpApiResult> {
  return async (event) => {
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    const body = Buffer.from(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
    let response: WebhookResponse;
    try {
      response = await handle({ method: event.requestContext.http.method, path: event.rawPath, headers, body });
    } catch (error) {
      console.error(`webhook not landed: ${error instanceof Error ? error.message : String(error)}`);
      response = { status: 500, body: { status: "error", message: "not landed, retry" } };
    }
    return { statusCode: response.status, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(response.body) };
  };
}

let deployed: ((event: HttpApiEvent) => Promise<HttpApiResult>) | undefined;

/**
 * The Lambda entry point: secrets from the environment (or AWS Secrets Manager, and Google credentials
 * through Workload Identity Federation: lambda-environment.ts), deliveries written to BigQuery through
 * the Storage Write API, in GOOGLE_CLOUD_PROJECT and dataset DORAFORM_RAW_DATASET (default
 * airbyte_internal; a Lambda has no checkout to read workflow_settings.yaml from). Built on the
 * first event and kept for the container's life.
 */
export async function handler(event: HttpApiEvent): Promise<HttpApiResult> {
  if (!deployed) {
    Object.assign(process.env, await lambdaEnvironment(process.env));
    const projectId = process.env.GOOGLE_CLOUD_PROJECT;
    if (!projectId) throw new Error("GOOGLE_CLOUD_PROJECT is not set: the BigQuery project the webhooks land in");
    const writer = new BigQueryDeliveryWriter({ projectId, dataset: process.env.DORAFORM_RAW_DATASET || "airbyte_internal" });
    deployed = lambdaAdapter(createWebhookHandler({ secrets: webhookSecretsFromEnv(process.env), writer, maxBodyBytes: DEFAULT_MAX_BODY_BYTES }));
  }
  return deployed(event);
}
