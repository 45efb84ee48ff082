import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeMartFile } from "../../demo/warehouse/mart-file.ts";
import { plantedOrganisation, LATEST_COMPLETE_WEEK } from "./support/planted-org.ts";
import { doraform } from "./support/cli.ts";

/** A webhook receiver on loopback that answers 500 to the first post and 200 after, listening. */
async function receiver() {
  const bodies: string[] = [];
  let requests = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      requests += 1;
      if (requests === 1) {
        res.writeHead(500).end("try again");
        return;
      }
      bodies.push(body);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // the path stands for the secret part of a Slack webhook URL
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/s3cr3t-token`;
  return { server, url, bodies, requests: () => requests };
}

describe("doraform alerts", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-alerts-"));
  const database = path.join(dir, "warehouse.duckdb");
  const servers: http.Server[] = [];
  /** A copy of the built warehouse and, to post to, a new receiver: no test sees what another one posted. */
  let copies = 0;
  function copy(): string {
    const file = path.join(dir, `copy-${++copies}.duckdb`);
    fs.copyFileSync(database, file);
    return file;
  }
  async function fresh() {
    const hook = await receiver();
    servers.push(hook.server);
    return { file: copy(), hook };
  }

  beforeAll(async () => {
    await writeMartFile(database, plantedOrganisation());
  }, 300_000);
  afterAll(() => {
    for (const server of servers) server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("prints the planted regressions of the latest complete week per service, team and organisation, and posts them once after a 500", async () => {
    const { file, hook } = await fresh();
    const run = await doraform(["alerts", "--database", file, "--webhook-url", hook.url, "--fail-on-alert"]);
    // api: 2 of 5 deployments failed (40%); its changes took 3 days against about 1 day before.
    // Team platform is api alone; the organisation: 2 failures in 9 deployments (22%), p50 3 days of 18 changes.
    // web and product had no failure and an unchanged lead time; billing deployed 2 changes, below the minimum sample.
    expect(run.stdout).toContain(`alerts for the week of ${LATEST_COMPLETE_WEEK}: 6 fired`);
    const fired = run.stdout.split("\n").filter((l) => l.startsWith("  ")).map((l) => l.trim().split(/\s+/).slice(0, 3).join(" "));
    expect(fired.sort()).toEqual(
      [
        "change_failure_rate_high service api:",
        "change_failure_rate_high team platform:",
        "change_failure_rate_high organisation: change",
        "lead_time_p50_up service api:",
        "lead_time_p50_up team platform:",
        "lead_time_p50_up organisation: p50",
      ].sort(),
    );
    expect(run.stdout).toContain("service api: change failure rate above 15%: 40.0% (n=5)");
    expect(run.stdout).toContain("organisation: change failure rate above 15%: 22.2% (n=9)");
    expect(hook.requests()).toBe(2);
    expect(hook.bodies).toHaveLength(1);
    const message = JSON.parse(hook.bodies[0]);
    expect(message.text).toContain(`week of ${LATEST_COMPLETE_WEEK}: 6 alerts`);
    expect(message.blocks).toHaveLength(7);
    expect(message.blocks[0].type).toBe("header");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("6 alerts fired");
    expect(run.stdout + run.stderr).not.toContain("s3cr3t-token");
  });

  it("does not post the same week's alerts again on a second run, and still fails the job", async () => {
    const { file, hook } = await fresh();
    const first = await doraform(["alerts", "--database", file, "--webhook-url", hook.url, "--fail-on-alert"]);
    expect(hook.bodies, first.stderr).toHaveLength(1);
    const run = await doraform(["alerts", "--database", file, "--webhook-url", hook.url, "--fail-on-alert"]);
    expect(run.stdout).toContain("posted 0, already posted 6");
    expect(hook.requests()).toBe(2); // the first run's 500 and its retry: nothing from the second
    expect(run.code).toBe(2);
  });

  it("names the webhook by its host only when it keeps refusing", async () => {
    const refusing = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    const port = (refusing.address() as AddressInfo).port;
    const run = await doraform(["alerts", "--database", copy(), "--webhook-url", `http://127.0.0.1:${port}/hooks/s3cr3t-token`]);
    refusing.close();
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`doraform: alerts webhook at 127.0.0.1:${port} refused the message: HTTP 404`);
  });

  it("exits 0 without --fail-on-alert, and reports a missing warehouse in one line", async () => {
    const quiet = await doraform(["alerts", "--database", copy()]);
    expect(quiet.code).toBe(0);
    const missing = await doraform(["alerts", "--database", path.join(dir, "none.duckdb")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toContain("none.duckdb");
  });
});
