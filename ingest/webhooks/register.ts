import { existsSync, writeFileSync } from "node:fs";
import { noConfig, type LoadedConfig } from "../../core/config/load.ts";
import { namedSecret } from "../../core/config/sources.ts";
import { UserError } from "../../core/errors.ts";
import { yamlSourceSettings } from "../doraform-sources.ts";
import { GitHubApi } from "../github/api.ts";
import { parseGitHubConfig, type GitHubConfig } from "../github/config.ts";
import { listRepositories } from "../github/repositories.ts";
import { PagerDutyApi } from "../pagerduty/api.ts";
import { parsePagerDutyConfig } from "../pagerduty/config.ts";
import { rawStreamIndex } from "../raw-streams.ts";
import { GITHUB_EVENTS } from "./github-events.ts";

/** How a registration runs: against `base` (…/webhooks), writing nothing on a dry run, saying each step to `log`. */
interface Registration {
  base: string;
  dryRun: boolean;
  log: (line: string) => void;
}

export interface RegisterOptions {
  url: string;
  dryRun?: boolean;
  updateSecret?: boolean;
  pagerdutySecretFile: string;
}

/**
 * `doraform webhooks register`: each side with credentials, GitHub then PagerDuty, read from
 * doraform.yaml's `sources:` as `ingest` reads them (organisations, App, API roots, the variables
 * holding tokens and secrets; today's variable names by default); what was done (or would be, on a
 * dry run) to `out`, one line each; request progress to stderr.
 */
export async function registerWebhooks(options: RegisterOptions, env: NodeJS.ProcessEnv, out: (line: string) => void, yaml: LoadedConfig = noConfig()): Promise<void> {
  const run: Registration = { base: webhookBase(options.url), dryRun: options.dryRun ?? false, log: out };
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const github = yamlSourceSettings(yaml, "github", env);
  const pagerduty = yamlSourceSettings(yaml, "pagerduty", env);
  const githubToken = namedSecret(yaml, "github", "token_env", "GITHUB_TOKEN", env).variable;
  const pagerdutyToken = namedSecret(yaml, "pagerduty", "token_env", "PAGERDUTY_TOKEN", env).variable;
  // as ingest: a variable the file names, else the default one
  const hasGitHub = Boolean(github.token || github.app_id || env.GITHUB_TOKEN);
  const hasPagerDuty = Boolean(pagerduty.token || env.PAGERDUTY_TOKEN);
  if (!hasGitHub && !hasPagerDuty) throw new UserError(`webhooks register: set ${githubToken} (organisation webhook) and/or ${pagerdutyToken} (v3 subscription)`);
  const secret = namedSecret(yaml, "github", "webhook_secret_env", "GITHUB_WEBHOOK_SECRET", env);
  if (hasGitHub && !secret.value) throw new UserError(`webhooks register: ${secret.where} is not set: the secret GitHub signs deliveries with, as the receiver has it`);
  if (hasGitHub) {
    const config = parseGitHubConfig(github, env);
    await registerGitHub({ api: GitHubApi.create(config, progress), config, secret: secret.value!, secretVariable: secret.variable, updateSecret: options.updateSecret ?? false }, run);
  } else {
    out(`github: skipped (${githubToken} is not set)`);
  }
  if (hasPagerDuty) {
    const secretVariable = namedSecret(yaml, "pagerduty", "webhook_secret_env", "PAGERDUTY_WEBHOOK_SECRET", env).variable;
    await registerPagerDuty({ api: PagerDutyApi.create(parsePagerDutyConfig(pagerduty, env), progress), secretFile: options.pagerdutySecretFile, secretVariable }, run);
  } else {
    out(`pagerduty: skipped (${pagerdutyToken} is not set)`);
  }
}

/** The PagerDuty events the models read: one per pagerduty_webhook stream (incident_triggered → incident.triggered). */
const PAGERDUTY_EVENTS = rawStreamIndex.STREAMS.filter((s) => s.namespace === "pagerduty_webhook")
  .map((s) => s.name.replace(/^incident_/, "incident."))
  .sort();

/** The receiver answers only under /webhooks/: a base elsewhere would register URLs that 404. */
function webhookBase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`--url: ${url} is not a URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new UserError(`--url: ${url} is not an http(s) URL`);
  if (parsed.search || parsed.hash) throw new UserError(`--url: ${url} has a query or fragment; give the receiver's base, e.g. https://dora.example.com/webhooks`);
  const base = parsed.toString().replace(/\/+$/, "");
  if (!base.endsWith("/webhooks")) throw new UserError(`--url: ${url} does not end in /webhooks, where the receiver answers (BASE/github, BASE/pagerduty)`);
  return base;
}

interface OrgHook {
  id: number;
  active: boolean;
  events: string[];
  config: { url?: string; content_type?: string; insecure_ssl?: string | number };
}

interface GitHubTarget {
  api: GitHubApi;
  config: GitHubConfig;
  /** Sent to GitHub, never printed. */
  secret: string;
  /** The variable holding it (GITHUB_WEBHOOK_SECRET by default), named in what is said. */
  secretVariable: string;
  /** GitHub never shows a hook's secret, so a changed one cannot be noticed: send it anyway. */
  updateSecret: boolean;
}

/**
 * One organisation webhook per organisation at `base/github`: created when the organisation has
 * none for that URL, updated when its events or visible config differ, else left alone.
 */
async function registerGitHub(target: GitHubTarget, run: Registration): Promise<void> {
  const url = `${run.base}/github`;
  const events = [...GITHUB_EVENTS].sort();
  const config = { url, content_type: "json", insecure_ssl: "0", secret: target.secret };
  const would = run.dryRun ? "would " : "";
  for (const org of await organisations(target.api, target.config)) {
    const hooks: OrgHook[] = [];
    for await (const hook of target.api.list(`/orgs/${org}/hooks`, {}, (page: OrgHook[]) => page)) hooks.push(hook);
    const existing = hooks.find((hook) => hook.config.url === url);
    if (!existing) {
      const id = run.dryRun ? undefined : (await target.api.http.request<OrgHook>(`/orgs/${org}/hooks`, { method: "POST", body: { name: "web", active: true, events, config } })).body.id;
      run.log(`github: ${org}: ${would}create${run.dryRun ? "" : "d"} hook${id === undefined ? "" : ` ${id}`} for ${url} (events ${events.join(", ")})`);
      continue;
    }
    const changes = hookChanges(existing, events, target.updateSecret ? target.secretVariable : undefined);
    if (changes.length === 0) {
      run.log(`github: ${org}: hook ${existing.id} for ${url} is up to date`);
      continue;
    }
    if (!run.dryRun) await target.api.http.request(`/orgs/${org}/hooks/${existing.id}`, { method: "PATCH", body: { active: true, events, config } });
    run.log(`github: ${org}: ${would}update${run.dryRun ? "" : "d"} hook ${existing.id} for ${url} (${changes.join("; ")})`);
  }
}

/**
 * Where the hooks go: the configured organisations, else the organisations owning the repositories
 * the credentials list (a user's own repositories have no organisation webhook).
 */
async function organisations(api: GitHubApi, config: GitHubConfig): Promise<string[]> {
  if (config.organizations.length > 0) return config.organizations;
  const owners = new Set<string>();
  for (const repo of await listRepositories(api, config)) {
    const owner = (repo as { owner?: { login?: string; type?: string } }).owner;
    if (owner?.type === "Organization" && owner.login) owners.add(owner.login);
  }
  if (owners.size === 0) throw new UserError("github: the token lists no repository that an organisation owns, so there is no organisation to hook");
  return [...owners].sort();
}

/** What differs between a hook and the one wanted, said briefly. */
function hookChanges(hook: OrgHook, events: string[], secretVariable: string | undefined): string[] {
  const changes = eventChanges(hook.events, events);
  if (!hook.active) changes.push("inactive → active");
  if (hook.config.content_type !== "json") changes.push(`content_type ${hook.config.content_type ?? "unset"} → json`);
  if (String(hook.config.insecure_ssl ?? "0") !== "0") changes.push("insecure_ssl → 0 (certificates checked)");
  if (secretVariable) changes.push(`secret from ${secretVariable}`);
  return changes;
}

interface Subscription {
  id: string;
  active: boolean;
  description?: string;
  events: string[];
  filter: { type: string; id?: string };
  delivery_method: { url?: string; secret?: string | null };
}

interface PagerDutyTarget {
  api: PagerDutyApi;
  /** Where the signing secret PagerDuty generates (shown once, in the create answer) is written, mode 0600. */
  secretFile: string;
  /** The variable the receiver reads the signing secret from (PAGERDUTY_WEBHOOK_SECRET by default). */
  secretVariable: string;
}

const DESCRIPTION = "doraform: incident events for the DORA metrics";

/**
 * One account-wide v3 webhook subscription at `base/pagerduty`: created when none delivers there
 * (PagerDuty then makes the signing secret, written to the secret file), updated when its events,
 * filter, description or state differ (an update cannot change the secret), else left alone.
 */
async function registerPagerDuty(target: PagerDutyTarget, run: Registration): Promise<void> {
  const url = `${run.base}/pagerduty`;
  const wanted = { description: DESCRIPTION, events: PAGERDUTY_EVENTS, filter: { type: "account_reference" }, active: true };
  const would = run.dryRun ? "would " : "";
  let existing: Subscription | undefined;
  for await (const s of target.api.list<Subscription>("/webhook_subscriptions", {}, "webhook_subscriptions")) {
    if (s.delivery_method.url === url) existing ??= s;
  }
  if (!existing) {
    // the secret is shown once: make sure it has somewhere to go before asking for it
    if (existsSync(target.secretFile)) throw new UserError(`--pagerduty-secret-file: ${target.secretFile} exists; move it away or name another file`);
    if (run.dryRun) {
      run.log(`pagerduty: would create a subscription for ${url} (events ${PAGERDUTY_EVENTS.join(", ")}; its signing secret would go to ${target.secretFile})`);
      return;
    }
    const body = { webhook_subscription: { type: "webhook_subscription", delivery_method: { type: "http_delivery_method", url }, ...wanted } };
    const created = (await target.api.http.request<{ webhook_subscription: Subscription }>("/webhook_subscriptions", { method: "POST", body })).body.webhook_subscription;
    const secret = created.delivery_method.secret;
    if (secret) writeFileSync(target.secretFile, `${secret}\n`, { flag: "wx", mode: 0o600 });
    run.log(
      `pagerduty: created subscription ${created.id} for ${url} (events ${PAGERDUTY_EVENTS.join(", ")}); ` +
        (secret ? `its signing secret is in ${target.secretFile}: set ${target.secretVariable} to it on the receiver` : "PagerDuty sent no signing secret"),
    );
    return;
  }
  const changes = subscriptionChanges(existing, wanted.events);
  if (changes.length === 0) {
    run.log(`pagerduty: subscription ${existing.id} for ${url} is up to date`);
    return;
  }
  if (!run.dryRun) await target.api.http.request(`/webhook_subscriptions/${existing.id}`, { method: "PUT", body: { webhook_subscription: wanted } });
  run.log(`pagerduty: ${would}update${run.dryRun ? "" : "d"} subscription ${existing.id} for ${url} (${changes.join("; ")})`);
}

function subscriptionChanges(s: Subscription, events: string[]): string[] {
  const changes = eventChanges(s.events, events);
  if (s.filter.type !== "account_reference") changes.push(`filter ${s.filter.type} → account_reference`);
  if (!s.active) changes.push("inactive → active");
  if (s.description !== DESCRIPTION) changes.push("description");
  return changes;
}

/** The events to add and remove, as one change ("events +workflow_run -push"), or none. */
function eventChanges(current: string[], wanted: string[]): string[] {
  const added = wanted.filter((e) => !current.includes(e)).map((e) => `+${e}`);
  const removed = current.filter((e) => !wanted.includes(e)).map((e) => `-${e}`);
  return added.length + removed.length > 0 ? [`events ${[...added, ...removed].join(" ")}`] : [];
}
