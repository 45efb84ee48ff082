import { describe, expect, it } from "vitest";
import { demoServers } from "./demo-harness.ts";
import { generateOrganisation } from "../../demo/generate/index.ts";
import { githubSource } from "../../ingest/github/source.ts";

const serve = demoServers();

describe("listing workflow runs", () => {
  it("reads every deploy run of a repository past GitHub's 1000-result cap on filtered listings", async () => {
    // one busy repository: over 1000 runs of its deploy workflow in 30 weeks
    const org = generateOrganisation({ services: 1, weeks: 30, deploysPerDay: 30, incidentsPerWeek: 0.2, seed: 2 });
    const server = await serve(org);
    const start = Date.parse(`${org.start_date}T00:00:00Z`);
    // the catalog names the deploy workflows (not all are called deploy*), as the models hand them to the extractor
    const deployWorkflows = org.services.flatMap((s) => s.deploy_workflows.map((path) => ({ repository: s.repository, path })));
    const deployWorkflowIds = new Set(
      org.repositories.flatMap((repo) => repo.workflows.filter((w) => deployWorkflows.some((d) => d.repository === repo.full_name && d.path === w.path)).map((w) => w.id)),
    );
    const expected = org.repositories.flatMap((repo) =>
      repo.workflow_runs.filter((run) => Date.parse(run.created_at) >= start && deployWorkflowIds.has(run.workflow_id)).map((run) => run.id),
    );
    expect(expected.length).toBeGreaterThan(1000);

    const config = githubSource.parseConfig({ start_date: org.start_date, deploy_workflows: deployWorkflows }, server.env);
    const ids: number[] = [];
    for await (const message of githubSource.read(config, new Set(["workflow_runs"]), new Map(), () => undefined)) {
      if (message.type === "RECORD") ids.push(message.record.data.id as number);
    }
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  });
});
