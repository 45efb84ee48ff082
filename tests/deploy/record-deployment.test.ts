import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";

const ACTION = ".github/actions/record-deployment";
const run = promisify(execFile);

interface Action {
  inputs: Record<string, { required: boolean; default?: string }>;
  runs: { using: string; steps: Array<{ env?: Record<string, string>; run?: string; shell?: string }> };
}

let received: Array<{ path: string; body: unknown }> = [];
let status = 202;
let url = "";
let close: () => void;
beforeEach(async () => {
  received = [];
  status = 202;
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      received.push({ path: req.url ?? "", body: JSON.parse(text) });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(status === 202 ? { status: "success", message: "Change event processed" } : { status: "invalid event", message: "Event object is invalid" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/change/enqueue`;
  close = () => server.close();
});
afterEach(() => close());

/** Runs the action's script as the composite step would: its env block with the inputs filled in. */
const send = (inputs: Record<string, string>) =>
  run("node", [`${ACTION}/send-change-event.mjs`], {
    env: {
      PATH: process.env.PATH,
      GITHUB_RUN_ID: "9001",
      GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
      GITHUB_REF: "refs/heads/main",
      GITHUB_REPOSITORY: "acme/payments",
      ROUTING_KEY: "R0UTINGKEY0000000000000000000001",
      SERVICE: "payments",
      ENVIRONMENT: "production",
      EVENTS_URL: url,
      RUN_URL: "https://github.com/acme/payments/actions/runs/9001",
      ...inputs,
    },
  });

describe("the record-deployment action", () => {
  it("is a composite action whose step reads only inputs it declares", () => {
    const action = parse(readFileSync(`${ACTION}/action.yml`, "utf8")) as Action;
    expect(action.runs.using).toBe("composite");
    const used = [...readFileSync(`${ACTION}/action.yml`, "utf8").matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(Object.keys(action.inputs)));
    for (const step of action.runs.steps) if (step.run) expect(step.shell).toBe("bash");
  });

  it("sends a change event carrying the run's deployment id, gh-run:<run id>, by default", async () => {
    const { stdout } = await send({ DEPLOYMENT_ID: "" });
    expect(received).toHaveLength(1);
    const body = received[0].body as { routing_key: string; payload: { summary: string; source: string; custom_details: Record<string, string> }; links: unknown[] };
    expect(received[0].path).toBe("/v2/change/enqueue");
    expect(body.routing_key).toBe("R0UTINGKEY0000000000000000000001");
    expect(body.payload.custom_details.deployment_id).toBe("gh-run:9001");
    expect(body.payload.custom_details.sha).toBe("0123456789abcdef0123456789abcdef01234567");
    expect(body.payload.summary).toBe("Deploy payments@0123456789ab to production (gh-run:9001)");
    expect(body.links).toEqual([{ href: "https://github.com/acme/payments/actions/runs/9001", text: "GitHub Actions run" }]);
    expect(stdout).toContain("recorded deployment gh-run:9001");
  });

  it("sends the deployment id it is given", async () => {
    await send({ DEPLOYMENT_ID: "gh-deploy:555" });
    expect((received[0].body as { payload: { custom_details: { deployment_id: string } } }).payload.custom_details.deployment_id).toBe("gh-deploy:555");
  });

  it("warns without failing the deployment, and without printing the routing key, when PagerDuty refuses the event", async () => {
    status = 400;
    const { stdout } = await send({});
    expect(stdout).toMatch(/^::warning::could not record deployment gh-run:9001 in PagerDuty: HTTP 400/m);
    expect(stdout).not.toContain("R0UTINGKEY");
  });
});
