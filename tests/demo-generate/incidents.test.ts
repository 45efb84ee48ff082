import { beforeAll, describe, expect, it } from "vitest";
import { generateOrganisation } from "../../demo/generate/index.ts";
import type { Incident, Organisation } from "../../demo/model/organisation.ts";
import { allPullRequests, ancestors, deployRuns, succeeded, successfulDeploymentIds } from "./facts.ts";

let demo: Organisation;
let deployments: Set<string>;
let incidents: Incident[];
beforeAll(() => {
  demo = generateOrganisation();
  deployments = successfulDeploymentIds(demo);
  incidents = demo.pagerduty.incidents;
});

/** The deployment id named in text by the `deployment: <id>` form (docs/metrics.md, Cause link rule 2). */
const named = (text: string) => /deployment:\s*(gh-(?:run|deploy):\d+(?:\/[A-Za-z0-9_-]+)?)/i.exec(text)?.[1];
const causeNotes = (incident: Incident) => incident.notes.filter((n) => !n.content.startsWith("resolved-by:"));
const runUrlOf = (run: { id: number }, repo: string) => `https://github.com/${repo}/actions/runs/${run.id}`;

describe("incidents in the default demo", () => {
  it("name a successful deployment through the custom field", () => {
    expect(incidents.some((i) => deployments.has(i.custom_fields.deployment_id ?? ""))).toBe(true);
  });

  it("name a successful deployment in a note, in the title and in the description", () => {
    expect(incidents.some((i) => causeNotes(i).some((n) => deployments.has(named(n.content) ?? "")))).toBe(true);
    expect(incidents.some((i) => deployments.has(named(i.title) ?? ""))).toBe(true);
    expect(incidents.some((i) => deployments.has(named(i.description) ?? ""))).toBe(true);
  });

  it("name a successful deploy run by its URL", () => {
    const urls = deployRuns(demo).filter((d) => succeeded(d.run)).map((d) => runUrlOf(d.run, d.repo.full_name));
    const texts = incidents.flatMap((i) => [i.description, ...causeNotes(i).map((n) => n.content)]);
    expect(urls.some((url) => texts.some((t) => t.includes(url)))).toBe(true);
  });

  it("relate change events that carry a successful deployment's id", () => {
    const events = new Map(demo.pagerduty.change_events.map((e) => [e.id, e]));
    const linked = incidents.filter((i) =>
      i.related_change_event_ids.some((id) => deployments.has(String(events.get(id)!.custom_details.deployment_id))),
    );
    expect(linked.length).toBeGreaterThan(0);
  });

  it("name a deploy run that failed, which is not a deployment", () => {
    const failed = new Set(deployRuns(demo).filter((d) => d.run.status === "completed" && !succeeded(d.run)).map((d) => d.id));
    expect(incidents.some((i) => i.notes.some((n) => failed.has(named(n.content) ?? "")))).toBe(true);
  });

  it("leave some incidents untagged, some of them within three hours of a deployment of their service", () => {
    const untagged = incidents.filter(
      (i) =>
        i.custom_fields.deployment_id === null &&
        i.related_change_event_ids.length === 0 &&
        !named(i.title) &&
        !named(i.description) &&
        !i.description.includes("/actions/runs/") &&
        causeNotes(i).length === 0,
    );
    expect(untagged.length).toBeGreaterThan(10);
    // the window rule's case: a successful deploy job of the incident's service finished shortly before
    const finishes = deployRuns(demo)
      .filter((d) => succeeded(d.run))
      .map((d) => ({
        pagerduty: demo.services.find((s) => s.name === d.service)!.pagerduty_service_ids,
        at: Date.parse(d.run.attempts.find((a) => a.conclusion === "success")!.jobs.find((j) => j.name === "deploy")!.completed_at!),
      }));
    const inWindow = untagged.filter((i) =>
      finishes.some((f) => f.pagerduty.includes(i.service_id) && Date.parse(i.created_at) - f.at > 0 && Date.parse(i.created_at) - f.at <= 3 * 3600_000),
    );
    expect(inWindow.length).toBeGreaterThan(0);
  });

  it("are fixed by revert pull requests that name a merged pull request", () => {
    const reverts = allPullRequests(demo).filter(({ pr }) => pr.merged_at !== null && /^Reverts [^#]+#\d+$/.test(pr.body));
    expect(reverts.length).toBeGreaterThan(0);
    for (const { repo, pr } of reverts) {
      const [, fullName, number] = /^Reverts ([^#]+)#(\d+)$/.exec(pr.body)!;
      expect(fullName).toBe(repo.full_name);
      expect(repo.pull_requests.find((p) => p.number === Number(number))?.merged_at).not.toBeNull();
    }
  });

  it("are fixed by hotfixes: a pull request labelled hotfix, or a hotfix/<incident id> branch, naming the incident", () => {
    const ids = new Set(incidents.map((i) => i.id));
    const pulls = allPullRequests(demo).map(({ pr }) => pr).filter((pr) => pr.merged_at !== null);
    const namesAnIncident = (text: string) => [...text.matchAll(/[A-Za-z0-9]+/g)].some(([token]) => ids.has(token));
    expect(pulls.some((pr) => pr.labels.includes("hotfix") && namesAnIncident(`${pr.title} ${pr.body}`))).toBe(true);
    expect(pulls.some((pr) => pr.head_ref.startsWith("hotfix/") && ids.has(pr.head_ref.slice("hotfix/".length)))).toBe(true);
  });

  it("carry resolved-by notes naming a successful deployment", () => {
    const urls = new Map(deployRuns(demo).map((d) => [runUrlOf(d.run, d.repo.full_name), d.id]));
    const resolvedBy = incidents.flatMap((i) => i.notes).filter((n) => n.content.startsWith("resolved-by:"));
    expect(resolvedBy.length).toBeGreaterThan(0);
    for (const note of resolvedBy) {
      const target = note.content.slice("resolved-by:".length).trim();
      expect(deployments.has(urls.get(target) ?? target), note.content).toBe(true);
    }
  });

  it("are recovered by rollbacks: a deployment of a strict ancestor of the previous deployment's commit", () => {
    const byService = new Map<string, ReturnType<typeof deployRuns>>();
    for (const d of deployRuns(demo).filter((d) => succeeded(d.run))) byService.set(d.service, [...(byService.get(d.service) ?? []), d]);
    const rollbacks = [...byService.values()].flatMap((runs) =>
      runs.slice(1).filter((d, k) => d.run.head_sha !== runs[k].run.head_sha && ancestors(d.repo, runs[k].run.head_sha).has(d.run.head_sha)),
    );
    expect(rollbacks.length).toBeGreaterThan(0);
  });

  it("include open, reopened and merged incidents", () => {
    const last = (i: Incident) => i.status_changes[i.status_changes.length - 1]?.type;
    expect(incidents.some((i) => last(i) !== "resolve")).toBe(true);
    expect(incidents.some((i) => i.status_changes.some((c) => c.type === "reopen"))).toBe(true);
    const merged = incidents.filter((i) => i.merged_into_incident_id !== undefined);
    expect(merged.length).toBeGreaterThan(0);
    for (const i of merged) expect(incidents.some((other) => other.id === i.merged_into_incident_id)).toBe(true);
  });

  it("happen on a PagerDuty service outside the catalog too", () => {
    const mapped = new Set(demo.services.flatMap((s) => s.pagerduty_service_ids));
    expect(incidents.some((i) => !mapped.has(i.service_id))).toBe(true);
  });
});
