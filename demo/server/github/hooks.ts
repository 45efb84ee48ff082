import type { ApiRequest, ApiResponse, Router } from "../router.ts";
import type { Urls } from "./objects.ts";
import { githubError, notFound, ok, paged } from "./responses.ts";
import type { GitHubStore } from "./store.ts";

interface Hook {
  id: number;
  events: string[];
  active: boolean;
  config: { url: string; content_type: string; insecure_ssl: string; secret?: string };
  created_at: string;
  updated_at: string;
}

const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

/** GitHub's 422 for a hook body: `{message: "Validation Failed", errors: [{resource: "Hook", code: "custom", message}]}`. */
const invalid = (message: string): ApiResponse => githubError(422, "Validation Failed", { errors: [{ resource: "Hook", code: "custom", message }] });

/**
 * The organisation's webhooks (`orgs/list-webhooks`, `create-webhook`, `get-webhook`,
 * `update-webhook`), held in memory for the server's life. As on GitHub: `name` must be "web", one
 * hook per URL, `config.content_type` defaults to form, and a set secret is never shown ("********").
 */
export function registerGitHubHooks(router: Router, store: GitHubStore, urls: Urls): void {
  const hooks = new Map<number, Hook>();
  let nextId = 1;
  const render = (hook: Hook) => {
    const url = `${urls.api}/orgs/${store.org.owner}/hooks/${hook.id}`;
    const { secret, ...config } = hook.config;
    return {
      type: "Organization",
      id: hook.id,
      name: "web",
      active: hook.active,
      events: hook.events,
      config: secret ? { ...config, secret: "********" } : config,
      updated_at: hook.updated_at,
      created_at: hook.created_at,
      url,
      ping_url: `${url}/pings`,
      deliveries_url: `${url}/deliveries`,
    };
  };
  const inOrg = (handler: (request: ApiRequest) => ApiResponse) => (request: ApiRequest) =>
    request.params.org!.toLowerCase() === store.org.owner.toLowerCase() ? handler(request) : notFound();
  const withHook = (handler: (request: ApiRequest, hook: Hook) => ApiResponse) =>
    inOrg((request) => {
      const hook = hooks.get(Number(request.params.hook_id));
      return hook ? handler(request, hook) : notFound();
    });
  const taken = (url: string, except?: number) => [...hooks.values()].some((h) => h.config.url === url && h.id !== except);

  router
    .add("GET", "/orgs/{org}/hooks", inOrg((request) => paged(request, "Hook", [...hooks.values()], render)))
    .add(
      "POST",
      "/orgs/{org}/hooks",
      inOrg((request) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        if (body.name !== "web") return invalid("name must be \"web\"");
        const fields = hookFields(body, true);
        if (typeof fields === "string") return invalid(fields);
        if (taken(fields.config!.url)) return invalid("Hook already exists on this organization");
        const now = stamp();
        const hook: Hook = { id: nextId++, events: fields.events ?? ["push"], active: fields.active ?? true, config: fields.config!, created_at: now, updated_at: now };
        hooks.set(hook.id, hook);
        return { status: 201, body: render(hook) };
      }),
    )
    .add("GET", "/orgs/{org}/hooks/{hook_id}", withHook((_request, hook) => ok(render(hook))))
    .add(
      "PATCH",
      "/orgs/{org}/hooks/{hook_id}",
      withHook((request, hook) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        if (body.name !== undefined && body.name !== "web") return invalid("name must be \"web\"");
        const fields = hookFields(body, false);
        if (typeof fields === "string") return invalid(fields);
        if (fields.config && taken(fields.config.url, hook.id)) return invalid("Hook already exists on this organization");
        // a config given replaces the old one whole (a secret left out is no longer set)
        Object.assign(hook, fields, { updated_at: stamp() });
        return ok(render(hook));
      }),
    );
}

/** The writable fields of a create or update body, checked as the description types them, or what is wrong. */
function hookFields(body: Record<string, unknown>, configRequired: boolean): Partial<Pick<Hook, "events" | "active" | "config">> | string {
  const out: Partial<Pick<Hook, "events" | "active" | "config">> = {};
  if (body.events !== undefined) {
    if (!Array.isArray(body.events) || body.events.some((e) => typeof e !== "string")) return "events must be an array of strings";
    out.events = [...new Set(body.events as string[])];
  }
  if (body.active !== undefined) {
    if (typeof body.active !== "boolean") return "active must be a boolean";
    out.active = body.active;
  }
  if (body.config === undefined) return configRequired ? "config is required" : out;
  const config = body.config as Record<string, unknown>;
  if (typeof config !== "object" || config === null) return "config must be an object";
  if (typeof config.url !== "string" || !/^https?:\/\/[^/]/.test(config.url)) return "config.url must be an http(s) URL";
  const contentType = config.content_type ?? "form";
  if (contentType !== "json" && contentType !== "form") return "config.content_type must be json or form";
  const insecure = String(config.insecure_ssl ?? "0");
  if (insecure !== "0" && insecure !== "1") return "config.insecure_ssl must be 0 or 1";
  if (config.secret !== undefined && typeof config.secret !== "string") return "config.secret must be a string";
  out.config = { url: config.url, content_type: contentType, insecure_ssl: insecure, ...(config.secret ? { secret: config.secret as string } : {}) };
  return out;
}
