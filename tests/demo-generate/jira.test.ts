import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import { JIRA_FIELDS } from "../../demo/generate/jira.ts";
import type { JiraIssue, Organisation } from "../../demo/model/organisation.ts";
import { loadScenario, validateOrganisation } from "../../demo/scenario/index.ts";
import { successfulDeploymentIds } from "./facts.ts";
import { withDemoServe } from "../../demo/serve-process.ts";

let plain: Organisation;
let withJira: Organisation;
let incidents: JiraIssue[];
beforeAll(() => {
  plain = generateOrganisation({ seed: 2 });
  withJira = generateOrganisation({ seed: 2, jira: "some" });
  incidents = withJira.jira!.issues.filter((i) => i.issue_type === "Incident");
});

const teamOf = (org: Organisation, pagerdutyId: string) => org.services.find((s) => s.pagerduty_service_ids.includes(pagerdutyId))?.team;

describe("the generator's Jira option", () => {
  it("is off by default: no Jira project, no Jira knobs, the same bytes as jira: none", () => {
    expect(plain.jira).toBeUndefined();
    expect(plain.services.every((s) => s.jira_components === undefined)).toBe(true);
    expect(JSON.stringify(generateOrganisation({ ...SIZES.tiny, seed: 5, jira: "none" }))).toBe(JSON.stringify(generateOrganisation({ ...SIZES.tiny, seed: 5 })));
    expect(() => generateOrganisation({ ...SIZES.tiny, jira: "all" as "some" })).toThrow('generator option jira: expected "none" or "some", got "all"');
  });

  it("makes a valid scenario with the catalog's Jira fields and a component per service", () => {
    expect(() => validateOrganisation(JSON.parse(JSON.stringify(withJira)))).not.toThrow();
    expect(withJira.settings).toMatchObject(JIRA_FIELDS);
    expect(withJira.services.every((s) => s.jira_components?.length === 1)).toBe(true);
  });

  it("leaves the last of three teams tracking incidents in Jira only, and everything else as without Jira", () => {
    const jiraTeam = withJira.teams.at(-1)!.name;
    expect(withJira.teams).toHaveLength(3);
    expect(withJira.pagerduty.incidents.some((i) => teamOf(withJira, i.service_id) === jiraTeam)).toBe(false);
    const moved = plain.pagerduty.incidents.filter((i) => teamOf(plain, i.service_id) === jiraTeam);
    expect(moved.length).toBeGreaterThan(5);
    // the other teams' incidents are exactly the ones they have without Jira
    expect(withJira.pagerduty.incidents).toEqual(plain.pagerduty.incidents.filter((i) => teamOf(plain, i.service_id) !== jiraTeam));
    // each moved incident (but a merged duplicate alert) is a Jira incident created at the same time on its service
    const components = new Map(withJira.services.map((s) => [s.jira_components![0]!, s]));
    const jiraOnly = incidents.filter((i) => i.custom_fields[JIRA_FIELDS.jira_cross_reference_field] === undefined && !i.components.includes("Platform"));
    expect(jiraOnly.map((i) => i.created).sort()).toEqual(moved.filter((i) => i.merged_into_incident_id === undefined).map((i) => i.created_at).sort());
    for (const issue of jiraOnly) {
      const service = issue.components.length > 0 ? components.get(issue.components[0]!) : withJira.services.find((s) => s.name === issue.custom_fields[JIRA_FIELDS.jira_service_field]);
      expect(service?.team, issue.key).toBe(jiraTeam);
    }
    expect(jiraOnly.some((i) => i.components.length === 0 && i.custom_fields[JIRA_FIELDS.jira_service_field])).toBe(true);
  });

  it("names causing deployments by a deployment-<id> label or the deployment field, and reopens a few incidents", () => {
    const deployments = successfulDeploymentIds(withJira);
    const labelled = incidents.filter((i) => i.labels.some((l) => deployments.has(l.replace(/^deployment-/, ""))));
    const byField = incidents.filter((i) => deployments.has(i.custom_fields[JIRA_FIELDS.jira_deployment_field] ?? ""));
    expect(labelled.length).toBeGreaterThan(0);
    expect(byField.length).toBeGreaterThan(0);
    const reopened = incidents.filter((i) => i.transitions.some((t, k) => k > 0 && i.transitions[k - 1]!.to === "done" && t.to !== "done"));
    expect(reopened.length).toBeGreaterThan(0);
  });

  it("mirrors some PagerDuty incidents in Jira, the cross-reference field naming them", () => {
    const pagerduty = new Map(withJira.pagerduty.incidents.map((i) => [i.id, i]));
    const mirrors = incidents.filter((i) => i.custom_fields[JIRA_FIELDS.jira_cross_reference_field] !== undefined);
    expect(mirrors.length).toBeGreaterThan(3);
    for (const mirror of mirrors) {
      const original = pagerduty.get(mirror.custom_fields[JIRA_FIELDS.jira_cross_reference_field]!);
      expect(original, mirror.key).toBeDefined();
      expect(Date.parse(mirror.created)).toBeGreaterThan(Date.parse(original!.created_at));
    }
  });

  it("adds Bugs and Tasks that are not incidents, some with a deployment label the JQL must leave out", () => {
    const others = withJira.jira!.issues.filter((i) => i.issue_type !== "Incident");
    expect(new Set(others.map((i) => i.issue_type))).toEqual(new Set(["Bug", "Task"]));
    expect(others.some((i) => i.labels.some((l) => l.startsWith("deployment-")))).toBe(true);
  });

  it("renames a moved incident wherever a pull request or commit named it: its Jira key, its Jira link", () => {
    const movedIds = plain.pagerduty.incidents.map((i) => i.id).filter((id) => !withJira.pagerduty.incidents.some((i) => i.id === id));
    const text = JSON.stringify(withJira.repositories);
    expect(movedIds.filter((id) => text.includes(id))).toEqual([]);
    const keys = new Set(incidents.map((i) => i.key));
    const named = [...text.matchAll(/OPS-\d+/g)].map((m) => m[0]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((key) => !keys.has(key))).toEqual([]);
  });

  it("gives a one-team organisation a Jira-only service", () => {
    const tiny = generateOrganisation({ ...SIZES.tiny, seed: 5, jira: "some" });
    const last = tiny.services.at(-1)!;
    expect(tiny.teams).toHaveLength(1);
    expect(tiny.pagerduty.incidents.some((i) => last.pagerduty_service_ids.includes(i.service_id))).toBe(false);
    expect(tiny.jira!.issues.some((i) => i.issue_type === "Incident" && (i.components.includes(last.jira_components![0]!) || i.custom_fields[JIRA_FIELDS.jira_service_field] === last.name))).toBe(true);
  });
});

describe("doraform demo with Jira", () => {
  it("generate --jira some writes the organisation with its Jira project, and serve prints the Jira settings and serves the site", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "doraform-jira-demo-")), "tiny-jira.json");
    await promisify(execFile)(process.execPath, [CLI, "demo", "generate", "--seed", "5", "--services", "3", "--weeks", "6", "--deploys-per-day", "1", "--incidents-per-week", "1", "--jira", "some", "--out", file]);
    const org = await loadScenario(file);
    expect(org).toEqual(generateOrganisation({ ...SIZES.tiny, seed: 5, jira: "some" }));

    const code = await withDemoServe(file, 8, async (env) => {
      expect(Object.keys(env).filter((k) => k.startsWith("JIRA_")).sort()).toEqual(["JIRA_API_TOKEN", "JIRA_BASE_URL", "JIRA_EMAIL"]);
      const response = await fetch(`${env.JIRA_BASE_URL}/rest/api/3/search/jql`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${env.JIRA_EMAIL}:${env.JIRA_API_TOKEN}`).toString("base64")}`, "content-type": "application/json" },
        body: JSON.stringify({ jql: "project = OPS", maxResults: 100 }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { issues: Array<{ key: string }>; isLast: boolean };
      expect(body.isLast).toBe(true);
      expect(body.issues.map((i) => i.key).sort()).toEqual(org.jira!.issues.map((i) => i.key).sort());
    }, { entry: CLI });
    expect(code).toBe(0);
  }, 60_000);
});
