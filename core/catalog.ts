import * as fs from "node:fs";
import * as vm from "node:vm";
import { UserError } from "./errors.ts";

/** The metric knobs (includes/catalog.js `settings`): defaults apply where a key is absent. */
export interface Settings {
  /** Regex over the workflow file name (not the path); default `^deploy`. Catalog entries name their own. */
  deploy_workflow_pattern?: string;
  /** Regex over head_branch besides the default branch; default `^release/`. */
  release_branch_pattern?: string;
  /** Regex over a GitHub deployment's environment; default `^prod(uction)?$`. */
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
  /** Pull request authors excluded from changes (bots). */
  bot_logins?: string[];
  /** Jira custom field id naming the causing deployment (e.g. "customfield_10050"); none by default. */
  jira_deployment_field?: string;
  /** Jira custom field id whose value is a catalog service name; default: the components. */
  jira_service_field?: string;
  /** Jira custom field id holding the PagerDuty incident id of the same incident (cross-reference). */
  jira_cross_reference_field?: string;
}

/** One service of the catalog (includes/catalog.js `services`). */
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

/**
 * Evaluates the project's includes/catalog.js with the given Dataform vars, as Dataform would, so the
 * extractors, the report and the alerts apply the same catalog and knobs as the models (one place an
 * analyst edits). The include is plain Dataform JavaScript: it reads only `dataform.projectConfig.vars`.
 */
export function readModelCatalog(file: string, vars: Record<string, unknown>): ModelCatalog {
  if (!fs.existsSync(file)) return { services: [], settings: {} };
  const sandbox = { module: { exports: {} as Partial<ModelCatalog> }, dataform: { projectConfig: { vars } }, dialect: {} };
  try {
    vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file });
  } catch (error) {
    throw new UserError(`cannot read the service catalog in ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  return { services: sandbox.module.exports.services ?? [], settings: sandbox.module.exports.settings ?? {} };
}
