import { DEFAULT_SETTINGS } from "../catalog-defaults.ts";
import { ConfigReader, defaultStartDate } from "../config-values.ts";
import type { ConnectorSpecification } from "../protocol/messages.ts";
import { configError } from "../protocol/errors.ts";

export type GitHubCredentials =
  | { kind: "token"; token: string }
  | { kind: "app"; appId: string; privateKey: string; installationId: string };

export interface DeployWorkflow {
  repository: string;
  /** ".github/workflows/deploy.yml" */
  path: string;
  /** The job whose completion is the deployment's finish; default the attempt's last job to complete. */
  job?: string;
}

export interface GitHubConfig {
  apiUrl: string;
  graphqlUrl: string;
  credentials: GitHubCredentials;
  /** Explicit "owner/name" list; with organizations, both are read. Neither: every repository the token can list. */
  repositories: string[];
  organizations: string[];
  /** ISO timestamp: the first sync backfills from here, and a given one earlier than the landed range backfills the days between. */
  startDate: string;
  /** start_date was set, not the 90-day default: only a given date extends the landed range (docs/extractors.md#extending-the-landed-range). */
  startDateGiven: boolean;
  /** Set only while backfilling: read nothing created (pull requests: updated) from this ISO timestamp on. */
  endDate?: string;
  deployWorkflowPattern: RegExp;
  deployWorkflows: DeployWorkflow[];
  releaseBranchPattern: RegExp;
  productionEnvironmentPattern: RegExp;
  concurrency: number;
  /** Requests (and GraphQL points) of the hour's budget left for other tools sharing the token. */
  rateLimitReserve: number;
  /** How long a sync waits for the budget's reset before it stops and leaves the rest to the next run. */
  rateLimitMaxWaitSeconds: number;
}

/** 2% of a personal token's 5,000 requests an hour, so another tool on the token is never starved. */
const DEFAULT_RATE_LIMIT_RESERVE = 100;
/** Ten minutes: a nightly job may wait that long, not the rest of an hour. */
const DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS = 600;

export const githubSpec: ConnectorSpecification = {
  documentationUrl: "docs/raw-streams.md#github",
  supportsIncremental: true,
  protocol_version: "0.2.0",
  connectionSpecification: {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "doraform GitHub source",
    type: "object",
    additionalProperties: false,
    properties: {
      api_url: { type: "string", description: "REST API root; GitHub Enterprise Server: https://HOST/api/v3. Default GITHUB_API_URL, else https://api.github.com." },
      graphql_url: { type: "string", description: "GraphQL endpoint. Default GITHUB_GRAPHQL_URL, else derived from api_url." },
      token: { type: "string", airbyte_secret: true, description: "A token with read access to Actions, deployments, contents and pull requests. Default GITHUB_TOKEN." },
      app_id: { type: "string", description: "GitHub App id (instead of a token)." },
      app_private_key: { type: "string", airbyte_secret: true, description: "The App's PEM private key." },
      app_installation_id: { type: "string", description: "The App installation to act as." },
      repositories: { type: "array", items: { type: "string" }, description: "owner/name of each repository to sync." },
      organizations: { type: "array", items: { type: "string" }, description: "Sync every repository of these organisations." },
      start_date: { type: "string", format: "date", description: "The first sync reads from here. Default 90 days ago." },
      deploy_workflow_pattern: { type: "string", description: `Regex over a workflow's file name marking deploy workflows. Default ${DEFAULT_SETTINGS.deploy_workflow_pattern}.` },
      deploy_workflows: {
        type: "array",
        description: "Deploy workflows named explicitly (besides the pattern), with their deploy job.",
        items: {
          type: "object",
          additionalProperties: false,
          properties: { repository: { type: "string", pattern: "^[\\w.-]+/[\\w.-]+$" }, path: { type: "string", minLength: 1 }, job: { type: "string", minLength: 1 } },
          required: ["repository", "path"],
        },
      },
      release_branch_pattern: { type: "string", description: `Regex over head_branch of deploy runs besides the default branch. Default ${DEFAULT_SETTINGS.release_branch_pattern}.` },
      production_environment_pattern: { type: "string", description: `Regex over a GitHub deployment's environment. Default ${DEFAULT_SETTINGS.production_environment_pattern}.` },
      concurrency: { type: "integer", minimum: 1, description: "Requests in flight at once. Default 1: GitHub asks for serial requests per token, and a request in flight cannot honour another's retry-after." },
      rate_limit_reserve: {
        type: "integer",
        minimum: 0,
        description: `Requests (GraphQL: points) of the hourly budget never spent, left for other tools using the token. Default ${DEFAULT_RATE_LIMIT_RESERVE}.`,
      },
      rate_limit_max_wait_seconds: {
        type: "integer",
        minimum: 0,
        description: `With the budget down to the reserve, wait for a reset at most this long; a later reset ends the sync (exit 0), and the next run goes on. Default ${DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS}.`,
      },
    },
  },
};

export function parseGitHubConfig(raw: unknown, env: NodeJS.ProcessEnv): GitHubConfig {
  const reader = new ConfigReader("github", raw, githubSpec, env);
  const apiUrl = reader.url("api_url", "GITHUB_API_URL", "https://api.github.com", "https://api.github.com")!;
  const graphqlUrl = reader.url("graphql_url", "GITHUB_GRAPHQL_URL", "https://api.github.com/graphql") ?? defaultGraphqlUrl(apiUrl);
  return {
    apiUrl,
    graphqlUrl,
    credentials: credentials(reader),
    repositories: reader.strings("repositories").map((name) => checkRepositoryName(name)),
    organizations: reader.strings("organizations"),
    startDate: reader.date("start_date", defaultStartDate()),
    startDateGiven: reader.optionalString("start_date") !== undefined,
    deployWorkflowPattern: reader.regex("deploy_workflow_pattern", DEFAULT_SETTINGS.deploy_workflow_pattern),
    deployWorkflows: (reader.raw.deploy_workflows as DeployWorkflow[] | undefined) ?? [],
    releaseBranchPattern: reader.regex("release_branch_pattern", DEFAULT_SETTINGS.release_branch_pattern),
    productionEnvironmentPattern: reader.regex("production_environment_pattern", DEFAULT_SETTINGS.production_environment_pattern),
    concurrency: reader.integer("concurrency", 1),
    rateLimitReserve: reader.integer("rate_limit_reserve", DEFAULT_RATE_LIMIT_RESERVE),
    rateLimitMaxWaitSeconds: reader.integer("rate_limit_max_wait_seconds", DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS),
  };
}

/** github.com serves GraphQL at /graphql; Enterprise Server at /api/graphql beside /api/v3. */
function defaultGraphqlUrl(apiUrl: string): string {
  const root = apiUrl.replace(/\/$/, "");
  return root.endsWith("/api/v3") ? `${root.slice(0, -"/v3".length)}/graphql` : `${root}/graphql`;
}

function credentials(reader: ConfigReader): GitHubCredentials {
  const appId = reader.optionalString("app_id");
  if (appId) {
    return {
      kind: "app",
      appId,
      privateKey: reader.string("app_private_key"),
      installationId: reader.string("app_installation_id"),
    };
  }
  const token = reader.secret("token", "GITHUB_TOKEN");
  if (!token) throw configError("github config: no credentials: set GITHUB_TOKEN, or token, or app_id with app_private_key and app_installation_id");
  return { kind: "token", token };
}

function checkRepositoryName(name: string): string {
  if (!/^[\w.-]+\/[\w.-]+$/.test(name)) throw configError(`github config: "repositories" holds "${name}", expected owner/name`);
  return name;
}
