import { UserError } from "../core/errors.ts";
import type { LoadedConfig } from "../core/config/load.ts";
import { sourceSection } from "../core/config/sources.ts";

/** The keys of a doraform.yaml source section that name the variable holding a secret, and the setting each fills. */
const SECRETS: Record<string, Record<string, string>> = {
  github: { token_env: "token", app_private_key_env: "app_private_key" },
  pagerduty: { token_env: "token" },
  jira: { email_env: "email", api_token_env: "api_token" },
};
/** Keys of a source section for the webhook receiver, not the sync (ingest/webhooks/secrets.ts reads them). */
export const RECEIVER_KEYS: Record<string, string[]> = { github: ["webhook_secret_env"], pagerduty: ["webhook_secret_env"] };

/**
 * A source's settings from doraform.yaml `sources:` in the shape its spec reads (ingest/<source>/config.ts):
 * every key as written, except that a secret is read from the variable its `*_env` key names. A named
 * variable that is not set is left out, so the source has no credentials from the file.
 */
export function yamlSourceSettings(loaded: LoadedConfig, source: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const section = sourceSection(loaded, source);
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) {
    if (RECEIVER_KEYS[source]?.includes(key)) continue;
    const secret = SECRETS[source]?.[key];
    if (secret === undefined) settings[key] = value;
    else if (env[value as string]) settings[secret] = env[value as string];
  }
  return settings;
}

/** Names the variables doraform.yaml points a source's secrets to that are not set, as one line (the source was asked for by name). */
export function checkNamedSecrets(loaded: LoadedConfig, source: string, env: NodeJS.ProcessEnv): void {
  const section = sourceSection(loaded, source);
  for (const key of Object.keys(SECRETS[source] ?? {})) {
    const name = section[key] as string | undefined;
    if (name !== undefined && !env[name]) throw new UserError(`${loaded.where(["sources", source, key])}: ${name} is not set`);
  }
}
