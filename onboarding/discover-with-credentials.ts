import type { LoadedConfig } from "../core/config/load.ts";
import type { Discovery } from "../core/discovery.ts";
import { yamlSourceSettings } from "../ingest/doraform-sources.ts";
import { parseGitHubConfig } from "../ingest/github/config.ts";
import { parseJiraConfig } from "../ingest/jira/config.ts";
import { parsePagerDutyConfig } from "../ingest/pagerduty/config.ts";
import { SourceError } from "../ingest/protocol/errors.ts";
import { discoverCatalog, type DiscoveryOptions } from "./discovery/index.ts";

const NOTHING: Discovery = { services: [], undecided: [] };

/** A source's settings as ingest resolves them (doraform.yaml, then the environment), or undefined without credentials. */
function resolved<T>(parse: (raw: unknown, env: NodeJS.ProcessEnv) => T, raw: Record<string, unknown>, env: NodeJS.ProcessEnv): T | undefined {
  try {
    return parse(raw, env);
  } catch (error) {
    if (error instanceof SourceError) return undefined;
    throw error;
  }
}

/**
 * What `doraform init` discovers with the credentials `ingest` would use: GitHub (required),
 * PagerDuty and Jira when they have credentials too (Jira also needs `project_key`).
 */
export async function discoverWithCredentials(loaded: LoadedConfig, env: NodeJS.ProcessEnv, log: (message: string) => void): Promise<Discovery> {
  const github = resolved(parseGitHubConfig, yamlSourceSettings(loaded, "github", env), env);
  if (!github) {
    log("init: no GitHub credentials (GITHUB_TOKEN, or a GitHub App in doraform.yaml sources:): the catalog is not discovered");
    return NOTHING;
  }
  const options: DiscoveryOptions = {
    github: { apiUrl: github.apiUrl, credentials: github.credentials, organizations: github.organizations, repositories: github.repositories },
    log,
  };
  const pagerduty = resolved(parsePagerDutyConfig, yamlSourceSettings(loaded, "pagerduty", env), env);
  if (pagerduty) options.pagerduty = { apiUrl: pagerduty.apiUrl, token: pagerduty.token };
  const jiraSettings = yamlSourceSettings(loaded, "jira", env);
  const jira = typeof jiraSettings.project_key === "string" ? resolved(parseJiraConfig, jiraSettings, env) : undefined;
  if (jira) options.jira = { baseUrl: jira.baseUrl, email: jira.email, apiToken: jira.apiToken, projectKeys: [jiraSettings.project_key as string] };
  log(`init: discovering the catalog from GitHub${pagerduty ? ", PagerDuty" : ""}${jira ? " and Jira" : ""}`);
  return discoverCatalog(options);
}
