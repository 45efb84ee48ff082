import type { Jira, JiraIssue, Organisation } from "../../model/organisation.ts";
import { sha1 } from "../ids.ts";
import { jiraIssueJson, jiraIssueState, type JiraIssueJson } from "./objects.ts";
import { clausesOf, type JqlClause, type JqlCondition, type JqlQuery } from "./jql.ts";

/** Jira's system fields the demo serves, with their display names. */
const SYSTEM_FIELDS: Array<[string, string, string]> = [
  ["summary", "Summary", "string"],
  ["issuetype", "Issue Type", "issuetype"],
  ["created", "Created", "datetime"],
  ["updated", "Updated", "datetime"],
  ["resolutiondate", "Resolved", "datetime"],
  ["status", "Status", "status"],
  ["priority", "Priority", "priority"],
  ["labels", "Labels", "array"],
  ["components", "Components", "array"],
  ["description", "Description", "string"],
];

export interface JiraField {
  id: string;
  key: string;
  name: string;
  custom: boolean;
  orderable: boolean;
  navigable: boolean;
  searchable: boolean;
  clauseNames: string[];
  schema: Record<string, unknown>;
}

/** The demo site's project, as of the server's clock: issues, the field list, and search over them. */
export class JiraStore {
  readonly jira: Jira;
  readonly fields: JiraField[];
  readonly #known: Set<string>;

  constructor(org: Organisation & { jira: Jira }, readonly site: string) {
    this.jira = org.jira;
    const named = new Map<string, string>();
    const settings = org.settings ?? {};
    if (settings.jira_deployment_field) named.set(settings.jira_deployment_field, "Deployment");
    if (settings.jira_service_field) named.set(settings.jira_service_field, "Service");
    if (settings.jira_cross_reference_field) named.set(settings.jira_cross_reference_field, "PagerDuty incident");
    for (const issue of org.jira.issues) for (const id of Object.keys(issue.custom_fields)) if (!named.has(id)) named.set(id, `Custom field ${id.replace(/^customfield_/, "")}`);
    this.fields = [
      ...SYSTEM_FIELDS.map(([id, name, type]) => ({ id, key: id, name, custom: false, orderable: true, navigable: true, searchable: true, clauseNames: [id], schema: { type, system: id } })),
      ...[...named].sort(([a], [b]) => a.localeCompare(b)).map(([id, name]) => {
        const customId = Number(id.replace(/^customfield_/, ""));
        return {
          id, key: id, name, custom: true, orderable: true, navigable: true, searchable: true,
          clauseNames: [`cf[${customId}]`, name],
          schema: { type: "string", custom: "com.atlassian.jira.plugin.system.customfieldtypes:textfield", customId },
        };
      }),
    ];
    this.#known = new Set(this.fields.map((f) => f.id));
  }

  /** Jira refuses a project or issue type the site does not have: the value named, or undefined when all exist. */
  unknownValue(query: JqlQuery): { field: string; value: string } | undefined {
    const types = new Set(["Bug", "Task", "Story", "Epic", this.jira.incident_issue_type ?? "Incident", ...this.jira.issues.map((i) => i.issue_type)].map((t) => t.toLowerCase()));
    for (const clause of clausesOf(query.where)) {
      if (clause.field === "project" || clause.field === "issuetype") {
        const known = clause.field === "project" ? new Set([this.jira.project_key.toLowerCase()]) : types;
        const value = clause.values.find((v) => !known.has(v.toLowerCase()));
        if (value !== undefined) return { field: clause.field, value };
      }
    }
    return undefined;
  }

  /** The issues a JQL query selects, in its order (default: created, newest first, as Jira sorts by key desc). */
  search(query: JqlQuery): JiraIssue[] {
    const rows = this.jira.issues.filter((issue) => holds(this.jira, issue, query.where));
    const order = query.orderBy.length > 0 ? query.orderBy : [{ field: "key" as const, descending: true }];
    const value = (issue: JiraIssue, field: "created" | "updated" | "key"): number =>
      field === "key" ? Number(issue.key.split("-")[1]) : Date.parse(field === "created" ? issue.created : jiraIssueState(issue).updated);
    return rows.sort((a, b) => {
      for (const { field, descending } of order) {
        const difference = value(a, field) - value(b, field);
        if (difference !== 0) return descending ? -difference : difference;
      }
      return Number(a.id) - Number(b.id);
    });
  }

  /**
   * The issue with only the requested fields (Jira returns only `id`, `key` and `self` when none are
   * asked for); `*all` and `*navigable` ask for all, `-name` leaves one out, unknown names are ignored,
   * and a known field an issue has no value for comes back null.
   */
  render(issue: JiraIssue, requested: string[]): Omit<JiraIssueJson, "fields"> & { fields?: Record<string, unknown> } {
    const { fields: all, ...rest } = jiraIssueJson(issue, this.jira, this.site);
    const wanted = new Set<string>();
    for (const name of requested) {
      if (name === "*all" || name === "*navigable") for (const id of this.#known) wanted.add(id);
      else if (this.#known.has(name)) wanted.add(name);
    }
    for (const name of requested) if (name.startsWith("-")) wanted.delete(name.slice(1));
    if (wanted.size === 0) return rest;
    const values = all as Record<string, unknown>;
    return { ...rest, fields: Object.fromEntries([...wanted].map((id) => [id, values[id] ?? null])) };
  }

  /** An opaque page token tied to the query it continues, as Jira's are. */
  pageToken(jql: string, offset: number): string {
    return Buffer.from(`${offset}:${sha1(jql).slice(0, 12)}`).toString("base64url");
  }

  /** The offset a token stands for, or undefined when it does not belong to this query. */
  offsetOf(jql: string, token: string): number | undefined {
    const [offset, hash] = Buffer.from(token, "base64url").toString("utf8").split(":");
    return hash === sha1(jql).slice(0, 12) && /^\d+$/.test(offset ?? "") ? Number(offset) : undefined;
  }
}

function holds(jira: Jira, issue: JiraIssue, condition: JqlCondition): boolean {
  if ("all" in condition) return condition.all.every((c) => holds(jira, issue, c));
  if ("any" in condition) return condition.any.some((c) => holds(jira, issue, c));
  return matches(jira, issue, condition);
}

function matches(jira: Jira, issue: JiraIssue, clause: JqlClause): boolean {
  if ("ms" in clause) {
    const ms = Date.parse(clause.field === "created" ? issue.created : jiraIssueState(issue).updated);
    return { ">=": ms >= clause.ms, ">": ms > clause.ms, "<=": ms <= clause.ms, "<": ms < clause.ms }[clause.operator];
  }
  const has = (candidates: string[]) => clause.values.some((v) => candidates.some((c) => c.toLowerCase() === v.toLowerCase()));
  const found =
    clause.field === "project" ? has([jira.project_key]) : clause.field === "issuetype" ? has([issue.issue_type]) : has(issue.labels);
  return clause.negated ? !found : found;
}
