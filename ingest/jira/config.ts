import { ConfigReader, defaultStartDate } from "../config-values.ts";
import type { ConnectorSpecification } from "../protocol/messages.ts";
import { configError } from "../protocol/errors.ts";

export interface JiraConfig {
  /** The site, e.g. https://acme.atlassian.net (the REST paths are below it). */
  baseUrl: string;
  email: string;
  apiToken: string;
  /** Selects the incidents; the source adds its own `updated >=` clause and ORDER BY. */
  jql: string;
  /** Custom field ids requested besides the system fields the models read. */
  customFields: string[];
  startDate: string;
  /** Issues per search page: Jira Cloud answers at most 100 when fields are requested. */
  pageSize: number;
  concurrency: number;
}

const FIELD_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const jiraSpec: ConnectorSpecification = {
  documentationUrl: "docs/raw-streams.md#jira",
  supportsIncremental: true,
  protocol_version: "0.2.0",
  connectionSpecification: {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "doraform Jira source",
    type: "object",
    additionalProperties: false,
    properties: {
      base_url: { type: "string", description: "The Jira Cloud site, e.g. https://acme.atlassian.net. Default JIRA_BASE_URL." },
      email: { type: "string", description: "The Atlassian account's email address (Basic auth user). Default JIRA_EMAIL." },
      api_token: { type: "string", airbyte_secret: true, description: "An Atlassian API token of that account. Default JIRA_API_TOKEN." },
      project_key: { type: "string", description: "The incident project, e.g. OPS (used by the default jql)." },
      issue_type: { type: "string", description: "The issue type of incidents (used by the default jql). Default Incident." },
      jql: {
        type: "string",
        description: 'The JQL that selects incidents, without ORDER BY. Default: project = "<project_key>" AND issuetype = "<issue_type>" (without project_key: every project).',
      },
      custom_fields: { type: "array", items: { type: "string" }, description: "Custom field ids to land (customfield_10050, …). Default: the catalog's jira_* fields." },
      start_date: { type: "string", format: "date", description: "The first sync reads issues updated from here. Default 90 days ago." },
      page_size: { type: "integer", minimum: 1, maximum: 100, description: "Issues per search page. Default 100, Jira Cloud's cap when fields are requested." },
      concurrency: { type: "integer", minimum: 1, description: "Requests in flight at once. Default 1 (the search pages are read one after another anyway)." },
    },
  },
};

/** A JQL string literal. */
export const jqlString = (value: string): string => `"${value.replace(/["\\]/g, "\\$&")}"`;

export function parseJiraConfig(raw: unknown, env: NodeJS.ProcessEnv): JiraConfig {
  const reader = new ConfigReader("jira", raw, jiraSpec, env);
  const baseUrl = reader.url("base_url", "JIRA_BASE_URL", "https://acme.atlassian.net");
  if (!baseUrl) throw configError("jira config: no site: set JIRA_BASE_URL or base_url");
  const email = reader.secret("email", "JIRA_EMAIL");
  const apiToken = reader.secret("api_token", "JIRA_API_TOKEN");
  if (!email || !apiToken) throw configError("jira config: no credentials: set JIRA_EMAIL and JIRA_API_TOKEN (or email and api_token)");
  const project = reader.optionalString("project_key");
  const issueType = reader.optionalString("issue_type") ?? "Incident";
  const jql = reader.optionalString("jql") ?? [project ? `project = ${jqlString(project)}` : undefined, `issuetype = ${jqlString(issueType)}`].filter(Boolean).join(" AND ");
  if (/\border\s+by\b/i.test(jql)) throw configError('jira config: "jql" must not have ORDER BY: the source orders by updated itself');
  const customFields = reader.strings("custom_fields");
  const bad = customFields.find((field) => !FIELD_ID.test(field));
  if (bad !== undefined) throw configError(`jira config: "custom_fields" must hold field ids like customfield_10050, got ${JSON.stringify(bad)}`);
  const pageSize = reader.integer("page_size", 100);
  return {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    email,
    apiToken,
    jql,
    customFields: [...new Set(customFields)],
    startDate: reader.date("start_date", defaultStartDate()),
    pageSize,
    concurrency: reader.integer("concurrency", 1),
  };
}
