/**
 * Late data on an incremental run: what arrives after the last run (a pull request merged and
 * shipped, a label that excludes a merged one, an incident resolved and linked) and a changed
 * catalog are reflected by the next run as a full build reflects them (the oracle), and the
 * incremental models are merged, not rebuilt.
 */
import { describe, expect, it } from "vitest";
import type { Organisation } from "../../demo/model/organisation.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { martDifferences } from "./compare-marts.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";
import { newRecords, rawStreams } from "../../demo/warehouse/organisation-records.ts";
import { CATALOG, failures, landAndRun, runModels } from "../../demo/warehouse/run-models.ts";

/** Builds `before`, lands what `after` adds, runs again; returns the second run's notes per model and the marts' differences from the oracle. */
async function lateRun(before: Organisation, after: Organisation): Promise<{ notes: Map<string, string | undefined>; differences: unknown[] }> {
  const { database, result } = await runModels(before);
  expect(failures(result)).toEqual([]);
  const next = await landAndRun(database, newRecords(rawStreams(before), rawStreams(after)), "2026-03-12T06:00:00Z", after);
  expect(failures(next)).toEqual([]);
  const check = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
  try {
    return {
      notes: new Map(next.actions.map((action) => [action.name.split(".").pop() ?? "", action.message])),
      differences: await martDifferences(check, expectedMarts(after)),
    };
  } finally {
    check.close();
  }
}

function later(change: (org: Organisation) => void, org: Organisation = smallOrganisation): Organisation {
  const copy = structuredClone(org);
  change(copy);
  return copy;
}

describe("late data on an incremental run", () => {
  it("a pull request merged and deployed after the last run is a deployed change in the next one", async () => {
    const after = later((org) => {
      const repo = org.repositories[0];
      repo.commits.push({ sha: "c5", parents: ["c4"], message: "five (#4)", author_login: "ann", author_date: "2026-03-09T08:00:00Z", committer_date: "2026-03-10T09:00:00Z", files: ["a"], pull_numbers: [4] });
      repo.branches = [{ name: "main", head_sha: "c5" }];
      repo.pull_requests.push({ id: 14, number: 4, title: "five", body: "", author_login: "ann", labels: [], head_ref: "five", base_ref: "main", created_at: "2026-03-09T09:00:00Z", updated_at: "2026-03-10T09:00:00Z", merged_at: "2026-03-10T09:00:00Z", closed_at: "2026-03-10T09:00:00Z", merge_commit_sha: "c5", merge_method: "squash", commit_shas: ["p4a"], files: ["a"] });
      repo.workflow_runs.push({ id: 106, workflow_id: 7, head_branch: "main", head_sha: "c5", event: "push", created_at: "2026-03-10T10:00:00Z", status: "completed",
        attempts: [{ run_attempt: 1, run_started_at: "2026-03-10T10:00:00Z", conclusion: "success", completed_at: "2026-03-10T10:11:00Z",
          jobs: [{ id: 1060, name: "deploy", started_at: "2026-03-10T10:01:00Z", completed_at: "2026-03-10T10:10:00Z", conclusion: "success" }] }] });
    });
    const { notes, differences } = await lateRun(smallOrganisation, after);
    expect(notes.get("int_changes__pull_requests")).toBe("merged");
    expect(differences).toEqual([]);
  }, 300_000);

  it("a label the overrides exclude, put on a merged pull request after the last run, removes its change in the next one", async () => {
    const excluding = later((org) => {
      org.overrides = { ...org.overrides, exclude_pull_request_labels: ["not-a-change"] };
    });
    const after = later((org) => {
      const pull = org.repositories[0].pull_requests.find((pr) => pr.number === 1);
      if (pull) Object.assign(pull, { labels: ["not-a-change"], updated_at: "2026-03-11T08:00:00Z" });
    }, excluding);
    const { notes, differences } = await lateRun(excluding, after);
    expect(notes.get("int_changes__pull_requests")).toBe("merged");
    expect(differences).toEqual([]);
  }, 300_000);

  it("a catalog changed since the last run (a bot login) applies to the changes kept from earlier runs, without a full refresh", async () => {
    const after = later((org) => {
      org.settings = { ...org.settings, bot_logins: ["bob"] };
    });
    const { notes, differences } = await lateRun(smallOrganisation, after);
    expect(notes.get("int_changes__pull_requests")).toBe("merged");
    expect(differences).toEqual([]);
  }, 300_000);

  it("an incident resolved after the last run, with its cause recorded late, counts as restored and linked in the next one", async () => {
    const after = later((org) => {
      const incident = org.pagerduty.incidents.find((i) => i.id === "PINC3");
      if (incident) Object.assign(incident, { status_changes: [{ type: "resolve", at: "2026-03-10T09:00:00Z" }], custom_fields: { deployment_id: "gh-run:104" } });
    });
    const { differences } = await lateRun(smallOrganisation, after);
    expect(differences).toEqual([]);
  }, 300_000);

  it("a compare read again by a later sync replaces its commit list instead of adding to it", async () => {
    const { database } = await runModels(smallOrganisation);
    const compares = rawStreams(smallOrganisation).get("github_raw__stream_deployment_commits") ?? [];
    const reread = compares.find((record) => Array.isArray(record.commit_shas) && record.commit_shas.length > 1);
    if (!reread) throw new Error("the small organisation has no compare of several commits");
    const shas = reread.commit_shas as string[];
    const keyOf = `repository = '${String(reread.repository)}' and base_sha = '${String(reread.base_sha)}' and head_sha = '${String(reread.head_sha)}'`;
    const listed = async () => {
      const warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
      try {
        const rows = await warehouse.all(`select commit_sha from dora_staging.int_deployment_commits__compares where ${keyOf} order by commit_sha`);
        return rows.map((row) => row.commit_sha);
      } finally {
        warehouse.close();
      }
    };
    expect(await listed()).toEqual([...shas].sort());

    // the same compare landed again, once with its list unchanged and once without its first commit
    for (const list of [shas, shas.slice(1)]) {
      const streams = new Map([["github_raw__stream_deployment_commits", [{ ...reread, commit_shas: list, total_commits: list.length }]]]);
      const next = await landAndRun(database, streams, list === shas ? "2026-03-12T06:00:00Z" : "2026-03-13T06:00:00Z", smallOrganisation);
      expect(failures(next)).toEqual([]);
      expect(next.actions.find((action) => action.name.endsWith(".int_deployment_commits__compares"))?.message).toBe("merged");
      expect(await listed()).toEqual([...list].sort());
    }
  }, 300_000);
});
