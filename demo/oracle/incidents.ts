import type { Incident, JiraIssue, Organisation } from "../model/organisation.ts";
import type { Catalog, CatalogService } from "./catalog.ts";
import type { ChangeIndex } from "./change-index.ts";
import { byFinish, type DeploymentContents } from "./contents.ts";
import type { BaseDeployment, Twins } from "./deployments.ts";
import { jiraIncidents, jiraResolvedAt, jiraUrgency } from "./jira.ts";
import type { IncidentRow, LinkMethod } from "./marts.ts";
import { causeReferences, labelDeploymentId, namesIncident, resolvedByReferences, type RunUrlResolver } from "./references.ts";
import type { ResolvedSettings } from "./settings.ts";
import { isoTimestamp, secondsBetween, toMs } from "./time.ts";
import { sortByText } from "./order.ts";

export interface IncidentFacts {
  incidents: IncidentRow[];
  /** Distinct (incident, reference) pairs naming no successful deployment. */
  danglingReferences: number;
  /** Incidents on a PagerDuty service that maps to no service, and Jira issues of their own on no service. */
  unmapped: number;
  /** Of those, the PagerDuty incidents by the PagerDuty service they came from. */
  unmappedByPagerDutyService: Map<string, number>;
  overrideLinks: number;
  notCausedMarks: number;
  /** Jira issues whose cross-reference names no landed PagerDuty incident. */
  unmatchedCrossReferences: number;
}

export interface IncidentContext {
  org: Organisation;
  catalog: Catalog;
  settings: ResolvedSettings;
  successful: Map<string, BaseDeployment>;
  /** GitHub deployments that count as a run's deployment: a reference to either names the run's. */
  twins: Twins;
  contents: DeploymentContents;
  changes: ChangeIndex;
}

/**
 * The successful deployment a reference names, else undefined (a dangling reference): a twin that
 * counts as another deployment names that one, whatever its own result (decision 53).
 */
function named(context: IncidentContext, id: string): BaseDeployment | undefined {
  return context.successful.get(context.twins.get(id) ?? id);
}

/** With several candidates under one rule: the latest finished at or before the start, else the earliest after it. */
function pick(candidates: BaseDeployment[], startedAt: string): BaseDeployment | undefined {
  const ordered = [...candidates].sort(byFinish);
  const before = ordered.filter((deployment) => toMs(deployment.finished_at) <= toMs(startedAt));
  return before.length > 0 ? before[before.length - 1] : ordered[0];
}

/** An incident of either tool, with the evidence every rule reads (a Jira issue that is the same adds its own). */
interface IncidentInput {
  id: string;
  source: IncidentRow["source"];
  service: CatalogService;
  title: string;
  urgency: string;
  createdAt: string;
  resolvedAt: string | null;
  /** PagerDuty notes (cause references, or `resolved-by:` marks). */
  notes: string[];
  /** Title, description, Jira summaries: may hold `deployment: <id>` and run URLs. */
  texts: string[];
  customFieldIds: string[];
  /** Jira labels `deployment-<id>`: the note rule. */
  labelIds: string[];
  changeEventIds: string[];
  /** The ids a hotfix may name it by: its own, and the keys of Jira issues that are the same incident. */
  names: string[];
}

/** `resolved_at` is the last resolve while the last status change is a resolve (decision 13). */
function resolvedAt(incident: Incident): string | null {
  const last = incident.status_changes[incident.status_changes.length - 1];
  return last?.type === "resolve" ? last.at : null;
}

/** What a Jira issue adds as evidence: its configured deployment field, labels and summary (decision 43). */
function jiraEvidence(issues: JiraIssue[], settings: ResolvedSettings) {
  const field = settings.jiraDeploymentField;
  return {
    texts: issues.map((issue) => issue.summary),
    customFieldIds: issues.flatMap((issue) => (field === null ? [] : [issue.custom_fields[field] ?? ""])).filter((id) => id !== ""),
    labelIds: issues.flatMap((issue) => issue.labels.map(labelDeploymentId)).filter((id): id is string => id !== undefined),
    names: issues.map((issue) => issue.key),
  };
}

/** PagerDuty incidents (not merged, on a mapped service) and Jira incidents of their own, as inputs; and how many were unmapped. */
function incidentInputs(context: IncidentContext): {
  inputs: IncidentInput[];
  unmapped: number;
  unmappedByPagerDutyService: Map<string, number>;
  unmatchedCrossReferences: number;
} {
  const { org, catalog, settings } = context;
  const jira = jiraIncidents(org, catalog, settings);
  const events = new Map(org.pagerduty.change_events.map((event) => [event.id, event]));
  const inputs: IncidentInput[] = [];
  let unmapped = jira.unmapped;
  const unmappedByPagerDutyService = new Map<string, number>();
  for (const incident of org.pagerduty.incidents) {
    if (incident.merged_into_incident_id) continue;
    const service = catalog.serviceOfPagerDuty(incident.service_id);
    if (!service) {
      unmapped += 1;
      unmappedByPagerDutyService.set(incident.service_id, (unmappedByPagerDutyService.get(incident.service_id) ?? 0) + 1);
      continue;
    }
    const same = jiraEvidence(jira.samePagerDuty.get(incident.id) ?? [], settings);
    const field = incident.custom_fields[settings.customFieldName];
    inputs.push({
      id: incident.id,
      source: "pagerduty",
      service,
      title: incident.title,
      urgency: incident.urgency,
      createdAt: incident.created_at,
      resolvedAt: resolvedAt(incident),
      notes: incident.notes.map((note) => note.content),
      texts: [incident.title, incident.description, ...same.texts],
      customFieldIds: [...(field ? [field] : []), ...same.customFieldIds],
      labelIds: same.labelIds,
      changeEventIds: incident.related_change_event_ids
        .map((id) => events.get(id)?.custom_details.deployment_id)
        .filter((id): id is string => typeof id === "string"),
      names: [incident.id, ...same.names],
    });
  }
  for (const { issue, service } of jira.own) {
    const own = jiraEvidence([issue], settings);
    inputs.push({
      id: issue.key,
      source: "jira",
      service,
      title: issue.summary,
      urgency: jiraUrgency(issue),
      createdAt: issue.created,
      resolvedAt: jiraResolvedAt(issue),
      notes: [],
      texts: own.texts,
      customFieldIds: own.customFieldIds,
      labelIds: own.labelIds,
      changeEventIds: [],
      names: own.names,
    });
  }
  return { inputs, unmapped, unmappedByPagerDutyService, unmatchedCrossReferences: jira.unmatchedCrossReferences };
}

/** A successful deployment shipping a hotfix pull request (label or branch), with the texts that may name an incident. */
interface Hotfix {
  deployment: BaseDeployment;
  texts: string[];
}

function hotfixDeployments(context: IncidentContext): Hotfix[] {
  return [...context.successful.values()].flatMap((deployment) =>
    context.changes.shippedBy(deployment.deployment_id).flatMap((change) => {
      const pull = context.changes.pullRequest(change);
      if (!pull || !(pull.labels.includes("hotfix") || pull.head_ref.startsWith("hotfix/"))) return [];
      return [{ deployment, texts: [pull.title, pull.body, pull.head_ref] }];
    }),
  );
}

/** The earliest successful resolution deployment finished after the start (docs/metrics.md, decision 24). */
function resolutionDeployment(
  context: IncidentContext,
  hotfixes: Hotfix[],
  incident: IncidentInput,
  resolver: RunUrlResolver,
  dangling: Set<string>,
): BaseDeployment | undefined {
  const candidates: BaseDeployment[] = [];
  for (const note of incident.notes) {
    for (const id of resolvedByReferences(note, resolver)) {
      const deployment = named(context, id);
      if (deployment) candidates.push(deployment);
      else dangling.add(id);
    }
  }
  const names = incident.names.map(namesIncident);
  for (const hotfix of hotfixes) {
    // the models read the title, body and branch as one text
    const text = hotfix.texts.join(" ");
    if (names.some((named) => named(text))) candidates.push(hotfix.deployment);
  }
  return candidates
    .filter((deployment) => toMs(deployment.finished_at) > toMs(incident.createdAt))
    .sort(byFinish)[0];
}

/** The cause rules in order (docs/metrics.md, Cause link): each yields the deployment ids it references. */
function ruleReferences(
  context: IncidentContext,
  incident: IncidentInput,
  resolver: RunUrlResolver,
  fix: BaseDeployment | undefined,
) {
  const texts = [...incident.notes, ...incident.texts];
  const reverted = fix
    ? context.changes.shippedBy(fix.deployment_id).flatMap((change) => context.changes.revertedBy(change))
    : [];
  const windowStart = toMs(incident.createdAt) - context.settings.windowRuleHours * 3_600_000;
  const windowed = context.settings.windowRuleEnabled
    ? (context.contents.timeline.get(incident.service.name) ?? []).filter(
        (deployment) => toMs(deployment.finished_at) <= toMs(incident.createdAt) && toMs(deployment.finished_at) >= windowStart,
      )
    : [];
  // explicit references are written by a person or a tool: one naming no successful deployment is reported
  const rules: { method: LinkMethod; ids: string[]; explicit: boolean }[] = [
    { method: "custom_field", ids: incident.customFieldIds, explicit: true },
    { method: "note", ids: [...texts.flatMap((text) => causeReferences(text, resolver)), ...incident.labelIds], explicit: true },
    { method: "change_event", ids: incident.changeEventIds, explicit: true },
    { method: "revert", ids: reverted.map((change) => change.deployment_id as string), explicit: false },
    { method: "window", ids: windowed.map((deployment) => deployment.deployment_id), explicit: false },
  ];
  return rules;
}

/** The first rule naming a successful deployment wins; its candidates are picked by time (docs/metrics.md, Cause link). */
function firstRuleLink(
  context: IncidentContext,
  rules: ReturnType<typeof ruleReferences>,
  startedAt: string,
): { cause: BaseDeployment | undefined; method: LinkMethod | null } {
  for (const rule of rules) {
    const valid = rule.ids.map((id) => named(context, id)).filter((d): d is BaseDeployment => d !== undefined);
    if (valid.length > 0) return { cause: pick(valid, startedAt), method: rule.method };
  }
  return { cause: undefined, method: null };
}

export function buildIncidents(context: IncidentContext): IncidentFacts {
  const { org, catalog } = context;
  const overrideLinks = new Map((org.overrides?.incident_links ?? []).map((link) => [link.incident_id, link.deployment_id]));
  const notCaused = new Set(org.overrides?.not_caused_by_change ?? []);
  const incidents: IncidentRow[] = [];
  let danglingReferences = 0;
  let overridesApplied = 0;
  let notCausedMarks = 0;
  const hotfixes = hotfixDeployments(context);
  const { inputs, unmapped, unmappedByPagerDutyService, unmatchedCrossReferences } = incidentInputs(context);

  for (const incident of inputs) {
    const service = incident.service;
    const resolver: RunUrlResolver = (repository, runId) =>
      catalog.isMonorepo(repository) ? `gh-run:${runId}/${service.name}` : `gh-run:${runId}`;
    const dangling = new Set<string>();
    const fix = resolutionDeployment(context, hotfixes, incident, resolver, dangling);

    const rules = ruleReferences(context, incident, resolver, fix);
    for (const rule of rules) if (rule.explicit) for (const id of rule.ids) if (!named(context, id)) dangling.add(id);
    const override = named(context, overrideLinks.get(incident.id) ?? "");
    if (override) overridesApplied += 1;
    else if (notCaused.has(incident.id)) notCausedMarks += 1;
    const { cause, method } = override
      ? { cause: override, method: "override" as const }
      : notCaused.has(incident.id)
        ? { cause: undefined, method: null }
        : firstRuleLink(context, rules, incident.createdAt);
    danglingReferences += dangling.size;

    const startedAt = isoTimestamp(incident.createdAt);
    const resolved = incident.resolvedAt === null ? null : isoTimestamp(incident.resolvedAt);
    const recoveredAt = fix?.finished_at ?? resolved;
    incidents.push({
      incident_id: incident.id,
      source: incident.source,
      service: service.name,
      team: service.team,
      title: incident.title,
      urgency: incident.urgency,
      started_at: startedAt,
      resolved_at: resolved,
      restore_seconds: resolved === null ? null : secondsBetween(startedAt, resolved),
      caused_by_deployment_id: cause?.deployment_id ?? null,
      link_method: method,
      resolved_by_deployment_id: fix?.deployment_id ?? null,
      // decision 18: null while open
      recovery_seconds: resolved === null || recoveredAt === null ? null : secondsBetween(startedAt, recoveredAt),
    });
  }
  sortByText(incidents, (incident) => incident.incident_id);
  return { incidents, danglingReferences, unmapped, unmappedByPagerDutyService, overrideLinks: overridesApplied, notCausedMarks, unmatchedCrossReferences };
}
