import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { projectSettings } from "../../ingest/load/raw-table.ts";
import { openWarehouse } from "../../warehouse/duckdb.ts";

const run = promisify(execFile);
let server: DemoServer;
let incidentIds: string[];
let database: string;

beforeAll(async () => {
  const org = generateOrganisation({ ...SIZES.tiny, seed: 7 });
  incidentIds = org.pagerduty.incidents.filter((i) => "deployment_id" in i.custom_fields && i.custom_fields.deployment_id === null).map((i) => i.id);
  server = await startDemoServer(org);
  database = join(mkdtempSync(join(tmpdir(), "doraform-runbook-")), "warehouse.duckdb");
}, 60_000);
afterAll(async () => {
  await server.close();
});

/** The real CLI, as an SRE runs it. */
const doraform = (args: string[], env: Record<string, string> = {}) =>
  run("node", ["bin/doraform.js", ...args, "--database", database], {
    env: { PATH: process.env.PATH, PAGERDUTY_API_URL: server.env.PAGERDUTY_API_URL, PAGERDUTY_TOKEN: server.env.PAGERDUTY_TOKEN, PAGERDUTY_FROM: "sre@example.com", ...env },
  });

const pd = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${server.env.PAGERDUTY_API_URL}${path}`, { headers: { authorization: `Token token=${server.env.PAGERDUTY_TOKEN}` } });
  return (await response.json()) as T;
};

async function rows(stream: string): Promise<Array<Record<string, string>>> {
  const warehouse = await openWarehouse({ file: database, catalog: projectSettings().project, readOnly: true });
  try {
    const found = await warehouse.all<{ _airbyte_data: string }>(`SELECT _airbyte_data FROM airbyte_internal.doraform_raw__stream_${stream}`);
    return found.map((r) => JSON.parse(r._airbyte_data) as Record<string, string>);
  } finally {
    warehouse.close();
  }
}

describe("doraform mark-resolution", () => {
  it("adds the note resolved-by: <deployment> once even when run twice, and records the resolution once", async () => {
    const incident = incidentIds[0];
    const first = await doraform(["mark-resolution", "--incident", incident, "--deployment", "gh-run:4242"]);
    expect(first.stdout).toBe(`incident ${incident}: added note "resolved-by: gh-run:4242"\nwarehouse: recorded resolution of ${incident} by gh-run:4242\n`);
    const second = await doraform(["mark-resolution", "--incident", incident, "--deployment", "gh-run:4242"]);
    expect(second.stdout).toBe(`incident ${incident}: note already there "resolved-by: gh-run:4242"\nwarehouse: already recorded resolution of ${incident} by gh-run:4242\n`);
    const { notes } = await pd<{ notes: Array<{ content: string }> }>(`/incidents/${incident}/notes`);
    expect(notes.filter((n) => n.content === "resolved-by: gh-run:4242")).toHaveLength(1);
    const landed = await rows("resolutions");
    expect(landed.map((r) => [r.incident_id, r.deployment_id])).toEqual([[incident, "gh-run:4242"]]);
  }, 60_000);

  it("says in one line that an incident does not exist", async () => {
    await expect(doraform(["mark-resolution", "--incident", "PNOSUCH", "--deployment", "gh-run:1"])).rejects.toMatchObject({
      code: 1,
      stderr: `doraform: incident PNOSUCH not found in PagerDuty (${server.env.PAGERDUTY_API_URL})\n`,
    });
  }, 60_000);

  it("says in one line that the token was refused, without printing it", async () => {
    const failure = doraform(["mark-resolution", "--incident", incidentIds[0], "--deployment", "gh-run:1"], { PAGERDUTY_TOKEN: "wrong-token-value" });
    await expect(failure).rejects.toMatchObject({ code: 1, stderr: `doraform: PagerDuty GET /incidents/${incidentIds[0]}: 401: PAGERDUTY_TOKEN was refused\n` });
  }, 60_000);
});

describe("doraform link-incident", () => {
  it("sets the deployment id custom field, once, and records the link once", async () => {
    const incident = incidentIds[1];
    const first = await doraform(["link-incident", "--incident", incident, "--deployment", "gh-deploy:77"]);
    expect(first.stdout).toBe(`incident ${incident}: set deployment_id to gh-deploy:77\nwarehouse: recorded link of ${incident} to gh-deploy:77\n`);
    const second = await doraform(["link-incident", "--incident", incident, "--deployment", "gh-deploy:77"]);
    expect(second.stdout).toBe(`incident ${incident}: deployment_id already gh-deploy:77\nwarehouse: already recorded link of ${incident} to gh-deploy:77\n`);
    const { custom_fields: fields } = await pd<{ custom_fields: Array<{ name: string; value: string | null }> }>(`/incidents/${incident}/custom_fields/values`);
    expect(fields.find((f) => f.name === "deployment_id")?.value).toBe("gh-deploy:77");
    expect((await rows("incident_links")).map((r) => [r.incident_id, r.deployment_id])).toEqual([[incident, "gh-deploy:77"]]);
  }, 60_000);

  it("names a custom field the incident does not have", async () => {
    await expect(doraform(["link-incident", "--incident", incidentIds[1], "--deployment", "gh-deploy:77", "--field", "cause"])).rejects.toMatchObject({
      code: 1,
      stderr: `doraform: incident ${incidentIds[1]} has no custom field cause: create it in PagerDuty (Incident custom fields) or pass --field\n`,
    });
  }, 60_000);

  it("needs PAGERDUTY_TOKEN", async () => {
    await expect(
      run("node", ["bin/doraform.js", "link-incident", "--incident", "P1", "--deployment", "gh-run:1", "--database", database], { env: { PATH: process.env.PATH } }),
    ).rejects.toMatchObject({ code: 1, stderr: "doraform: PAGERDUTY_TOKEN is not set\n" });
  }, 60_000);
});
