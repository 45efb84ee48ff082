import type { Incident, Jira, JiraIssue, JiraStatusCategory, Organisation, Service } from "../model/organisation.ts";
import type { OrganisationPlan, PlannedRepository } from "./catalog.ts";
import { DAY, HOUR, MINUTE, clamp, clockOf, iso } from "./clock.ts";
import type { ResolvedOptions } from "./options.ts";
import { Random } from "./random.ts";

/** The catalog knobs of a generated organisation with Jira (custom field ids as a Jira site numbers them). */
export const JIRA_FIELDS = {
  jira_deployment_field: "customfield_10050",
  jira_service_field: "customfield_10051",
  jira_cross_reference_field: "customfield_10052",
} as const;

const PROJECT = "OPS";
/** Keys and ids per repository slice, so slices made alone never collide. */
const BLOCK = 100_000;

/**
 * Services whose team tracks incidents in Jira only: those of the last team when there are two or
 * more, and of the one before it when there are four or more; in a one-team organisation, its last
 * service. The others use PagerDuty and mirror some incidents in Jira.
 */
export function jiraOnlyServices(plan: OrganisationPlan): Set<string> {
  const { teams } = plan;
  const services = plan.repositories.flatMap((r) => r.services);
  if (teams.length < 2) return new Set(services.length >= 2 ? [services.at(-1)!.name] : []);
  const jiraTeams = new Set(teams.slice(teams.length >= 4 ? -2 : -1));
  return new Set(services.filter((s) => jiraTeams.has(s.team)).map((s) => s.name));
}

/**
 * One repository slice with Jira: its Jira-only services' PagerDuty incidents become Jira issues
 * (cause evidence as a deployment label or the deployment field, the service as a component or the
 * service field, references to the incident renamed to its key), some other incidents are mirrored
 * in Jira with the cross-reference field, and Bugs and Tasks that are not incidents are added.
 * It draws from its own random stream, so the rest of the slice is exactly what it is without Jira.
 */
export function withJira(options: ResolvedOptions, plan: OrganisationPlan, planned: PlannedRepository, slice: Organisation): Organisation {
  const random = new Random(options.seed, "jira", planned.index);
  const clock = clockOf(options.asOf);
  const jiraOnly = jiraOnlyServices(plan);
  let next = 0;
  const newIssue = (fields: Omit<JiraIssue, "id" | "key">): JiraIssue => {
    const n = planned.index * BLOCK + ++next;
    return { id: String(10_000 + n), key: `${PROJECT}-${n}`, ...fields };
  };
  const services = slice.services.map((service): Service => ({ ...service, jira_components: [componentOf(service.name)] }));
  const serviceOf = new Map(services.flatMap((s) => s.pagerduty_service_ids.map((id) => [id, s] as const)));
  const issues: JiraIssue[] = [];
  const renamed = new Map<string, string>();
  const incidents: Incident[] = [];

  for (const incident of slice.pagerduty.incidents) {
    const service = serviceOf.get(incident.service_id);
    if (service && jiraOnly.has(service.name)) {
      // a duplicate alert has no Jira counterpart: the responder never opened a second issue
      if (incident.merged_into_incident_id !== undefined) continue;
      const issue = newIssue(converted(incident, service, random));
      renamed.set(incident.id, issue.key);
      issues.push(issue);
      continue;
    }
    incidents.push(incident);
    if (service && incident.merged_into_incident_id === undefined && random.chance(0.15)) {
      const mirror = mirrored(incident, service, random, clock);
      if (mirror) issues.push(newIssue(mirror));
    }
  }
  for (const service of services) {
    for (let t = Date.parse(`${slice.start_date}T00:00:00Z`) / 1000 + random.int(0, 30 * DAY); t < clock; t += random.int(15 * DAY, 60 * DAY)) {
      issues.push(newIssue(notAnIncident(service, t, random, clock)));
    }
  }
  if (planned.index === 0) {
    // an incident on a component no service maps: counted as unmapped, never on a service
    const t = clock - random.int(3 * DAY, 20 * DAY);
    issues.push(newIssue({ ...blank("Incident", "Shared cache cluster lost a node", t), components: ["Platform"], transitions: [{ to: "done", at: iso(t + 2 * HOUR) }] }));
  }

  const jira: Jira = { site: `https://${options.owner}.atlassian.net`, project_key: PROJECT, issues: issues.sort((a, b) => a.created.localeCompare(b.created) || Number(a.id) - Number(b.id)) };
  const result: Organisation = {
    ...slice,
    settings: { ...slice.settings, ...JIRA_FIELDS },
    services,
    pagerduty: { ...slice.pagerduty, incidents },
    jira,
  };
  return renamed.size === 0 ? result : renameIncidents(result, renamed, options.owner);
}

const componentOf = (service: string): string => service.replace(/(^|-)(\w)/g, (_, dash: string, c: string) => `${dash ? " " : ""}${c.toUpperCase()}`);

function blank(issueType: string, summary: string, t: number): Omit<JiraIssue, "id" | "key"> {
  return { issue_type: issueType, summary, description: summary, priority: "Medium", created: iso(t), transitions: [], labels: [], components: [], custom_fields: {} };
}

/** The status category each PagerDuty status change moves a Jira incident to. */
const CATEGORY: Record<Incident["status_changes"][number]["type"], JiraStatusCategory> = { acknowledge: "indeterminate", resolve: "done", reopen: "indeterminate" };

/** A Jira-only team's incident: the same times, its cause evidence in Jira's forms. */
function converted(incident: Incident, service: Service, random: Random): Omit<JiraIssue, "id" | "key"> {
  const t = Date.parse(incident.created_at) / 1000;
  const issue = blank("Incident", incident.title, t);
  issue.description = incident.description;
  issue.priority = incident.urgency === "high" ? random.pick(["Highest", "High"]) : random.pick(["Medium", "Low"]);
  issue.transitions = incident.status_changes.map((c) => ({ to: CATEGORY[c.type], at: c.at }));
  if (random.chance(0.25)) issue.custom_fields[JIRA_FIELDS.jira_service_field] = service.name;
  else issue.components = [...service.jira_components!];
  const edits: string[] = [];
  const cause = incident.custom_fields.deployment_id;
  if (cause) {
    if (random.chance(0.5)) issue.custom_fields[JIRA_FIELDS.jira_deployment_field] = cause;
    else issue.labels.push(`deployment-${cause}`);
  }
  for (const note of incident.notes) {
    // "deployment: <id>" notes (right, or naming a failed run) become labels, added when the note was
    const named = /^(?:Suspect )?deployment:\s+(\S+)/i.exec(note.content)?.[1];
    if (named && !issue.labels.includes(`deployment-${named}`)) {
      issue.labels.push(`deployment-${named}`);
      edits.push(note.created_at);
    }
  }
  if (edits.length > 0) issue.edits = edits;
  return issue;
}

/** A PagerDuty incident also filed in Jira by hand, pointing back at it. */
function mirrored(incident: Incident, service: Service, random: Random, clock: number): Omit<JiraIssue, "id" | "key"> | null {
  const t = Date.parse(incident.created_at) / 1000 + random.int(2 * MINUTE, 20 * MINUTE);
  if (t >= clock) return null;
  const issue = blank("Incident", incident.title, t);
  issue.priority = incident.urgency === "high" ? "High" : "Medium";
  issue.components = [...service.jira_components!];
  issue.custom_fields[JIRA_FIELDS.jira_cross_reference_field] = incident.id;
  const resolved = [...incident.status_changes].reverse().find((c) => c.type === "resolve");
  const last = incident.status_changes.at(-1);
  if (last?.type === "resolve" && resolved) {
    const done = Math.max(t + MINUTE, Date.parse(resolved.at) / 1000 + random.int(0, 30 * MINUTE));
    if (done < clock) issue.transitions.push({ to: "done", at: iso(done) });
  }
  // some responders also label the Jira copy with the cause: evidence the PagerDuty incident lacks or repeats
  const cause = incident.custom_fields.deployment_id;
  if (cause && random.chance(0.5)) issue.labels.push(`deployment-${cause}`);
  return issue;
}

/** Bugs and Tasks on a service: never incidents, though some carry a deployment label. */
function notAnIncident(service: Service, t: number, random: Random, clock: number): Omit<JiraIssue, "id" | "key"> {
  const type = random.pick(["Bug", "Task"]);
  const issue = blank(type, type === "Bug" ? `${service.name}: wrong error message` : `${service.name}: rotate credentials`, t);
  issue.components = [...service.jira_components!];
  issue.priority = random.pick(["Medium", "Low"]);
  if (random.chance(0.2)) issue.labels.push("deployment-gh-run:1");
  const done = t + clamp(random.duration(3 * DAY), HOUR, 30 * DAY);
  if (done < clock) issue.transitions.push({ to: "indeterminate", at: iso(t + HOUR / 2) }, { to: "done", at: iso(done) });
  return issue;
}

/** Renames the PagerDuty incidents that moved to Jira wherever a pull request or commit names them. */
function renameIncidents(org: Organisation, renamed: Map<string, string>, owner: string): Organisation {
  const ids = [...renamed.keys()].join("|");
  const text = JSON.stringify(org.repositories)
    .replace(new RegExp(`https://${owner}\\.pagerduty\\.com/incidents/(${ids})\\b`, "g"), (_, id: string) => `https://${owner}.atlassian.net/browse/${renamed.get(id)}`)
    .replace(new RegExp(`PagerDuty incident (${ids})\\b`, "g"), (_, id: string) => `Jira incident ${renamed.get(id)}`)
    .replace(new RegExp(`\\b(${ids})\\b`, "g"), (id: string) => renamed.get(id)!);
  return { ...org, repositories: JSON.parse(text) };
}
