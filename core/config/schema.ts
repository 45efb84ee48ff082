import type { Service, Settings } from "../catalog.ts";

/** `sources.github`: which repositories to read and how to sign in (secrets by the name of their variable). */
export interface GitHubSourceConfig {
  organizations?: string[];
  repositories?: string[];
  api_url?: string;
  graphql_url?: string;
  /** The variable holding a token; default GITHUB_TOKEN. */
  token_env?: string;
  app_id?: string;
  app_installation_id?: string;
  /** The variable holding the App's PEM private key. */
  app_private_key_env?: string;
  start_date?: string;
  concurrency?: number;
  rate_limit_reserve?: number;
  rate_limit_max_wait_seconds?: number;
  /** The variable holding the secret GitHub signs webhook deliveries with (`webhooks serve | register`); default GITHUB_WEBHOOK_SECRET. */
  webhook_secret_env?: string;
}

export interface PagerDutySourceConfig {
  api_url?: string;
  /** The variable holding the REST API key; default PAGERDUTY_TOKEN. */
  token_env?: string;
  service_ids?: string[];
  start_date?: string;
  lookback_days?: number;
  concurrency?: number;
  /** The variable holding the v3 subscription's signing secret (`webhooks serve`); default PAGERDUTY_WEBHOOK_SECRET. */
  webhook_secret_env?: string;
}

export interface JiraSourceConfig {
  base_url?: string;
  /** The variables holding the account's email and API token; default JIRA_EMAIL and JIRA_API_TOKEN. */
  email_env?: string;
  api_token_env?: string;
  project_key?: string;
  issue_type?: string;
  jql?: string;
  start_date?: string;
  page_size?: number;
  concurrency?: number;
}

/** The generic reports `webhooks serve` takes (POST /webhooks/deployments and /incidents). */
export interface WebhooksSourceConfig {
  /** The variable holding their bearer token; default DORAFORM_WEBHOOK_TOKEN. */
  token_env?: string;
}

export interface SourcesConfig {
  github?: GitHubSourceConfig;
  pagerduty?: PagerDutySourceConfig;
  jira?: JiraSourceConfig;
  webhooks?: WebhooksSourceConfig;
}

/** A team of the catalog; listing teams lets a typo in a service's `team` fail instead of making a new team. */
export interface TeamConfig {
  name: string;
  /** GitHub team slugs whose repositories the team owns (what `doraform init` read ownership from). */
  github_teams?: string[];
}

/** Analysts' corrections (docs/metrics.md, Overrides): the shape includes/overrides.js reads. */
export interface OverridesConfig {
  exclude_deployments?: string[];
  incident_links?: Array<{ incident_id: string; deployment_id: string }>;
  not_caused_by_change?: string[];
  exclude_pull_request_authors?: string[];
  exclude_pull_request_labels?: string[];
}

/** One quarterly target, as the targets file writes it (report/targets.example.yaml). */
export interface TargetConfig {
  quarter: string;
  metric: string;
  scope?: "organisation" | "team" | "service";
  name?: string;
  target: string | number;
}

/** doraform.yaml: everything a team configures, in one file (docs/configuration.md). */
export interface DoraformConfig {
  sources: SourcesConfig;
  services: Service[];
  teams: TeamConfig[];
  settings: Settings;
  targets: TargetConfig[];
  overrides: OverridesConfig;
}

const strings = { type: "array", items: { type: "string", minLength: 1 } } as const;
/** The name of an environment variable: a pasted secret fails here and is never echoed. */
const envName = { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$", envName: true } as const;
const url = { type: "string", format: "http-url" } as const;
const date = { type: "string", format: "date" } as const;
const positive = { type: "integer", minimum: 1 } as const;
const repository = { type: "string", pattern: "^[\\w.-]+/[\\w.-]+$" } as const;
const fieldId = { type: ["string", "null"], pattern: "^[A-Za-z_][A-Za-z0-9_]*$" } as const;
const regex = { type: "string", format: "regex" } as const;

const object = (properties: Record<string, unknown>, required: string[] = []) => ({ type: "object", additionalProperties: false, properties, required });

/** The JSON schema of doraform.yaml, checked with ajv; core/config/load.ts maps its errors to lines. */
export const CONFIG_SCHEMA = object({
  sources: object({
    github: object({
      organizations: strings,
      repositories: { type: "array", items: repository },
      api_url: url,
      graphql_url: url,
      token_env: envName,
      app_id: { type: "string", minLength: 1 },
      app_installation_id: { type: "string", minLength: 1 },
      app_private_key_env: envName,
      start_date: date,
      concurrency: positive,
      rate_limit_reserve: { type: "integer", minimum: 0 },
      rate_limit_max_wait_seconds: { type: "integer", minimum: 0 },
      webhook_secret_env: envName,
    }),
    pagerduty: object({ api_url: url, token_env: envName, service_ids: strings, start_date: date, lookback_days: positive, concurrency: positive, webhook_secret_env: envName }),
    jira: object({
      base_url: url,
      email_env: envName,
      api_token_env: envName,
      project_key: { type: "string", minLength: 1 },
      issue_type: { type: "string", minLength: 1 },
      jql: { type: "string", minLength: 1 },
      start_date: date,
      page_size: { type: "integer", minimum: 1, maximum: 100 },
      concurrency: positive,
    }),
    webhooks: object({ token_env: envName }),
  }),
  services: {
    type: "array",
    items: object(
      {
        name: { type: "string", minLength: 1 },
        team: { type: "string", minLength: 1 },
        repository,
        deploy_workflows: strings,
        deploy_job: { type: "string", minLength: 1 },
        path_prefixes: strings,
        pagerduty_service_ids: strings,
        jira_components: strings,
        github_deployments_environment: { type: "string", minLength: 1 },
      },
      ["name", "team", "repository"],
    ),
  },
  teams: { type: "array", items: object({ name: { type: "string", minLength: 1 }, github_teams: strings }, ["name"]) },
  settings: object({
    deploy_workflow_pattern: regex,
    release_branch_pattern: regex,
    production_environment_pattern: regex,
    custom_field_name: { type: "string", minLength: 1 },
    window_rule_enabled: { type: "boolean" },
    window_rule_hours: { type: "number", exclusiveMinimum: 0 },
    report_year: { type: "integer", minimum: 2000 },
    min_sample: positive,
    min_link_coverage: { type: "number", minimum: 0, maximum: 1 },
    bot_logins: strings,
    jira_deployment_field: fieldId,
    jira_service_field: fieldId,
    jira_cross_reference_field: fieldId,
  }),
  targets: {
    type: "array",
    items: object(
      {
        quarter: { type: "string", pattern: "^\\d{4}-Q[1-4]$" },
        metric: { type: "string", minLength: 1 },
        scope: { enum: ["organisation", "team", "service"] },
        name: { type: "string", minLength: 1 },
        target: { type: ["string", "number"] },
      },
      ["quarter", "metric", "target"],
    ),
  },
  overrides: object({
    exclude_deployments: strings,
    incident_links: {
      type: "array",
      items: object({ incident_id: { type: "string", minLength: 1 }, deployment_id: { type: "string", minLength: 1 } }, ["incident_id", "deployment_id"]),
    },
    not_caused_by_change: strings,
    exclude_pull_request_authors: strings,
    exclude_pull_request_labels: strings,
  }),
});
