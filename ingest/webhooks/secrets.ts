import type { LoadedConfig } from "../../core/config/load.ts";
import { sourceSection } from "../../core/config/sources.ts";

/** The variables holding the receiver's secrets: GitHub's and PagerDuty's signing secrets, the generic reports' bearer token. */
export interface WebhookSecretVariables {
  github: string;
  pagerduty: string;
  token: string;
}

/** The names used before doraform.yaml, still the defaults (and all the Lambda reads: it has no doraform.yaml). */
export const DEFAULT_SECRET_VARIABLES: WebhookSecretVariables = { github: "GITHUB_WEBHOOK_SECRET", pagerduty: "PAGERDUTY_WEBHOOK_SECRET", token: "DORAFORM_WEBHOOK_TOKEN" };

/** The variables doraform.yaml names (`sources.github.webhook_secret_env`, `sources.pagerduty.webhook_secret_env`, `sources.webhooks.token_env`), else the defaults. */
export function webhookSecretVariables(yaml: LoadedConfig): WebhookSecretVariables {
  const named = (source: string, key: string) => sourceSection(yaml, source)[key] as string | undefined;
  return {
    github: named("github", "webhook_secret_env") ?? DEFAULT_SECRET_VARIABLES.github,
    pagerduty: named("pagerduty", "webhook_secret_env") ?? DEFAULT_SECRET_VARIABLES.pagerduty,
    token: named("webhooks", "token_env") ?? DEFAULT_SECRET_VARIABLES.token,
  };
}
