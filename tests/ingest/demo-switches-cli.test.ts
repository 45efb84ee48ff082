import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { saveScenario } from "../../demo/scenario/index.ts";
import { withDemoServe } from "../../demo/serve-process.ts";
import { demoServers, expectSameRecords, ingestConfig, syncDemo, temporaryDatabase } from "./demo-harness.ts";
import { smallOrganisation } from "./fixtures/small-org.ts";
import { ingestProcess } from "./ingest-process.ts";

const serve = demoServers();

/** A scenario file and an ingest config file for `org`, beside a new warehouse file. */
async function files(org: Organisation): Promise<{ database: string; scenario: string; config: string }> {
  const database = temporaryDatabase();
  const scenario = join(dirname(database), "scenario.json");
  await saveScenario(org, scenario);
  const config = join(dirname(database), "ingest.json");
  writeFileSync(config, JSON.stringify(ingestConfig(org)));
  return { database, scenario, config };
}

const ENV_LINES = 5; // GitHub's three lines and PagerDuty's two: these organisations have no Jira

describe("demo serve's switches, typed as a user types them", () => {
  it("--malformed makes `doraform ingest github` and `ingest pagerduty` each exit 1 with one line naming the URL", async () => {
    const { database, scenario, config } = await files({ ...smallOrganisation(), jira: undefined });
    const code = await withDemoServe(
      scenario,
      ENV_LINES,
      async (env) => {
        const github = await ingestProcess(["github", "--database", database, "--config", config], env);
        const pagerduty = await ingestProcess(["pagerduty", "--database", database, "--config", config], env);
        expect(github.code, github.stderr).toBe(1);
        expect(github.lastLine).toMatch(new RegExp(`^doraform: github: malformed JSON in the response from ${env.GITHUB_API_URL}/repos/acme/api/actions/workflows/\\d+/runs\\?\\S+$`));
        expect(pagerduty.code, pagerduty.stderr).toBe(1);
        expect(pagerduty.lastLine).toMatch(new RegExp(`^doraform: pagerduty: malformed JSON in the response from ${env.PAGERDUTY_API_URL}/incidents\\?\\S+$`));
      },
      { flags: ["--malformed"], entry: CLI },
    );
    expect(code).toBe(0);
  }, 300_000);

  it("--faults: `doraform ingest` waits out the rate limits it is given and lands what a calm server serves", async () => {
    const org = { ...generateOrganisation({ ...SIZES.tiny, seed: 3 }), jira: undefined };
    const reference = temporaryDatabase();
    await syncDemo(await serve(org), org, reference);

    const { database, scenario, config } = await files(org);
    const code = await withDemoServe(
      scenario,
      ENV_LINES,
      async (env) => {
        const run = await ingestProcess(["--database", database, "--config", config], env);
        expect(run.code, run.stderr).toBe(0);
        // the faults were on: the client was told to wait
        expect(run.stderr).toMatch(/^github: rate limited on GET \S+; waiting [12] s$/m);
      },
      { flags: ["--faults", "--seed", "11"], entry: CLI },
    );
    expect(code).toBe(0);
    await expectSameRecords(database, reference);
  }, 300_000);
});
