// What the Dataform models read of doraform.yaml is a JSON file in includes/ (Google Cloud Dataform
// compiles the repository and cannot read YAML): `doraform config sync` writes it, `doraform lint`
// and `config check` fail when it is stale, and the real compiler reads it.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { generatedDifference, generatedText, writeGenerated } from "../../core/config/generated.ts";
import { loadConfig, parseConfig } from "../../core/config/load.ts";
import { compileProject } from "../../warehouse/compile.ts";
import { transform } from "../../warehouse/transform.ts";

const REPOSITORY = path.resolve(import.meta.dirname, "../..");
const project = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-generated-"));
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

const YAML = [
  "services:",
  "  - name: payments",
  "    team: money",
  "    repository: acme/payments",
  "overrides:",
  "  incident_links:",
  "    - { incident_id: PINC42, deployment_id: gh-run:4242 }",
  "targets:",
  "  - { quarter: 2026-Q4, metric: lead_time_p50, scope: team, name: money, target: 36h }",
  "  - { quarter: 2026-Q3, metric: change_failure_rate, target: 12.5% }",
  "  - { quarter: 2026-Q3, metric: deployment_frequency, scope: service, name: payments, target: 3 }",
  "",
].join("\n");

function doraform(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: result.status, stderr: result.stderr };
}

describe("includes/generated/doraform.json", () => {
  it("the committed file is what this repository's doraform.yaml (or its absence) gives", () => {
    expect(generatedDifference(loadConfig(path.join(REPOSITORY, "doraform.yaml"), {}), REPOSITORY)).toBeUndefined();
  });

  it("is stale once doraform.yaml changes, until it is written again", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-sync-"));
    const loaded = { ...parseConfig(YAML), file: path.join(root, "doraform.yaml") };
    expect(generatedDifference(loaded, root)).toBe(
      "includes/generated/doraform.json is missing: run `doraform config sync` and commit it (Dataform reads that file, not doraform.yaml)",
    );
    expect(writeGenerated(loaded, root)).toBe(true);
    expect(generatedDifference(loaded, root)).toBeUndefined();
    expect(writeGenerated(loaded, root)).toBe(false);
    const edited = { ...parseConfig(YAML.replace("team: money", "team: finance")), file: loaded.file };
    expect(generatedDifference(edited, root)).toBe(
      "includes/generated/doraform.json differs from doraform.yaml: run `doraform config sync` and commit it (Dataform reads that file, not doraform.yaml)",
    );
    fs.rmSync(root, { recursive: true });
  });

  it("holds doraform.yaml's targets in the marts' units with which way is better; a target twice, or one it cannot read, fails in one line", () => {
    expect(JSON.parse(generatedText(parseConfig(YAML))).targets).toEqual([
      { scope: "team", name: "money", quarter: "2026-Q4", metric: "lead_time_p50", target: 36 * 3600, better: "lower" },
      { scope: "organisation", name: "all", quarter: "2026-Q3", metric: "change_failure_rate", target: 0.125, better: "lower" },
      { scope: "service", name: "payments", quarter: "2026-Q3", metric: "deployment_frequency", target: 3, better: "higher" },
    ]);
    const twice = parseConfig(`${YAML}  - { quarter: 2026-Q3, metric: change_failure_rate, scope: organisation, target: 10% }\n`);
    expect(() => generatedText(twice)).toThrow(/^doraform\.yaml:12:5: targets\[3\]: a second 2026-Q3 target for change_failure_rate of the organisation \(first at doraform\.yaml:10:5: targets\[1\]\)$/);
    const unreadable = parseConfig(YAML.replace("target: 36h", "target: soon"));
    expect(() => generatedText(unreadable)).toThrow(/^doraform\.yaml:9:5: targets\[0\]: target "soon" for lead_time_p50 is not a duration/);
  });

  it("`config check` and `lint` fail with that one line while stale; an invalid doraform.yaml stops them at its line", () => {
    const file = path.join(project, "elsewhere.yaml");
    fs.writeFileSync(file, YAML);
    const check = doraform(["config", "check"], { DORAFORM_CONFIG: file });
    expect(check.stderr).toBe("doraform: includes/generated/doraform.json differs from doraform.yaml: run `doraform config sync` and commit it (Dataform reads that file, not doraform.yaml)\n");
    expect(check.status).toBe(1);
    const lint = doraform(["lint"], { DORAFORM_CONFIG: file });
    expect(lint.stderr).toBe(check.stderr);
    expect(lint.status).toBe(1);
    // an invalid doraform.yaml stops both at its line
    fs.writeFileSync(file, "services:\n  - name: api\n");
    expect(doraform(["config", "check"], { DORAFORM_CONFIG: file }).stderr).toBe(`doraform: ${file}:2:5: services[0]: needs "team"\n`);
  });

  it("transform refuses to build from a stale copy, before touching the warehouse", async () => {
    const file = path.join(project, "stale.yaml");
    fs.writeFileSync(file, YAML);
    const database = path.join(project, "never.duckdb");
    process.env.DORAFORM_CONFIG = file;
    try {
      await expect(transform({ database, vars: {} })).rejects.toThrow(/^includes\/generated\/doraform\.json differs from doraform\.yaml: run `doraform config sync`/);
    } finally {
      delete process.env.DORAFORM_CONFIG;
    }
    expect(fs.existsSync(database)).toBe(false);
  });

  it("the Dataform compiler reads the catalog and the overrides from it, and the vars catalog_json and overrides_json win", async () => {
    for (const entry of ["definitions", "includes", "workflow_settings.yaml"]) fs.cpSync(path.join(REPOSITORY, entry), path.join(project, entry), { recursive: true });
    writeGenerated({ ...parseConfig(YAML), file: path.join(project, "doraform.yaml") }, project);
    const sql = (graph: Awaited<ReturnType<typeof compileProject>>, name: string) => graph.tables?.find((table) => table.target?.name === name)?.query ?? "";
    const fromFile = await compileProject(project, { vars: { warehouse: "duckdb" } });
    expect(sql(fromFile, "int_services")).toContain("'payments'");
    expect(sql(fromFile, "int_services")).toContain("'money'");
    expect(sql(fromFile, "int_incident_references__found")).toContain("'PINC42'");
    // the targets, as the quarterly_targets mart judges them
    expect(sql(fromFile, "quarterly_targets")).toContain("cast('money' as string) as name, date '2026-10-01' as quarter_start, cast('lead_time_p50' as string) as metric, cast(129600 as DOUBLE) as target");
    const fromVars = await compileProject(project, {
      vars: { warehouse: "duckdb", catalog_json: JSON.stringify({ services: [{ name: "checkout", team: "web", repository: "acme/checkout" }] }), overrides_json: "{}" },
    });
    expect(sql(fromVars, "int_services")).toContain("'checkout'");
    expect(sql(fromVars, "int_services")).not.toContain("'payments'");
    expect(sql(fromVars, "int_incident_references__found")).not.toContain("'PINC42'");
  }, 300_000);
});

