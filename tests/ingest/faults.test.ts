import { describe, expect, it } from "vitest";
import type { DemoServer } from "../../demo/server/index.ts";
import { githubSource } from "../../ingest/github/source.ts";
import { DuckDbLoader } from "../../ingest/load/duckdb.ts";
import { pagerdutySource } from "../../ingest/pagerduty/source.ts";
import { syncSource } from "../../ingest/sync.ts";
import { CATALOG, DATASET, demoServers, expectSameRecords, ingestConfig, syncDemo, temporaryDatabase } from "./demo-harness.ts";
import { smallOrganisation } from "./fixtures/small-org.ts";

const start = demoServers();
const serve = (options: Parameters<typeof start>[1]) => start(smallOrganisation(), options);

describe("a sync under the demo's fault mix", () => {
  it("lands the same records as without faults, and sends nothing before a retry-after expires", async () => {
    const org = smallOrganisation();
    const calm = await serve({});
    const reference = temporaryDatabase();
    await syncDemo(calm, org, reference);

    const stormy = await serve({ faults: true, seed: 11 });
    const file = temporaryDatabase();
    await syncDemo(stormy, org, file);

    expect(stormy.violations()).toEqual([]);
    const total = (server: DemoServer) => Object.values(server.requestCounts()).reduce((sum, n) => sum + n, 0);
    expect(total(stormy), "the faults made the client retry").toBeGreaterThan(total(calm));
    await expectSameRecords(file, reference);
  }, 300_000);
});

describe("a malformed answer", () => {
  it("fails each source's sync with one line naming the URL", async () => {
    const server = await serve({ malformed: true });
    const config = ingestConfig(smallOrganisation());
    const loader = await DuckDbLoader.open({ file: temporaryDatabase(), catalog: CATALOG, dataset: DATASET });
    const failure = (sync: Promise<unknown>) =>
      sync.then(
        () => new Error("the sync succeeded"),
        (error: unknown) => error as Error,
      );
    try {
      // the demo truncates a deploy workflow's runs (where GitHub deployments are found) and PagerDuty's incident listing
      const github = await failure(syncSource(githubSource, githubSource.parseConfig(config.github, server.env), loader, () => undefined));
      const pagerduty = await failure(syncSource(pagerdutySource, pagerdutySource.parseConfig(config.pagerduty, server.env), loader, () => undefined));
      expect(github.message).toMatch(new RegExp(`^github: malformed JSON in the response from ${server.url}/github/repos/acme/api/actions/workflows/\\d+/runs\\?\\S+$`));
      expect(pagerduty.message).toMatch(new RegExp(`^pagerduty: malformed JSON in the response from ${server.url}/pagerduty/incidents\\S+$`));
    } finally {
      await loader.close();
    }
  });
});
