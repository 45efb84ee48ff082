// doraform.yaml `sources:` is the sources' own settings (their specs), with each secret named by its
// variable and the catalog's knobs (deploy workflows, patterns, Jira fields) read from the catalog:
// a setting added to a source must be added to the file's schema too.
import { describe, expect, it } from "vitest";
import { CONFIG_SCHEMA } from "../../core/config/schema.ts";
import { parseConfig } from "../../core/config/load.ts";
import { githubSpec } from "../../ingest/github/config.ts";
import { jiraSpec } from "../../ingest/jira/config.ts";
import { pagerdutySpec } from "../../ingest/pagerduty/config.ts";
import { RECEIVER_KEYS, yamlSourceSettings } from "../../ingest/doraform-sources.ts";

const FROM_THE_CATALOG = ["deploy_workflow_pattern", "deploy_workflows", "release_branch_pattern", "production_environment_pattern", "custom_fields"];
const sourcesSchema = CONFIG_SCHEMA.properties.sources as unknown as { properties: Record<string, { properties: object }> };

describe("doraform.yaml sources:", () => {
  it.each([
    ["github", githubSpec],
    ["pagerduty", pagerdutySpec],
    ["jira", jiraSpec],
  ])("%s: every setting of the source's spec, a secret as the name of its variable, and the webhook receiver's", (name, spec) => {
    const specKeys = Object.entries(spec.connectionSpecification.properties as Record<string, { airbyte_secret?: boolean }>)
      .filter(([key]) => !FROM_THE_CATALOG.includes(key))
      .map(([key, property]) => (property.airbyte_secret || key === "email" ? `${key}_env` : key));
    expect(Object.keys(sourcesSchema.properties[name]!.properties).sort()).toEqual([...specKeys, ...(RECEIVER_KEYS[name] ?? [])].sort());
  });

  it("hands a source its settings with the secrets read from the variables named, and leaves out one not set", () => {
    const loaded = parseConfig("sources:\n  jira:\n    base_url: https://acme.atlassian.net\n    email_env: OPS_EMAIL\n    api_token_env: OPS_TOKEN\n");
    expect(yamlSourceSettings(loaded, "jira", { OPS_EMAIL: "ops@acme.example", OPS_TOKEN: "t0k" })).toEqual({ base_url: "https://acme.atlassian.net", email: "ops@acme.example", api_token: "t0k" });
    expect(yamlSourceSettings(loaded, "jira", { OPS_EMAIL: "ops@acme.example" })).toEqual({ base_url: "https://acme.atlassian.net", email: "ops@acme.example" });
    expect(yamlSourceSettings(loaded, "github", {})).toEqual({});
    // the receiver's secret is not the sync's
    const receiver = parseConfig("sources:\n  github:\n    token_env: GH\n    webhook_secret_env: HOOK\n");
    expect(yamlSourceSettings(receiver, "github", { GH: "t", HOOK: "h" })).toEqual({ token: "t" });
  });
});
