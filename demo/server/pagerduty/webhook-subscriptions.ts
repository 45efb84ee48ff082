import { randomBytes } from "node:crypto";
import type { ApiRequest, ApiResponse, Router } from "../router.ts";
import { pagerDutyId } from "../ids.ts";
import { invalidInput, notFound, paginated } from "./responses.ts";

interface Subscription {
  id: string;
  active: boolean;
  description: string;
  events: string[];
  filter: { type: string; id?: string };
  delivery: { id: string; url: string; secret: string };
}

const FILTER_TYPES = new Set(["account_reference", "service_reference", "team_reference"]);

/**
 * v3 webhook subscriptions (`listWebhookSubscriptions`, `createWebhookSubscription`,
 * `getWebhookSubscription`, `updateWebhookSubscription`), in memory for the server's life. As the
 * description says: the signing secret is PagerDuty's, shown only in the create answer (null after);
 * an update changes description, events, filter and active, never the delivery method; a create
 * answers 200.
 */
export function registerPagerDutyWebhookSubscriptions(router: Router): void {
  const subscriptions = new Map<string, Subscription>();
  const render = (s: Subscription, secret: string | null = null) => ({
    id: s.id,
    type: "webhook_subscription",
    active: s.active,
    description: s.description,
    events: s.events,
    filter: s.filter,
    delivery_method: { id: s.delivery.id, type: "http_delivery_method", url: s.delivery.url, secret, temporarily_disabled: false, custom_headers: [] },
  });
  const withSubscription = (handler: (request: ApiRequest, s: Subscription) => ApiResponse) => (request: ApiRequest) => {
    const s = subscriptions.get(request.params.id!);
    return s ? handler(request, s) : notFound();
  };

  router
    .add("GET", "/webhook_subscriptions", (request) => {
      const type = request.query.get("filter_type");
      const id = request.query.get("filter_id");
      if (type !== null && !["account", "service", "team"].includes(type)) return invalidInput("filter_type must be account, service or team.");
      const listed = [...subscriptions.values()].filter((s) => (type === null || s.filter.type === `${type}_reference`) && (id === null || s.filter.id === id));
      return paginated(request, "webhook_subscriptions", listed, (s) => render(s));
    })
    .add("POST", "/webhook_subscriptions", (request) => {
      const body = (request.body as { webhook_subscription?: Record<string, unknown> } | undefined)?.webhook_subscription;
      if (typeof body !== "object" || body === null) return invalidInput("webhook_subscription is required.");
      if (body.type !== "webhook_subscription") return invalidInput("webhook_subscription.type must be webhook_subscription.");
      const delivery = body.delivery_method as { type?: unknown; url?: unknown } | undefined;
      if (delivery?.type !== "http_delivery_method") return invalidInput("delivery_method.type must be http_delivery_method.");
      if (typeof delivery.url !== "string" || !/^https?:\/\/[^/]/.test(delivery.url)) return invalidInput("delivery_method.url must be an http(s) URL.");
      const fields = subscriptionFields(body);
      if (typeof fields === "string") return invalidInput(fields);
      if (!fields.events || !fields.filter) return invalidInput("events and filter are required.");
      const id = pagerDutyId(`webhook_subscription:${subscriptions.size + 1}:${delivery.url}`);
      const s: Subscription = {
        id,
        active: fields.active ?? true,
        description: fields.description ?? "",
        events: fields.events,
        filter: fields.filter,
        delivery: { id: pagerDutyId(`delivery_method:${id}`), url: delivery.url, secret: randomBytes(24).toString("base64url") },
      };
      subscriptions.set(id, s);
      return { status: 200, body: { webhook_subscription: render(s, s.delivery.secret) } };
    })
    .add("GET", "/webhook_subscriptions/{id}", withSubscription((_request, s) => ({ status: 200, body: { webhook_subscription: render(s) } })))
    .add(
      "PUT",
      "/webhook_subscriptions/{id}",
      withSubscription((request, s) => {
        const body = (request.body as { webhook_subscription?: Record<string, unknown> } | undefined)?.webhook_subscription;
        if (typeof body !== "object" || body === null) return invalidInput("webhook_subscription is required.");
        const fields = subscriptionFields(body);
        if (typeof fields === "string") return invalidInput(fields);
        Object.assign(s, fields);
        return { status: 200, body: { webhook_subscription: render(s) } };
      }),
    );
}

/** The fields both create and update take, checked as the description types them, or what is wrong. */
function subscriptionFields(body: Record<string, unknown>): Partial<Pick<Subscription, "active" | "description" | "events" | "filter">> | string {
  const out: Partial<Pick<Subscription, "active" | "description" | "events" | "filter">> = {};
  if (body.events !== undefined) {
    const events = body.events;
    if (!Array.isArray(events) || events.length === 0 || events.some((e) => typeof e !== "string")) return "events must be a non-empty array of event types.";
    if (new Set(events).size !== events.length) return "events must not repeat.";
    out.events = events as string[];
  }
  if (body.filter !== undefined) {
    const filter = body.filter as { type?: unknown; id?: unknown } | null;
    if (typeof filter?.type !== "string" || !FILTER_TYPES.has(filter.type)) return "filter.type must be account_reference, service_reference or team_reference.";
    if (filter.type !== "account_reference" && typeof filter.id !== "string") return `filter.id is required for ${filter.type}.`;
    out.filter = { type: filter.type, ...(typeof filter.id === "string" ? { id: filter.id } : {}) };
  }
  if (body.active !== undefined) {
    if (typeof body.active !== "boolean") return "active must be a boolean.";
    out.active = body.active;
  }
  if (body.description !== undefined) {
    if (typeof body.description !== "string") return "description must be a string.";
    out.description = body.description;
  }
  return out;
}
