import * as path from "node:path";
import { defaultSettings, readModelCatalog, type DefaultSettings } from "../core/catalog.ts";
import { emptyConfig, type LoadedConfig } from "../core/config/load.ts";

const INCLUDES_DIR = path.resolve(import.meta.dirname, "../includes");

/** The knobs' defaults the models apply (includes/catalog_defaults.js): a source's own defaults. */
export const DEFAULT_SETTINGS: DefaultSettings = defaultSettings(INCLUDES_DIR);

/**
 * Source settings the models' service catalog (doraform.yaml, none for the demo, or the var catalog_json) implies, used where the ingest config sets none: the
 * deploy workflows with their deploy job, the patterns, and the Jira custom fields it names. The
 * extractor must pick the same successful deployments as the models (a run whose deploy job succeeded in an attempt whose later job failed is
 * one), or it compares the wrong pairs and the models see unknown contents.
 */
export function catalogSourceDefaults(vars: Record<string, string>, yaml: LoadedConfig | undefined): Record<string, Record<string, unknown>> {
  const { services, settings } = readModelCatalog(INCLUDES_DIR, vars, (yaml ?? { config: emptyConfig() }).config);
  const github: Record<string, unknown> = {
    deploy_workflows: services.flatMap((service) =>
      (service.deploy_workflows ?? []).map((workflow) => ({ repository: service.repository, path: workflow, ...(service.deploy_job ? { job: service.deploy_job } : {}) })),
    ),
  };
  if (settings.deploy_workflow_pattern) github.deploy_workflow_pattern = settings.deploy_workflow_pattern;
  if (settings.release_branch_pattern) github.release_branch_pattern = settings.release_branch_pattern;
  if (settings.production_environment_pattern) github.production_environment_pattern = settings.production_environment_pattern;
  // the models read the catalog's Jira fields: land them
  const jiraFields = [settings.jira_deployment_field, settings.jira_service_field, settings.jira_cross_reference_field].filter((field) => typeof field === "string" && field !== "");
  return { github, jira: { custom_fields: jiraFields } };
}
