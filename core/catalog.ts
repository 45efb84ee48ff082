import { createRequire } from "node:module";
import * as path from "node:path";
import { loadConfig } from "./config/load.ts";
import { UserError } from "./errors.ts";

/** The metric knobs (doraform.yaml `settings:`): the defaults (includes/catalog_defaults.js) apply where a key is absent. */
export interface Settings {
  /** Regex over the workflow file name (not the path); catalog entries name their own. */
  deploy_workflow_pattern?: string;
  /** Regex over head_branch besides the default branch. */
  release_branch_pattern?: string;
  /** Regex over a GitHub deployment's environment. */
  production_environment_pattern?: string;
  /** PagerDuty incident custom field naming the causing deployment; default `deployment_id`. */
  custom_field_name?: string;
  /** The `window` link rule: off by default. */
  window_rule_enabled?: boolean;
  window_rule_hours?: number;
  /** State of DevOps report year used for levels; default 2024. */
  report_year?: number;
  /** Below this sample size no level is given; default 5. */
  min_sample?: number;
  /** Below this share of incidents linked to a cause, change failure rate gets a warning, not a level; default 0.25. */
  min_link_coverage?: number;
  /** Pull request authors excluded from changes (bots). */
  bot_logins?: string[];
  /** Jira custom field id naming the causing deployment (e.g. "customfield_10050"); none by default. */
  jira_deployment_field?: string;
  /** Jira custom field id whose value is a catalog service name; default: the components. */
  jira_service_field?: string;
  /** Jira custom field id holding the PagerDuty incident id of the same incident (cross-reference). */
  jira_cross_reference_field?: string;
}

/** One service of the catalog (doraform.yaml `services:`). */
export interface Service {
  name: string;
  team: string;
  /** "owner/name" */
  repository: string;
  /** Workflow file paths of its deploy workflow(s), e.g. ".github/workflows/deploy-api.yml". */
  deploy_workflows: string[];
  /** Job whose completion is the deployment's finish; default the run's last job to complete. */
  deploy_job?: string;
  /** Monorepo: the service's path prefixes ("services/api/"); absent = the whole repository. */
  path_prefixes?: string[];
  /** PagerDuty service ids mapped to this service. */
  pagerduty_service_ids: string[];
  /** Jira component names mapped to this service. */
  jira_components?: string[];
  /** Whether the service is also deployed through the GitHub Deployments API (production environment). */
  github_deployments_environment?: string;
}

/** The service catalog and the metric knobs, as includes/catalog.js resolves them for the models. */
export interface ModelCatalog {
  services: Service[];
  settings: Settings;
}

/** The defaults every knob has (the Jira fields have none: null). */
export type DefaultSettings = Settings & Required<Pick<Settings, "deploy_workflow_pattern" | "release_branch_pattern" | "production_environment_pattern" | "min_link_coverage">>;

interface CatalogInclude {
  resolveCatalog(vars: Record<string, unknown>, data: unknown, defaults: unknown): ModelCatalog;
}

/**
 * The catalog the models apply with the given Dataform vars, resolved by the project's own
 * includes/catalog.js from doraform.yaml (which the models read as includes/generated/doraform.json,
 * kept in sync by `doraform config sync`) and includes/catalog_defaults.js, so the extractors apply
 * the same catalog and knobs as the models (one place an analyst edits).
 */
export function readModelCatalog(includesDir: string, vars: Record<string, unknown>, data: Pick<ModelCatalog, "services" | "settings"> = loadConfig().config): ModelCatalog {
  const file = path.join(includesDir, "catalog.js");
  try {
    return (createRequire(file)(file) as CatalogInclude).resolveCatalog(vars, data, defaultSettings(includesDir));
  } catch (error) {
    throw new UserError(`cannot read the service catalog in ${includesDir}: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** The knobs' defaults (includes/catalog_defaults.js): data only, read as it stands. */
export function defaultSettings(includesDir: string): DefaultSettings {
  const file = path.join(includesDir, "catalog_defaults.js");
  return createRequire(file)(file) as DefaultSettings;
}
