/**
 * The Jira models on what the source lands beyond the scenario's own records (docs/raw-streams.md,
 * `jira.issues`): a later sync's record of an issue wins, Jira times in other offsets, a select list
 * custom field; and a warehouse where Jira never landed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisationVars } from "../../demo/model/dataform-vars.ts";
import type { JiraIssue } from "../../demo/model/organisation.ts";
import { loadScenario } from "../../demo/scenario/load.ts";
import { jiraIssueJson } from "../../demo/server/jira/objects.ts";
import { openWarehouse, type Warehouse } from "../../core/duckdb.ts";
import { transform } from "../../warehouse/transform.ts";
import { smallOrganisation } from "./fixtures/small-organisation.ts";
import { landRawStreams, rawStreams } from "../../demo/warehouse/organisation-records.ts";
import { CATALOG, failures, runModels } from "../../demo/warehouse/run-models.ts";

const SCENARIO = path.join(import.meta.dirname, "..", "..", "demo", "scenarios", "jira-and-pagerduty.yaml");
const org = await loadScenario(SCENARIO);
const jira = org.jira!;
const issue = (key: string) => jira.issues.find((candidate) => candidate.key === key) as JiraIssue;

// the next sync, a day after as_of: OPS-5 (created 03-03 16:00, reopened 03-04 10:00) was resolved
// again at 03-06 10:00
const resolvedAgain = jiraIssueJson({ ...issue("OPS-5"), transitions: [...issue("OPS-5").transitions, { to: "done", at: "2026-03-06T10:00:00Z" }] }, jira);

// a new issue from a site whose times carry +0200, its deployment field a select list option naming 306
const berlin = jiraIssueJson({
  id: "10020", key: "OPS-20", issue_type: "Incident", summary: "Totals rounded twice", description: "", priority: "High",
  created: "2026-03-05T14:00:00Z", transitions: [{ to: "done", at: "2026-03-05T15:30:00Z" }], labels: [], components: ["Checkout"], custom_fields: {},
}, jira);
const fromBerlin = {
  ...berlin,
  fields: {
    ...berlin.fields,
    created: "2026-03-05T16:00:00.000+0200",
    updated: "2026-03-05T17:30:00.000+0200",
    resolutiondate: "2026-03-05T17:30:00.000+0200",
    customfield_10050: { self: "https://acme.atlassian.net/rest/api/3/customFieldOption/1", value: "gh-run:306", id: "1" },
  },
};

let warehouse: Warehouse;

beforeAll(async () => {
  const database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "doraform-jira-")), "warehouse.duckdb");
  const landing = await openWarehouse({ file: database, catalog: CATALOG });
  try {
    await landRawStreams(landing, rawStreams(org), org.as_of);
    await landRawStreams(landing, new Map([["jira_raw__stream_issues", [resolvedAgain, fromBerlin]]]), "2026-03-12T12:00:00Z");
  } finally {
    landing.close();
  }
  const result = await transform({ database, vars: organisationVars(org) });
  expect(failures(result)).toEqual([]);
  warehouse = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
}, 300_000);

afterAll(() => warehouse?.close());

const incident = async (id: string) =>
  (await warehouse.all<Record<string, unknown>>(
    `select service, strftime(started_at at time zone 'UTC', '%Y-%m-%dT%H:%M') as started, restore_seconds, caused_by_deployment_id, link_method
     from dora.incidents where incident_id = '${id}'`,
  ))[0];

describe("Jira issues in the warehouse", () => {
  it("a later sync's record of an issue wins: resolved again, it is restored at its new resolution", async () => {
    // 03-03 16:00 → 03-06 10:00 = 2 d 18 h = 237600 s
    expect(await incident("OPS-5")).toMatchObject({ service: "search", restore_seconds: "237600" });
  });

  it("reads Jira times in any offset as UTC, and a select list option as the deployment field", async () => {
    // 16:00+0200 = 14:00 UTC → 17:30+0200 = 15:30 UTC: 5400 s; the option names 306 (finished 03-04 15:00)
    expect(await incident("OPS-20")).toEqual({
      service: "shop", started: "2026-03-05T14:00", restore_seconds: "5400", caused_by_deployment_id: "gh-run:306", link_method: "custom_field",
    });
  });

  it("keeps one row per issue however often it landed", async () => {
    // the scenario's 11 Incident issues and OPS-20; OPS-5 landed twice
    const rows = await warehouse.all<{ issues: string }>("select count(*) as issues from dora_staging.stg_jira__issues");
    expect(rows).toEqual([{ issues: "12" }]);
  });
});

describe("a warehouse where Jira never landed", () => {
  it("builds, with no Jira incident and no Jira freshness", async () => {
    const { database, result } = await runModels(smallOrganisation);
    expect(failures(result)).toEqual([]);
    const without = await openWarehouse({ file: database, catalog: CATALOG, readOnly: true });
    try {
      expect(await without.all("select count(*) as jira from dora.incidents where source = 'jira'")).toEqual([{ jira: "0" }]);
      expect(await without.all("select value from dora.data_quality where check_name = 'freshness:jira_raw__stream_issues'")).toEqual([{ value: null }]);
    } finally {
      without.close();
    }
  }, 300_000);
});
