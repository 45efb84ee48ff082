// `doraform init` moves the older files (the catalog and overrides includes, an ingest config, a
// targets file) into doraform.yaml, and run again merges into it without undoing a person's edits.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../core/config/load.ts";
import { readLegacy } from "../../onboarding/init.ts";
import { writeConfigProposal } from "../../onboarding/proposal.ts";
import { doraform } from "../report/support/cli.ts";
import { generateOrganisation } from "../../demo/generate/index.ts";
import { expectedRows } from "../../demo/oracle/index.ts";
import { startDemoServer } from "../../demo/server/index.ts";

const LEGACY = path.resolve(import.meta.dirname, "fixtures/legacy");
const legacyFiles = { catalog: path.join(LEGACY, "catalog_data.js"), overrides: path.join(LEGACY, "overrides.js"), ingestConfig: path.join(LEGACY, "ingest.yaml") };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-init-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const nothingDiscovered = { services: [], undecided: [] };

describe("migration from the older files", () => {
  const text = writeConfigProposal(undefined, nothingDiscovered, readLegacy(legacyFiles));

  it("carries the catalog, settings, overrides and source settings over, the deploy workflows onto their repository's service", () => {
    expect(parseConfig(text).config).toEqual({
      sources: { github: { organizations: ["acme"] }, pagerduty: { service_ids: ["PAPI"] } },
      services: [
        { name: "api", team: "platform", repository: "acme/api", deploy_workflows: [".github/workflows/deploy.yml"], pagerduty_service_ids: ["PAPI"] },
        // ingest.yaml's workflow of acme/web, with its job
        { name: "web", team: "web", repository: "acme/web", deploy_workflows: [".github/workflows/release.yml"], pagerduty_service_ids: [], jira_components: ["Web"], deploy_job: "ship" },
      ],
      teams: [],
      settings: { report_year: 2023, release_branch_pattern: "^(release|hotfix)/" },
      targets: [],
      overrides: { exclude_deployments: ["gh-run:99"], incident_links: [{ incident_id: "PXYZ789", deployment_id: "gh-run:123456" }] },
    });
  });

  it("copies no secret, and says in comments what it could not carry over", () => {
    expect(text).not.toContain("ghp_legacySecret");
    expect(text).not.toContain("u+legacyKey");
    const undecided = text.slice(text.indexOf("# Undecided by doraform init"), text.indexOf("\nservices:"));
    expect(undecided.split("\n").slice(1)).toEqual([
      `#   - ${legacyFiles.ingestConfig}: github.token holds a secret, not copied: put it in an environment variable and name it with sources.github.token_env`,
      `#   - ${legacyFiles.ingestConfig}: deploy workflow .github/workflows/deploy.yml of acme/tools: no service of that repository; add it to a service's deploy_workflows`,
      `#   - ${legacyFiles.ingestConfig}: pagerduty.token holds a secret, not copied: put it in an environment variable and name it with sources.pagerduty.token_env`,
    ]);
    expect(text).toContain("  # from includes/catalog_data.js (certain)\n  - name: api\n");
  });
});

it("today's includes are not older files: their generated copy may be staler than doraform.yaml, so init reads nothing from them", () => {
  const includes = path.join(dir, "includes");
  fs.mkdirSync(path.join(includes, "generated"), { recursive: true });
  for (const file of ["catalog_data.js", "overrides.js"]) fs.copyFileSync(path.resolve(import.meta.dirname, "../../includes", file), path.join(includes, file));
  // a service a person has since removed from doraform.yaml, before syncing
  const removed = { services: [{ name: "gone", team: "t", repository: "acme/gone" }], settings: {}, overrides: { exclude_deployments: ["gh-run:1"] } };
  fs.writeFileSync(path.join(includes, "generated/doraform.json"), JSON.stringify(removed));
  const legacy = readLegacy({ catalog: path.join(includes, "catalog_data.js"), overrides: path.join(includes, "overrides.js") });
  expect([legacy.services, legacy.overrides]).toEqual([[], {}]);
});

describe("run again, init merges into the file a person edited", () => {
  const first = writeConfigProposal(undefined, {
    services: [
      { service: { name: "api", team: "platform", repository: "acme/api", deploy_workflows: [".github/workflows/deploy.yml"], pagerduty_service_ids: ["P1"] }, how: "deploy.yml deploys to production", confidence: "certain" },
      { service: { name: "web", team: "web", repository: "acme/web", deploy_workflows: [".github/workflows/cd.yml"], pagerduty_service_ids: [] }, how: "team from CODEOWNERS", confidence: "likely" },
    ],
    undecided: ["acme/tools: no deploy workflow found"],
  });
  // a person renames api, moves web to another team with a comment, and sets a knob
  const edited = first.replace("name: api", "name: public-api").replace("team: web\n", "team: frontend # moved in March\n") + "settings:\n  min_sample: 3 # we are small\n";
  const second = writeConfigProposal(edited, {
    services: [
      { service: { name: "api", team: "platform", repository: "acme/api", deploy_workflows: [".github/workflows/deploy.yml", ".github/workflows/release.yml"], pagerduty_service_ids: ["P1"] }, how: "release.yml deploys too", confidence: "likely" },
      { service: { name: "web", team: "web", repository: "acme/web", deploy_workflows: [".github/workflows/cd.yml"], pagerduty_service_ids: [] }, how: "team from CODEOWNERS", confidence: "likely" },
      { service: { name: "jobs", team: "data", repository: "acme/jobs", deploy_workflows: [], pagerduty_service_ids: [] }, how: "a new repository", confidence: "guess" },
    ],
    undecided: ["acme/tools: still no deploy workflow"],
  });

  it("adds entries to the empty list a first run without services wrote, one line per key", () => {
    const empty = writeConfigProposal(undefined, nothingDiscovered);
    expect(empty.endsWith("services: []\n")).toBe(true);
    const service = { name: "api", team: "platform", repository: "acme/api", deploy_workflows: [], pagerduty_service_ids: [] };
    expect(writeConfigProposal(empty, { services: [{ service, how: "found", confidence: "guess" }], undecided: [] })).toContain("services:\n  # found (guess)\n  - name: api\n    team: platform\n");
  });

  it("writes each discovered entry with how it was inferred, and what it could not decide", () => {
    expect(first).toContain("  # deploy.yml deploys to production (certain)\n  - name: api\n");
    expect(first).toContain("# Undecided by doraform init (decide, then delete these lines):\n#   - acme/tools: no deploy workflow found\nservices:\n");
  });

  it("keeps the renamed service, the edited team and its comment, and the knob; adds the new repository and the workflow that appeared", () => {
    const { config } = parseConfig(second);
    expect(config.services.map((s) => [s.name, s.team, s.deploy_workflows])).toEqual([
      ["public-api", "platform", [".github/workflows/deploy.yml", ".github/workflows/release.yml"]],
      ["web", "frontend", [".github/workflows/cd.yml"]],
      ["jobs", "data", []],
    ]);
    expect(config.settings).toEqual({ min_sample: 3 });
    expect(second).toContain("    team: frontend # moved in March\n");
    expect(second).toContain("  min_sample: 3 # we are small\n");
    expect(second).toContain("      - .github/workflows/release.yml # added by doraform init: release.yml deploys too (likely)\n");
    expect(second).toContain("  # a new repository (guess)\n  - name: jobs\n");
  });

  it("replaces its own list of what it could not decide, and changes nothing when nothing is new", () => {
    expect(second).toContain("#   - acme/tools: still no deploy workflow\nservices:\n");
    expect(second).not.toContain("no deploy workflow found");
    expect(writeConfigProposal(second, { services: [], undecided: ["acme/tools: still no deploy workflow"] })).toBe(second);
  });
});

it("`doraform init` writes doraform.yaml from the older files, and a second run leaves it as it is", async () => {
  const file = path.join(dir, "doraform.yaml");
  const args = ["init", "--no-discover", "--catalog", legacyFiles.catalog, "--overrides", legacyFiles.overrides, "--ingest-config", legacyFiles.ingestConfig];
  const run = await doraform(args, { DORAFORM_CONFIG: file });
  expect(run.stderr.split("\n")[0]).toBe(`init: wrote ${file} (2 services, 3 lines to decide, listed above services:)`);
  expect(run.code).toBe(0);
  const written = fs.readFileSync(file, "utf8");
  expect(parseConfig(written).config.services.map((s) => s.name)).toEqual(["api", "web"]);
  const again = await doraform(args, { DORAFORM_CONFIG: file });
  expect(again.code).toBe(0);
  expect(fs.readFileSync(file, "utf8")).toBe(written);
}, 120_000);

it("`doraform init` with a token proposes the catalog discovered from GitHub and PagerDuty, each entry with how it was found", async () => {
  const org = generateOrganisation({ services: 8, weeks: 2, seed: 2 });
  const server = await startDemoServer(org);
  try {
    const file = path.join(dir, "discovered.yaml");
    const run = await doraform(["init", "--dry-run"], { ...server.env, DORAFORM_CONFIG: file });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("init: discovering the catalog from GitHub, PagerDuty\n");
    const services = parseConfig(run.stdout).config.services;
    const where = (s: { repository: string; path_prefixes?: string[] }) => `${s.repository} ${(s.path_prefixes ?? []).join(",")}`;
    const truth = expectedRows(org).filter((row) => row.table === "catalog") as unknown as Array<{ repository: string; path_prefixes?: string[] }>;
    expect(services.map(where).sort()).toEqual(truth.map(where).sort());
    // every proposed entry carries its note: how it was inferred and how sure it is
    expect(run.stdout.match(/^ {2}# .+ \((certain|likely|guess)\)\n {2}- name: /gm)).toHaveLength(services.length);
    // and what it could not decide, above services:
    expect(run.stdout).toContain("# Undecided by doraform init (decide, then delete these lines):\n");
    expect(fs.existsSync(file)).toBe(false);
  } finally {
    await server.close();
  }
}, 120_000);
