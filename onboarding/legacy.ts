import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as vm from "node:vm";
import { parse } from "yaml";
import type { Service, Settings } from "../core/catalog.ts";
import type { OverridesConfig, SourcesConfig, TargetConfig } from "../core/config/schema.ts";
import { UserError } from "../core/errors.ts";

/** What the files doraform.yaml replaces held, and what of it could not be carried over (one line each). */
export interface LegacyConfig {
  services: Service[];
  settings: Settings;
  overrides: OverridesConfig;
  sources: SourcesConfig;
  targets: TargetConfig[];
  notes: string[];
}

export function emptyLegacy(): LegacyConfig {
  return { services: [], settings: {}, overrides: {}, sources: {}, targets: [], notes: [] };
}

/** Runs a CommonJS include as Dataform would, with the globals it reads at load, and returns its exported data. */
function evaluate(file: string, globals: Record<string, unknown>): unknown {
  const module = { exports: {} as unknown };
  try {
    vm.runInNewContext(fs.readFileSync(file, "utf8"), { ...globals, module, exports: module.exports, require: createRequire(file) }, { filename: file });
  } catch (error) {
    throw new UserError(`init: cannot read ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  // as plain data of this realm: values made in the include's context compare unequal to ours
  return JSON.parse(JSON.stringify(module.exports)) as unknown;
}

/** includes/catalog_data.js: `{services, settings}`. */
export function readLegacyCatalog(file: string): Pick<LegacyConfig, "services" | "settings"> {
  const data = evaluate(file, {}) as { services?: Service[]; settings?: Settings };
  return { services: data.services ?? [], settings: data.settings ?? {} };
}

/** includes/overrides.js: its lists (the Dataform var overrides_json unset), the empty ones left out. */
export function readLegacyOverrides(file: string): OverridesConfig {
  const catalog = { inList: () => "false", literal: (value: unknown) => String(value) };
  const { lists } = evaluate(file, { dataform: { projectConfig: { vars: {} } }, catalog }) as { lists: Record<string, unknown[]> };
  return Object.fromEntries(Object.entries(lists).filter(([, list]) => list.length > 0)) as OverridesConfig;
}

/** A targets file's list (report/targets.example.yaml's shape). */
export function readLegacyTargets(file: string): TargetConfig[] {
  return ((parse(fs.readFileSync(file, "utf8")) as { targets?: TargetConfig[] } | null)?.targets ?? []);
}

/** Keys an ingest config section holds that doraform.yaml `sources:` writes the same way. */
const SOURCE_KEYS: Record<string, string[]> = {
  github: ["organizations", "repositories", "api_url", "graphql_url", "app_id", "app_installation_id", "start_date", "concurrency"],
  pagerduty: ["api_url", "service_ids", "start_date", "lookback_days", "concurrency"],
  jira: ["base_url", "project_key", "issue_type", "jql", "start_date", "page_size", "concurrency"],
};
/** Secrets: never copied; the file names the variable instead. */
const SECRET_KEYS: Record<string, Record<string, string>> = {
  github: { token: "token_env", app_private_key: "app_private_key_env" },
  pagerduty: { token: "token_env" },
  jira: { email: "email_env", api_token: "api_token_env" },
};
const SETTING_KEYS = ["deploy_workflow_pattern", "release_branch_pattern", "production_environment_pattern"] as const;

/**
 * An ingest config (`ingest --config`): the source settings go to `sources:`, the patterns to
 * `settings:`, the deploy workflows onto the catalog entries of their repository. A secret is not
 * copied: a note says which variable to set instead.
 */
export function readLegacyIngest(file: string, catalog: Pick<LegacyConfig, "services" | "settings">): LegacyConfig {
  const doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as Record<string, Record<string, unknown> | null>;
  const result: LegacyConfig = { ...emptyLegacy(), services: structuredClone(catalog.services), settings: { ...catalog.settings } };
  for (const [source, section] of Object.entries(doc)) {
    if (!section || !SOURCE_KEYS[source]) continue;
    const target: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(section)) {
      if (SOURCE_KEYS[source]!.includes(key)) target[key] = value;
      else if (SECRET_KEYS[source]?.[key]) result.notes.push(`${file}: ${source}.${key} holds a secret, not copied: put it in an environment variable and name it with sources.${source}.${SECRET_KEYS[source][key]}`);
      else if (source === "github" && (SETTING_KEYS as readonly string[]).includes(key)) {
        result.settings[key as (typeof SETTING_KEYS)[number]] ??= value as string;
      } else if (source === "github" && key === "deploy_workflows") {
        result.notes.push(...attachWorkflows(result.services, value as Array<{ repository: string; path: string; job?: string }>, file));
      } else if (source === "jira" && key === "custom_fields") {
        result.notes.push(`${file}: jira.custom_fields not copied: the Jira fields landed are the settings jira_deployment_field, jira_service_field and jira_cross_reference_field`);
      } else result.notes.push(`${file}: ${source}.${key} not copied (doraform.yaml has no such source setting)`);
    }
    (result.sources as Record<string, unknown>)[source] = target;
  }
  return result;
}

/** Puts each deploy workflow on the catalog entry of its repository; one the catalog lacks is a note. */
function attachWorkflows(services: Service[], workflows: Array<{ repository: string; path: string; job?: string }>, file: string): string[] {
  const notes: string[] = [];
  for (const workflow of workflows ?? []) {
    const owners = services.filter((service) => service.repository === workflow.repository);
    if (owners.length !== 1) {
      notes.push(`${file}: deploy workflow ${workflow.path} of ${workflow.repository}: ${owners.length === 0 ? "no service of that repository" : "several services of that repository"}; add it to a service's deploy_workflows`);
      continue;
    }
    const service = owners[0]!;
    service.deploy_workflows = [...new Set([...(service.deploy_workflows ?? []), workflow.path])];
    if (workflow.job) service.deploy_job ??= workflow.job;
  }
  return notes;
}
