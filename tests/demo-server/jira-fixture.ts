import type { JiraIssue, Organisation } from "../../demo/model/organisation.ts";
import { organisation } from "./fixture.ts";

export const DEPLOYMENT_FIELD = "customfield_10050";
export const CROSS_REFERENCE_FIELD = "customfield_10060";
export const SEVERITY_FIELD = "customfield_10070";

const issue = (n: number, extra: Partial<JiraIssue>): JiraIssue => ({
  id: String(10000 + n),
  key: `OPS-${n}`,
  issue_type: "Incident",
  summary: `Incident OPS-${n}`,
  description: `What happened in OPS-${n}`,
  priority: "High",
  created: "2026-03-01T10:00:00Z",
  transitions: [],
  labels: [],
  components: ["api"],
  custom_fields: {},
  ...extra,
});

/** 105 resolved February incidents, OPS-100 … OPS-204, five hours apart from 2026-02-01, resolved an hour after. */
export const FEBRUARY = Array.from({ length: 105 }, (_, k) => {
  const created = new Date(Date.parse("2026-02-01T00:00:00Z") + k * 5 * 3_600_000);
  const done = new Date(created.getTime() + 3_600_000);
  return issue(100 + k, { created: created.toISOString(), transitions: [{ to: "done", at: done.toISOString() }] });
});

/**
 * The hand-built organisation of tests/demo-server/fixture.ts (as of 2026-03-10; the server's now is
 * 23:59:59Z) with a Jira project OPS:
 *   OPS-1  Incident, resolved 2026-03-01 11:00, linked by label and by the deployment field, cross-referenced to PINC001
 *   OPS-2  Bug (not an incident), open
 *   OPS-3  Incident, resolved then reopened, edited 2026-03-04 07:30:45 (its last update)
 *   OPS-4  Incident, resolved only after the server's clock: served open
 *   OPS-5  Incident created after the clock: not served
 *   OPS-6  Task with a deployment label (not an incident)
 *   OPS-100 … OPS-204  February incidents (FEBRUARY)
 */
export function jiraOrganisation(): Organisation {
  const org = organisation();
  org.settings = { jira_deployment_field: DEPLOYMENT_FIELD, jira_cross_reference_field: CROSS_REFERENCE_FIELD };
  org.services[0]!.jira_components = ["api"];
  org.jira = {
    site: "https://acme.atlassian.net",
    project_key: "OPS",
    issues: [
      issue(1, {
        transitions: [
          { to: "indeterminate", at: "2026-03-01T10:05:00Z" },
          { to: "done", at: "2026-03-01T11:00:00Z" },
        ],
        labels: ["deployment-gh-run:100"],
        custom_fields: { [DEPLOYMENT_FIELD]: "gh-run:100", [CROSS_REFERENCE_FIELD]: "PINC001", [SEVERITY_FIELD]: "sev2" },
      }),
      issue(2, { issue_type: "Bug", summary: "Typo on the login page", priority: "Low", created: "2026-03-02T09:00:00Z", components: [] }),
      issue(3, {
        created: "2026-03-03T08:00:00Z",
        transitions: [
          { to: "done", at: "2026-03-03T09:00:00Z" },
          { to: "indeterminate", at: "2026-03-03T12:00:00Z" },
        ],
        edits: ["2026-03-04T07:30:45Z"],
      }),
      issue(4, { created: "2026-03-05T10:00:00Z", transitions: [{ to: "done", at: "2026-03-12T10:00:00Z" }] }),
      issue(5, { created: "2026-03-11T08:00:00Z" }),
      issue(6, { issue_type: "Task", summary: "Rotate keys", created: "2026-03-06T09:00:00Z", labels: ["deployment-gh-run:100"] }),
      ...FEBRUARY,
    ],
  };
  return org;
}
