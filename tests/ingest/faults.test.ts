import { describe, expect, it } from "vitest";
import { UserError } from "../../cli/errors.ts";
import type { DemoServer } from "../../demo/server/index.ts";
import { demoServers, latestRecords, syncDemo, temporaryDatabase } from "./demo-harness.ts";
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
    const expected = await latestRecords(reference);
    const landed = await latestRecords(file);
    for (const stream of Object.keys(expected)) {
      const parsed = (records: Map<string, string>) => new Map([...records].map(([key, data]) => [key, JSON.parse(data)]));
      expect(parsed(landed[stream]!), stream).toEqual(parsed(expected[stream]!));
    }
  }, 300_000);
});

describe("a malformed answer", () => {
  it("fails the sync with one line naming the URL", async () => {
    const server = await serve({ malformed: true });
    const failure = await syncDemo(server, smallOrganisation(), temporaryDatabase()).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UserError);
    // the demo truncates GitHub's all-runs listing, which the extractor no longer reads (it lists deploy
    // workflows' runs), and PagerDuty's incident listing, which it does
    expect((failure as Error).message).toMatch(new RegExp(`^pagerduty: malformed JSON in the response from ${server.url}/pagerduty/incidents\\S+$`));
  });
});
