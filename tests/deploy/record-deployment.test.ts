import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCompositeAction, type RunContext } from "./composite-action.ts";

const ACTION = ".github/actions/record-deployment";
const EXAMPLE = "docs/examples/service-repo/.github/workflows/deploy.yml";
/** How other repositories call the action: OWNER/REPO stands for wherever doraform is hosted, v1 for its major version tag. */
const PUBLISHED = /^OWNER\/REPO\/(?<path>[^@]+)@(?<ref>v\d+)$/;

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

const RUN: RunContext = {
  server_url: "https://github.com",
  repository: "acme/payments",
  run_id: "9001",
  sha: "0123456789abcdef0123456789abcdef01234567",
  ref: "refs/heads/main",
};
const ROUTING_KEY = "R0UTINGKEY0000000000000000000001";

/** The example workflow's step that uses this repository's action by its published reference. */
function exampleStep(): { uses: string; with: Record<string, string> } {
  const workflow = parse(readFileSync(EXAMPLE, "utf8")) as { jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }> };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const step = steps.find((s) => PUBLISHED.test(s.uses ?? ""));
  if (!step) throw new Error(`${EXAMPLE}: no step uses OWNER/REPO/<path>@v<major>`);
  return step as { uses: string; with: Record<string, string> };
}

/** The `with:` of the example deploy workflow's record step, its secret filled in as the runner would. */
function exampleInputs(): Record<string, string> {
  const step = exampleStep();
  const secrets: Record<string, string> = { PAGERDUTY_CHANGE_ROUTING_KEY: ROUTING_KEY };
  return Object.fromEntries(Object.entries(step.with!).map(([name, value]) => [name, String(value).replace(/\$\{\{\s*secrets\.(\w+)\s*\}\}/g, (_, key: string) => secrets[key]!)]));
}

/** Runs the action the example's reference resolves to, from its action.yml as the runner does: the example's inputs, PagerDuty on loopback, and `extra`. */
const send = (extra: Record<string, string> = {}) => runCompositeAction(PUBLISHED.exec(exampleStep().uses)!.groups!.path, { ...exampleInputs(), "events-url": url, ...extra }, RUN);

describe("the record-deployment action", () => {
  it("is used by the example service workflow by its published reference, which resolves to this action at major version v1", () => {
    const { path, ref } = PUBLISHED.exec(exampleStep().uses)!.groups!;
    expect(path).toBe(ACTION);
    expect(existsSync(`${path}/action.yml`)).toBe(true);
    expect(ref).toBe("v1");
    // no local path anywhere in the example: it would not resolve in a service's repository
    expect(readFileSync(EXAMPLE, "utf8")).not.toMatch(/uses:\s*\.\//);
  });

  it("is given by the example only inputs the action declares, and every required one", () => {
    const action = parse(readFileSync(`${ACTION}/action.yml`, "utf8")) as Action;
    const given = Object.keys(exampleStep().with);
    expect(given.filter((name) => !(name in action.inputs))).toEqual([]);
    expect(Object.entries(action.inputs).filter(([name, input]) => input.required && !given.includes(name))).toEqual([]);
  });

  it("documents every input and output in its README, with OWNER/REPO explained and never an invented address", () => {
    const action = parse(readFileSync(`${ACTION}/action.yml`, "utf8")) as Action & { outputs: Record<string, unknown> };
    const readme = readFileSync(`${ACTION}/README.md`, "utf8");
    const rows = (heading: string) => [...readme.split(`## ${heading}`)[1].split("\n## ")[0].matchAll(/^\| `([\w-]+)` \|/gm)].map((m) => m[1]);
    expect(rows("Inputs").sort()).toEqual(Object.keys(action.inputs).sort());
    expect(rows("Outputs").sort()).toEqual(Object.keys(action.outputs).sort());
    expect(readme).toContain("uses: OWNER/REPO/.github/actions/record-deployment@v1");
    expect(readme).toMatch(/`OWNER\/REPO` is a placeholder/);
    // the only https addresses: PagerDuty's own endpoint
    expect([...readme.matchAll(/https:\/\/[^\s`)]+/g)].map((m) => m[0])).toEqual(["https://events.pagerduty.com/v2/change/enqueue"]);
  });

  it("is a composite action whose step reads only inputs it declares", () => {
    const action = parse(readFileSync(`${ACTION}/action.yml`, "utf8")) as Action;
    expect(action.runs.using).toBe("composite");
    const used = [...readFileSync(`${ACTION}/action.yml`, "utf8").matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(Object.keys(action.inputs)));
    for (const step of action.runs.steps) if (step.run) expect(step.shell).toBe("bash");
  });

  it("sends a change event carrying the run's deployment id, gh-run:<run id>, by default, run from action.yml as the example workflow calls it", async () => {
    const { stdout, outputs } = await send();
    expect(received).toHaveLength(1);
    const body = received[0].body as { routing_key: string; payload: { summary: string; source: string; custom_details: Record<string, string> }; links: unknown[] };
    expect(received[0].path).toBe("/v2/change/enqueue");
    expect(body.routing_key).toBe(ROUTING_KEY);
    // the example workflow deploys the service payments to the default environment
    expect(body.payload.custom_details).toEqual({
      deployment_id: "gh-run:9001",
      service: "payments",
      environment: "production",
      sha: "0123456789abcdef0123456789abcdef01234567",
      ref: "refs/heads/main",
      repository: "acme/payments",
    });
    expect(body.payload.summary).toBe("Deploy payments@0123456789ab to production (gh-run:9001)");
    expect(body.payload.source).toBe("github-actions");
    expect(body.links).toEqual([{ href: "https://github.com/acme/payments/actions/runs/9001", text: "GitHub Actions run" }]);
    expect(stdout).toContain("recorded deployment gh-run:9001");
    expect(outputs).toEqual({ "deployment-id": "gh-run:9001", recorded: "true" });
  });

  it("sends the deployment id and environment it is given, and names the id in its output", async () => {
    const { outputs } = await send({ "deployment-id": "gh-deploy:555", environment: "staging" });
    const body = received[0].body as { payload: { summary: string; custom_details: { deployment_id: string; environment: string } } };
    expect(body.payload.custom_details.deployment_id).toBe("gh-deploy:555");
    expect(body.payload.custom_details.environment).toBe("staging");
    expect(body.payload.summary).toBe("Deploy payments@0123456789ab to staging (gh-deploy:555)");
    expect(outputs).toEqual({ "deployment-id": "gh-deploy:555", recorded: "true" });
  });

  it("warns without failing the deployment, and without printing the routing key, when PagerDuty refuses the event", async () => {
    status = 400;
    const { stdout, outputs } = await send();
    expect(outputs).toEqual({ "deployment-id": "gh-run:9001", recorded: "false" });
    expect(stdout).toMatch(/^::warning::could not record deployment gh-run:9001 in PagerDuty: HTTP 400/m);
    expect(stdout).not.toContain("R0UTINGKEY");
  });
});
