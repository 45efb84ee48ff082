import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Organisation } from "../../demo/model/organisation.ts";
import { loadScenario } from "../../demo/scenario/index.ts";
import { jiraOrganisation } from "../demo-server/jira-fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "doraform-jira-scenario-"));

/** Writes the Jira fixture after `spoil` changes it and loads it back: the one-line error, or null. */
async function load(name: string, spoil: (org: Organisation) => void = () => undefined): Promise<string | null> {
  const org = jiraOrganisation();
  spoil(org);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(org));
  return loadScenario(file).then(
    () => null,
    (e: Error) => e.message.replace(`${file}: `, ""),
  );
}

describe("scenario files with a Jira project", () => {
  it("load with their issues, knobs and components", async () => {
    expect(await load("ok.json")).toBeNull();
  });

  it("reject an issue key outside the project, a duplicate key, a label with a space and an unknown status category", async () => {
    expect(await load("key.json", (org) => (org.jira!.issues[0]!.key = "OTHER-1"))).toBe('jira.issues[0].key: expected a key of project OPS like OPS-1, got "OTHER-1"');
    expect(await load("dup.json", (org) => (org.jira!.issues[1]!.key = "OPS-1"))).toBe("jira.issues[1].key: duplicate Jira issue key OPS-1");
    expect(await load("label.json", (org) => (org.jira!.issues[0]!.labels = ["deployment gh-run:100"]))).toBe('jira.issues[0].labels[0]: a Jira label has no spaces, got "deployment gh-run:100"');
    expect(await load("category.json", (org) => ((org.jira!.issues[0]!.transitions[0] as { to: string }).to = "closed"))).toBe(
      "jira.issues[0].transitions[0].to: expected one of new, indeterminate, done, got \"closed\"",
    );
  });

  it("reject a transition before the issue was created or out of order", async () => {
    expect(await load("early.json", (org) => (org.jira!.issues[0]!.transitions[0]!.at = "2026-02-28T10:00:00Z"))).toBe(
      "jira.issues[0].transitions[0].at: expected a time after the creation and the previous transition (2026-03-01T10:00:00Z)",
    );
    expect(await load("order.json", (org) => (org.jira!.issues[0]!.transitions[1]!.at = "2026-03-01T10:01:00Z"))).toBe(
      "jira.issues[0].transitions[1].at: expected a time after the creation and the previous transition (2026-03-01T10:05:00Z)",
    );
  });

  it("reject a Jira field knob that is not a field id, and a component two services map", async () => {
    expect(await load("field.json", (org) => (org.settings!.jira_deployment_field = "Deployment id"))).toBe(
      'settings.jira_deployment_field: expected a Jira field id like customfield_10050, got "Deployment id"',
    );
    expect(
      await load("component.json", (org) => {
        org.services.push({ ...org.services[0]!, name: "api-2" });
      }),
    ).toBe("services[1].jira_components[0]: duplicate Jira component api");
  });
});
