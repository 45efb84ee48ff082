/**
 * Late incident data on incremental runs: one warehouse, built once, then each step lands what a
 * later sync reads (extracted days or weeks after the incident; the events themselves before the
 * organisation's as_of, which the record generation keeps to) and runs the models again. After
 * every step the marts equal what a full build of the same raw data gives (the oracle, which
 * marts-match-oracle.test.ts holds to the full build), and int_incidents and
 * int_incident_references__found were merged, not rebuilt. A warehouse from before, whose incident
 * tables lack the watermark and fingerprint columns, gains them on the next run. Small
 * organisation: fixtures/small-organisation.ts; Jira: the jira-and-pagerduty scenario.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { Organisation } from "../../demo/model/organisation.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { loadScenario } from "../../demo/scenario/load.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { martDifferences } from "./compare-marts.ts";
import { smallOrganisation, withLateRerun } from "./fixtures/small-organisation.ts";
import { newRecords, rawStreams } from "../../demo/warehouse/organisation-records.ts";
import { CATALOG, failures, landAndRun, runModels } from "../../demo/warehouse/run-models.ts";

interface Step {
  /** When the sync that lands the step's records extracted them. */
  at: string;
  change: (org: Organisation) => void;
}

/** Builds `org`, then for each step lands what it adds and runs again: the marts' differences from the oracle after each step. */
async function steps(org: Organisation, list: Step[]): Promise<Array<{ at: string; incidents?: string; references?: string; differences: unknown[] }>> {
  const { database, result } = await runModels(org);
  expect(failures(result)).toEqual([]);
  const outcomes = [];
  let current = org;
  for (const step of list) {
    const next = structuredClone(current);
    step.change(next);
    const run = await landAndRun(database, newRecords(rawStreams(current), rawStreams(next)), step.at, next);
    expect(failures(run), step.at).toEqual([]);
    const check = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
    try {
      outcomes.push({
        at: step.at,
        incidents: run.actions.find((action) => action.name.endsWith(".int_incidents"))?.message,
        references: run.actions.find((action) => action.name.endsWith(".int_incident_references__found"))?.message,
        differences: await martDifferences(check, expectedMarts(next)),
      });
    } finally {
      check.close();
    }
    current = next;
  }
  return outcomes;
}

const incident = (org: Organisation, id: string) => {
  const found = org.pagerduty?.incidents.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no incident ${id}`);
  return found;
};

describe("late incident data on incremental runs", () => {
  it("a note, a re-run, a resolution, a link weeks later and a changed override each give the full build's marts", async () => {
    const outcomes = await steps(smallOrganisation, [
      // a note days later naming 103, which failed: a dangling reference
      { at: "2026-03-12T06:00:00Z", change: (org) => void incident(org, "PINC3").notes.push({ id: "N3", content: "deployment: gh-run:103", created_at: "2026-03-11T10:00:00Z" }) },
      // 103's re-run succeeds: the kept reference now names a successful deployment, PINC3's cause
      { at: "2026-03-13T06:00:00Z", change: (org) => Object.assign(org, withLateRerun(org)) },
      // PINC3 resolved, and a runbook note naming its fix, a day apart
      { at: "2026-03-14T06:00:00Z", change: (org) => void incident(org, "PINC3").status_changes.push({ type: "resolve", at: "2026-03-11T11:00:00Z" }) },
      { at: "2026-03-15T06:00:00Z", change: (org) => void incident(org, "PINC3").notes.push({ id: "N4", content: "resolved-by: gh-run:104", created_at: "2026-03-11T11:30:00Z" }) },
      // PINC2 linked to its cause weeks after it (the custom field `doraform link-incident` sets)
      { at: "2026-04-01T06:00:00Z", change: (org) => Object.assign(incident(org, "PINC2"), { custom_fields: { deployment_id: "gh-run:100" } }) },
      // the overrides changed: PINC1 linked by hand, PINC2 not caused by a change; nothing new landed
      {
        at: "2026-04-02T06:00:00Z",
        change: (org) => {
          org.overrides = { ...org.overrides, incident_links: [{ incident_id: "PINC1", deployment_id: "gh-run:100" }], not_caused_by_change: ["PINC2"] };
        },
      },
    ]);
    expect(outcomes).toEqual(outcomes.map(({ at }) => ({ at, incidents: "merged", references: "merged", differences: [] })));
  }, 600_000);

  it("a Jira issue updated later, no longer the same as its PagerDuty incident and naming another deployment, gives the full build's marts", async () => {
    const org = await loadScenario(path.join(import.meta.dirname, "..", "..", "demo", "scenarios", "jira-and-pagerduty.yaml"));
    const outcomes = await steps(org, [
      {
        at: "2026-03-20T06:00:00Z",
        change: (next) => {
          const issue = next.jira?.issues.find((candidate) => candidate.key === "OPS-3");
          if (!issue) throw new Error("no OPS-3");
          // OPS-3 counted as PINC101 with its deployment field 305: now an incident of its own naming 302
          issue.custom_fields = { customfield_10050: "gh-run:302" };
          issue.edits = [...(issue.edits ?? []), "2026-03-11T09:00:00Z"];
        },
      },
    ]);
    expect(outcomes).toEqual([{ at: "2026-03-20T06:00:00Z", incidents: "merged", references: "merged", differences: [] }]);
  }, 600_000);

  it("a warehouse whose incident tables were built before they were incremental derives them again whole, with no full refresh", async () => {
    const { database } = await runModels(smallOrganisation);
    const older = await openWarehouse({ file: database, catalog: CATALOG });
    try {
      // as the tables were: no watermark, no fingerprint
      for (const table of ["int_incidents", "int_incident_references__found"]) {
        await older.run(`alter table dora_staging.${table} drop column extracted_at`);
        await older.run(`alter table dora_staging.${table} drop column rules_fingerprint`);
      }
    } finally {
      older.close();
    }
    const next = await landAndRun(database, new Map(), "2026-03-12T06:00:00Z", smallOrganisation);
    expect(failures(next)).toEqual([]);
    const check = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
    try {
      const [kept] = await check.all<{ unmarked: bigint }>("select count(*) as unmarked from dora_staging.int_incidents where rules_fingerprint is null or extracted_at is null");
      expect(Number(kept.unmarked)).toBe(0);
      expect(await martDifferences(check, expectedMarts(smallOrganisation))).toEqual([]);
    } finally {
      check.close();
    }
  }, 600_000);
});
