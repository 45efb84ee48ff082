import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { call, organisation } from "./fixture.ts";
import { responseChecker } from "./openapi.ts";

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer(organisation());
});
afterAll(() => server.close());

describe("GitHub organisation webhooks", () => {
  const hook = (url: string, extra: Record<string, unknown> = {}) => ({ name: "web", config: { url, secret: "s" }, ...extra });

  test("a created hook answers 201 in the description's shape, its secret masked and form the default content type", async () => {
    const created = await call(server, "github", "/orgs/acme/hooks", { method: "POST", body: hook("https://a.example/webhooks/github") });
    expect(created.status).toBe(201);
    expect(responseChecker("/orgs/{org}/hooks", "post", "201")(created.body)).toEqual([]);
    expect(created.body).toMatchObject({ name: "web", active: true, events: ["push"], type: "Organization", config: { url: "https://a.example/webhooks/github", content_type: "form", insecure_ssl: "0", secret: "********" } });
    const listed = await call(server, "github", "/orgs/acme/hooks");
    expect(responseChecker("/orgs/{org}/hooks")(listed.body)).toEqual([]);
    expect(listed.body.map((h: { id: number }) => h.id)).toContain(created.body.id);
    expect((await call(server, "github", `/orgs/acme/hooks/${created.body.id}`)).body).toEqual(created.body);
  });

  test("a second hook for the same URL is refused with 422, as GitHub does", async () => {
    await call(server, "github", "/orgs/acme/hooks", { method: "POST", body: hook("https://b.example/webhooks/github") });
    const again = await call(server, "github", "/orgs/acme/hooks", { method: "POST", body: hook("https://b.example/webhooks/github", { events: ["pull_request"] }) });
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual([{ resource: "Hook", code: "custom", message: "Hook already exists on this organization" }]);
  });

  test("a body the description does not allow is refused with 422, and another organisation's hooks are not found", async () => {
    expect((await call(server, "github", "/orgs/acme/hooks", { method: "POST", body: { config: { url: "https://c.example/x" } } })).status).toBe(422);
    expect((await call(server, "github", "/orgs/acme/hooks", { method: "POST", body: hook("not a url") })).status).toBe(422);
    expect((await call(server, "github", "/orgs/acme/hooks", { method: "POST", body: hook("https://c.example/x", { events: "push" }) })).status).toBe(422);
    expect((await call(server, "github", "/orgs/other/hooks")).status).toBe(404);
    expect((await call(server, "github", "/orgs/acme/hooks/999", { method: "PATCH", body: { active: false } })).status).toBe(404);
  });

  test("an update changes only what it names; a config given replaces the old one", async () => {
    const { body } = await call(server, "github", "/orgs/acme/hooks", { method: "POST", body: hook("https://d.example/webhooks/github", { events: ["push"] }) });
    const events = await call(server, "github", `/orgs/acme/hooks/${body.id}`, { method: "PATCH", body: { events: ["workflow_run"] } });
    expect(responseChecker("/orgs/{org}/hooks/{hook_id}", "patch")(events.body)).toEqual([]);
    expect(events.body).toMatchObject({ events: ["workflow_run"], config: { url: "https://d.example/webhooks/github", secret: "********" } });
    const config = await call(server, "github", `/orgs/acme/hooks/${body.id}`, { method: "PATCH", body: { config: { url: "https://d.example/webhooks/github", content_type: "json" } } });
    expect(config.body.config).toEqual({ url: "https://d.example/webhooks/github", content_type: "json", insecure_ssl: "0" });
  });
});

describe("PagerDuty v3 webhook subscriptions", () => {
  const subscription = (url: string, extra: Record<string, unknown> = {}) => ({
    webhook_subscription: { type: "webhook_subscription", delivery_method: { type: "http_delivery_method", url }, events: ["incident.triggered"], filter: { type: "account_reference" }, ...extra },
  });

  test("the signing secret is shown in the create answer only", async () => {
    const created = await call(server, "pagerduty", "/webhook_subscriptions", { method: "POST", body: subscription("https://a.example/webhooks/pagerduty") });
    expect(created.status).toBe(200);
    const secret = created.body.webhook_subscription.delivery_method.secret;
    expect(secret).toMatch(/^\S{16,}$/);
    const listed = (await call(server, "pagerduty", "/webhook_subscriptions")).body;
    expect(listed).toMatchObject({ limit: 25, offset: 0, more: false });
    const again = listed.webhook_subscriptions.find((s: { id: string }) => s.id === created.body.webhook_subscription.id);
    expect(again.delivery_method.secret).toBeNull();
    expect((await call(server, "pagerduty", `/webhook_subscriptions/${again.id}`)).body.webhook_subscription).toEqual(again);
  });

  test("an update changes events, filter, description and state, never the delivery URL", async () => {
    const { body } = await call(server, "pagerduty", "/webhook_subscriptions", { method: "POST", body: subscription("https://b.example/webhooks/pagerduty") });
    const id = body.webhook_subscription.id;
    const update = { webhook_subscription: { events: ["incident.resolved"], filter: { type: "service_reference", id: "PSVC001" }, delivery_method: { url: "https://elsewhere.example" } } };
    const updated = await call(server, "pagerduty", `/webhook_subscriptions/${id}`, { method: "PUT", body: update });
    expect(updated.status).toBe(200);
    expect(updated.body.webhook_subscription).toMatchObject({ events: ["incident.resolved"], filter: { type: "service_reference", id: "PSVC001" }, delivery_method: { url: "https://b.example/webhooks/pagerduty", secret: null } });
    expect((await call(server, "pagerduty", "/webhook_subscriptions?filter_type=service&filter_id=PSVC001")).body.webhook_subscriptions.map((s: { id: string }) => s.id)).toEqual([id]);
  });

  test("what the description requires is checked: events, a filter id beside a service, the delivery method", async () => {
    const refused = async (body: unknown) => (await call(server, "pagerduty", "/webhook_subscriptions", { method: "POST", body })).status;
    expect(await refused(subscription("https://c.example/x", { events: [] }))).toBe(400);
    expect(await refused(subscription("https://c.example/x", { events: ["incident.triggered", "incident.triggered"] }))).toBe(400);
    expect(await refused(subscription("https://c.example/x", { filter: { type: "service_reference" } }))).toBe(400);
    expect(await refused({ webhook_subscription: { type: "webhook_subscription", events: ["incident.triggered"], filter: { type: "account_reference" } } })).toBe(400);
    expect((await call(server, "pagerduty", "/webhook_subscriptions/PNONE00", { method: "PUT", body: { webhook_subscription: {} } })).status).toBe(404);
  });
});
