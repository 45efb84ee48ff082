import type { Organisation } from "../model/organisation.ts";

/** The metric knobs with their defaults filled in (docs/metrics.md, Services). */
export interface ResolvedSettings {
  deployWorkflowPattern: RegExp;
  releaseBranchPattern: RegExp;
  productionEnvironmentPattern: RegExp;
  customFieldName: string;
  windowRuleEnabled: boolean;
  windowRuleHours: number;
  reportYear: number;
  minSample: number;
  /** Below this share of incidents linked, change failure rate gets a warning, not a level (decision 65). */
  minLinkCoverage: number;
  botLogins: Set<string>;
  /** Jira custom field ids (null: not configured): the causing deployment, a service name, the PagerDuty incident id. */
  jiraDeploymentField: string | null;
  jiraServiceField: string | null;
  jiraCrossReferenceField: string | null;
}

export function resolveSettings(org: Organisation): ResolvedSettings {
  const settings = org.settings ?? {};
  return {
    deployWorkflowPattern: new RegExp(settings.deploy_workflow_pattern ?? "^deploy"),
    releaseBranchPattern: new RegExp(settings.release_branch_pattern ?? "^release/"),
    productionEnvironmentPattern: new RegExp(settings.production_environment_pattern ?? "^prod(uction)?$"),
    customFieldName: settings.custom_field_name ?? "deployment_id",
    windowRuleEnabled: settings.window_rule_enabled ?? false,
    // docs/metrics.md decision 27
    windowRuleHours: settings.window_rule_hours ?? 24,
    reportYear: settings.report_year ?? 2024,
    minSample: settings.min_sample ?? 5,
    minLinkCoverage: settings.min_link_coverage ?? 0.25,
    botLogins: new Set(settings.bot_logins ?? []),
    jiraDeploymentField: settings.jira_deployment_field ?? null,
    jiraServiceField: settings.jira_service_field ?? null,
    jiraCrossReferenceField: settings.jira_cross_reference_field ?? null,
  };
}
