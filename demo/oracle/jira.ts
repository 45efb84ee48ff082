/** Jira issues as incidents (decisions 41-44): which count on their own, which are a PagerDuty incident too. */
import type { JiraIssue, Organisation } from "../model/organisation.ts";
import { appendTo } from "./collections.ts";
import type { Catalog, CatalogService } from "./catalog.ts";
import type { ResolvedSettings } from "./settings.ts";

export interface JiraIncidents {
  /** Issues that are incidents of their own, with their service. */
  own: { issue: JiraIssue; service: CatalogService }[];
  /** Issues whose cross-reference field names a PagerDuty incident, by that incident's id. */
  samePagerDuty: Map<string, JiraIssue[]>;
  /** Issues of their own on no service. */
  unmapped: number;
  /** Issues whose cross-reference field names no landed PagerDuty incident (they count on their own). */
  unmatchedCrossReferences: number;
}

export function jiraIncidents(org: Organisation, catalog: Catalog, settings: ResolvedSettings): JiraIncidents {
  const result: JiraIncidents = { own: [], samePagerDuty: new Map(), unmapped: 0, unmatchedCrossReferences: 0 };
  if (!org.jira) return result;
  // the source's JQL selects the incident issue type: only those land
  const type = org.jira.incident_issue_type ?? "Incident";
  const pagerduty = new Set(org.pagerduty.incidents.map((incident) => incident.id));
  for (const issue of org.jira.issues.filter((candidate) => candidate.issue_type === type)) {
    const field = (id: string | null) => (id === null ? null : (issue.custom_fields[id] ?? null));
    const crossReference = field(settings.jiraCrossReferenceField);
    if (crossReference !== null && pagerduty.has(crossReference)) {
      appendTo(result.samePagerDuty, crossReference, issue);
      continue;
    }
    if (crossReference !== null && crossReference !== "") result.unmatchedCrossReferences += 1;
    const service = catalog.serviceOfJira(field(settings.jiraServiceField), issue.components);
    if (service) result.own.push({ issue, service });
    else result.unmapped += 1;
  }
  return result;
}

/** Highest and High are urgent (decision 41). */
export function jiraUrgency(issue: JiraIssue): "high" | "low" {
  return issue.priority === "Highest" || issue.priority === "High" ? "high" : "low";
}

/** Jira's resolutiondate: the last change into done while the issue is done (a reopen clears it). */
export function jiraResolvedAt(issue: JiraIssue): string | null {
  const last = issue.transitions[issue.transitions.length - 1];
  return last?.to === "done" ? last.at : null;
}
