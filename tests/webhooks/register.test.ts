/**
 * `doraform webhooks register` as a process against the demo's GitHub and PagerDuty on loopback,
 * through a proxy that records every request and answer, so the test sees exactly what was sent.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { organisation } from "../demo-server/fixture.ts";
import { requestChecker, responseChecker } from "../demo-server/openapi.ts";
import { startStub } from "../ingest/stub-server.ts";
import { doraform } from "../report/support/cli.ts";

const BASE = "https://dora.example.com/webhooks";
const SECRET = "gh-hook-secret-for-register-tests";

interface Exchange {
  method: string;
  path: string;
  sent: unknown;
  status: number;
  answer: unknown;
}

let demo: DemoServer;
let proxy: Awaited<ReturnType<typeof startStub>>;
const exchanges: Exchange[] = [];

beforeAll(async () => {
  demo = await startDemoServer(organisation());
  proxy = await startStub(async (request, response) => {
    const answer = await fetch(`${demo.url}${request.url}`, {
      method: request.method,
      headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => !["host", "connection", "content-length", "transfer-encoding"].includes(name)) as Array<[string, string]>),
      body: request.body === "" ? undefined : request.body,
    });
    const text = await answer.text();
    exchanges.push({ method: request.method, path: new URL(request.url, "http://proxy").pathname, sent: request.body ? JSON.parse(request.body) : undefined, status: answer.status, answer: text ? JSON.parse(text) : undefined });
    response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json", ...(answer.headers.get("link") ? { link: answer.headers.get("link")! } : {}) });
    response.end(text);
  });
});
afterAll(async () => {
  await proxy?.close();
  await demo?.close();
});

const env = (overrides: Record<string, string> = {}) => ({
  GITHUB_API_URL: `${proxy.url}/github`,
  GITHUB_GRAPHQL_URL: `${proxy.url}/github/graphql`,
  GITHUB_TOKEN: demo.env.GITHUB_TOKEN,
  PAGERDUTY_API_URL: `${proxy.url}/pagerduty`,
  PAGERDUTY_TOKEN: demo.env.PAGERDUTY_TOKEN,
  GITHUB_WEBHOOK_SECRET: SECRET,
  GOOGLE_CLOUD_PROJECT: "",
  ...overrides,
});

/** One run of the command; the exchanges it caused, and its writes (every request but a GET). */
async function register(args: string[], overrides: Record<string, string> = {}) {
  const first = exchanges.length;
  const run = await doraform(["webhooks", "register", ...args], env(overrides));
  const made = exchanges.slice(first);
  return { ...run, exchanges: made, writes: made.filter((e) => e.method !== "GET") };
}

const secretFile = () => join(mkdtempSync(join(tmpdir(), "doraform-register-")), "pagerduty-webhook-secret");

/** What the services hold now, read straight from the demo (not through the proxy). */
async function hooks(): Promise<Array<{ id: number; events: string[]; active: boolean; config: Record<string, string> }>> {
  return (await fetch(`${demo.url}/github/orgs/acme/hooks`, { headers: { authorization: `Bearer ${demo.env.GITHUB_TOKEN}` } })).json() as never;
}
async function subscriptions(): Promise<Array<{ id: string; events: string[]; filter: { type: string }; delivery_method: { url: string; secret: string | null } }>> {
  const answer = await fetch(`${demo.url}/pagerduty/webhook_subscriptions`, { headers: { authorization: `Token token=${demo.env.PAGERDUTY_TOKEN}` } });
  return ((await answer.json()) as { webhook_subscriptions: never[] }).webhook_subscriptions;
}

const GITHUB_EVENTS = ["deployment_status", "pull_request", "workflow_run"];
const PAGERDUTY_EVENTS = ["incident.acknowledged", "incident.reopened", "incident.resolved", "incident.triggered"];

describe("doraform webhooks register", { timeout: 180_000 }, () => {
  it("says on a dry run what it would create, and sends no write", async () => {
    const file = secretFile();
    const run = await register(["--url", BASE, "--dry-run", "--pagerduty-secret-file", file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      `github: acme: would create hook for ${BASE}/github (events ${GITHUB_EVENTS.join(", ")})`,
      `pagerduty: would create a subscription for ${BASE}/pagerduty (events ${PAGERDUTY_EVENTS.join(", ")}; its signing secret would go to ${file})`,
    ]);
    expect(run.writes).toEqual([]);
    expect(run.exchanges.length).toBeGreaterThan(0);
    expect(existsSync(file)).toBe(false);
    expect(await hooks()).toEqual([]);
  });

  it("reads the variables holding its tokens and the hook secret from doraform.yaml's sources, as ingest does", async () => {
    const config = join(mkdtempSync(join(tmpdir(), "doraform-register-")), "doraform.yaml");
    writeFileSync(config, "sources:\n  github:\n    organizations: [acme]\n    token_env: DORA_GH\n    webhook_secret_env: DORA_HOOK_SECRET\n  pagerduty:\n    token_env: DORA_PD\n");
    // today's variables hold nothing: every credential comes through the names the file gives
    const named = { DORAFORM_CONFIG: config, GITHUB_TOKEN: "", PAGERDUTY_TOKEN: "", GITHUB_WEBHOOK_SECRET: "", DORA_GH: demo.env.GITHUB_TOKEN, DORA_PD: demo.env.PAGERDUTY_TOKEN };
    const file = secretFile();
    const run = await register(["--url", BASE, "--dry-run", "--pagerduty-secret-file", file], { ...named, DORA_HOOK_SECRET: SECRET });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      `github: acme: would create hook for ${BASE}/github (events ${GITHUB_EVENTS.join(", ")})`,
      `pagerduty: would create a subscription for ${BASE}/pagerduty (events ${PAGERDUTY_EVENTS.join(", ")}; its signing secret would go to ${file})`,
    ]);
    expect(run.writes).toEqual([]);
    const unsigned = await register(["--url", BASE, "--dry-run"], named);
    expect(unsigned.stderr).toBe(`doraform: webhooks register: ${config}:5:25: sources.github.webhook_secret_env: DORA_HOOK_SECRET is not set: the secret GitHub signs deliveries with, as the receiver has it\n`);
    expect(unsigned.exchanges).toEqual([]);
  });

  it("creates the organisation hook and the account's subscription, and a second run changes nothing", async () => {
    const file = secretFile();
    const created = await register(["--url", `${BASE}/`, "--pagerduty-secret-file", file]);
    expect(created.code, created.stderr).toBe(0);
    const [hook] = await hooks();
    const [subscription] = await subscriptions();
    expect(created.stdout.trim().split("\n")).toEqual([
      `github: acme: created hook ${hook.id} for ${BASE}/github (events ${GITHUB_EVENTS.join(", ")})`,
      `pagerduty: created subscription ${subscription.id} for ${BASE}/pagerduty (events ${PAGERDUTY_EVENTS.join(", ")}); its signing secret is in ${file}: set PAGERDUTY_WEBHOOK_SECRET to it on the receiver`,
    ]);
    // the hook as GitHub would hold it: json, certificates checked, the secret set (GitHub shows it masked)
    expect(hook).toMatchObject({ active: true, events: GITHUB_EVENTS, config: { url: `${BASE}/github`, content_type: "json", insecure_ssl: "0", secret: "********" } });
    const [post] = created.writes.filter((e) => e.path === "/github/orgs/acme/hooks");
    expect((post.sent as { config: { secret: string } }).config.secret).toBe(SECRET);
    expect(subscription).toMatchObject({ events: PAGERDUTY_EVENTS, filter: { type: "account_reference" }, delivery_method: { url: `${BASE}/pagerduty`, secret: null } });
    // PagerDuty's secret, shown once in the create answer, is in the file (owner-only) and nowhere in the output
    const pagerdutySecret = (created.writes.find((e) => e.path === "/pagerduty/webhook_subscriptions")!.answer as { webhook_subscription: { delivery_method: { secret: string } } }).webhook_subscription.delivery_method.secret;
    expect(readFileSync(file, "utf8")).toBe(`${pagerdutySecret}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (const secret of [SECRET, pagerdutySecret, demo.env.GITHUB_TOKEN, demo.env.PAGERDUTY_TOKEN]) expect(created.stdout + created.stderr).not.toContain(secret);

    const again = await register(["--url", BASE, "--pagerduty-secret-file", secretFile()]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim().split("\n")).toEqual([`github: acme: hook ${hook.id} for ${BASE}/github is up to date`, `pagerduty: subscription ${subscription.id} for ${BASE}/pagerduty is up to date`]);
    expect(again.writes).toEqual([]);
    expect(await hooks()).toHaveLength(1);
    expect(await subscriptions()).toHaveLength(1);
  });

  it("updates a hook and a subscription whose events or config differ, keeping one of each", async () => {
    const url = "https://other.example.com/webhooks";
    // made by hand before: form-encoded, pushes only; a subscription to triggers only, one service
    const hand = await fetch(`${demo.url}/github/orgs/acme/hooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${demo.env.GITHUB_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "web", events: ["push", "pull_request"], config: { url: `${url}/github`, secret: "old" } }),
    });
    const { id } = (await hand.json()) as { id: number };
    const handSubscription = await fetch(`${demo.url}/pagerduty/webhook_subscriptions`, {
      method: "POST",
      headers: { authorization: `Token token=${demo.env.PAGERDUTY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ webhook_subscription: { type: "webhook_subscription", delivery_method: { type: "http_delivery_method", url: `${url}/pagerduty` }, events: ["incident.triggered"], filter: { type: "service_reference", id: "PSVC001" } } }),
    });
    const subscriptionId = ((await handSubscription.json()) as { webhook_subscription: { id: string } }).webhook_subscription.id;

    const run = await register(["--url", url, "--pagerduty-secret-file", secretFile()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      `github: acme: updated hook ${id} for ${url}/github (events +deployment_status +workflow_run -push; content_type form → json)`,
      `pagerduty: updated subscription ${subscriptionId} for ${url}/pagerduty (events +incident.acknowledged +incident.reopened +incident.resolved; filter service_reference → account_reference; description)`,
    ]);
    expect(run.writes.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([`PATCH /github/orgs/acme/hooks/${id} 200`, `PUT /pagerduty/webhook_subscriptions/${subscriptionId} 200`]);
    // the update sends the secret again: GitHub replaces a hook's config whole
    expect((run.writes[0].sent as { config: { secret: string } }).config.secret).toBe(SECRET);
    expect((await hooks()).filter((h) => h.config.url === `${url}/github`)).toMatchObject([{ id, events: GITHUB_EVENTS, config: { content_type: "json", secret: "********" } }]);
    expect((await subscriptions()).filter((s) => s.delivery_method.url === `${url}/pagerduty`)).toMatchObject([{ id: subscriptionId, events: PAGERDUTY_EVENTS, filter: { type: "account_reference" } }]);

    // --update-secret sends a secret GitHub cannot show, even when nothing else differs
    const rotated = await register(["--url", url, "--update-secret", "--pagerduty-secret-file", secretFile()], { GITHUB_WEBHOOK_SECRET: "rotated" });
    expect(rotated.stdout).toContain(`github: acme: updated hook ${id} for ${url}/github (secret from GITHUB_WEBHOOK_SECRET)`);
    expect((rotated.writes[0].sent as { config: { secret: string } }).config.secret).toBe("rotated");
  });

  it("sends requests, and gets answers, of the shapes the official descriptions define", () => {
    const github = exchanges.filter((e) => e.path.startsWith("/github/orgs/"));
    const checks: Record<string, { request?: (body: unknown) => string[]; response: (body: unknown) => string[] }> = {
      GET: { response: responseChecker("/orgs/{org}/hooks", "get") },
      POST: { request: requestChecker("/orgs/{org}/hooks", "post"), response: responseChecker("/orgs/{org}/hooks", "post", "201") },
      PATCH: { request: requestChecker("/orgs/{org}/hooks/{hook_id}", "patch"), response: responseChecker("/orgs/{org}/hooks/{hook_id}", "patch") },
    };
    expect(new Set(github.map((e) => e.method))).toEqual(new Set(["GET", "POST", "PATCH"]));
    for (const exchange of github) {
      const check = checks[exchange.method];
      expect({ exchange: `${exchange.method} ${exchange.path}`, request: check.request?.(exchange.sent) ?? [], response: check.response(exchange.answer) }).toEqual({
        exchange: `${exchange.method} ${exchange.path}`,
        request: [],
        response: [],
      });
    }
    // PagerDuty (createWebhookSubscription, updateWebhookSubscription): the fields the description requires, and only those an update takes
    const pagerduty = exchanges.filter((e) => e.path.startsWith("/pagerduty/webhook_subscriptions") && e.method !== "GET");
    expect(new Set(pagerduty.map((e) => e.method))).toEqual(new Set(["POST", "PUT"]));
    for (const exchange of pagerduty) {
      const body = (exchange.sent as { webhook_subscription: Record<string, unknown> }).webhook_subscription;
      expect(body.events).toEqual(PAGERDUTY_EVENTS);
      expect(body.filter).toEqual({ type: "account_reference" });
      if (exchange.method === "POST") {
        expect(body).toMatchObject({ type: "webhook_subscription", delivery_method: { type: "http_delivery_method", url: expect.stringMatching(/\/pagerduty$/) } });
      } else {
        expect(Object.keys(body).every((key) => ["description", "events", "filter", "active", "oauth_client_id"].includes(key))).toBe(true);
      }
      expect(exchange.status).toBe(200);
    }
  });

  it("fails in one line naming the service when a token is refused, writing nothing", async () => {
    const github = await register(["--url", BASE, "--dry-run"], { GITHUB_TOKEN: "ghp_wrong" });
    expect(github.code).toBe(1);
    expect(github.stderr).toBe("doraform: github: GET /github/user/repos: 401 Bad credentials: the token was refused\n");
    const pagerduty = await register(["--url", BASE, "--dry-run"], { GITHUB_TOKEN: "", PAGERDUTY_TOKEN: "wrong" });
    expect(pagerduty.code).toBe(1);
    expect(pagerduty.stderr).toBe("doraform: pagerduty: GET /pagerduty/webhook_subscriptions: 401 Unauthorized: the token was refused\n");
    expect(pagerduty.stdout).toBe("github: skipped (GITHUB_TOKEN is not set)\n");
    expect([...github.writes, ...pagerduty.writes]).toEqual([]);
  });

  it("refuses a base that is not the receiver's, and a GitHub token without the hook secret, before any request", async () => {
    const elsewhere = await register(["--url", "https://dora.example.com"]);
    expect(elsewhere.stderr).toBe("doraform: --url: https://dora.example.com does not end in /webhooks, where the receiver answers (BASE/github, BASE/pagerduty)\n");
    const unsigned = await register(["--url", BASE], { GITHUB_WEBHOOK_SECRET: "" });
    expect(unsigned.stderr).toBe("doraform: webhooks register: GITHUB_WEBHOOK_SECRET is not set: the secret GitHub signs deliveries with, as the receiver has it\n");
    expect([elsewhere.code, unsigned.code]).toEqual([1, 1]);
    expect([...elsewhere.exchanges, ...unsigned.exchanges]).toEqual([]);
  });
});
