import type { LoadedConfig } from "../core/config/load.ts";
import { namedSecret, sourceSection } from "../core/config/sources.ts";
import { UserError } from "../core/errors.ts";

/** Where and as whom the runbook commands talk to PagerDuty. */
export interface PagerDutyTarget {
  apiUrl: string;
  token: string;
  /** The variable the token came from, named when PagerDuty refuses it; default PAGERDUTY_TOKEN. */
  tokenVariable?: string;
  /** The acting user's email: PagerDuty requires it (From header) on writes such as notes. */
  from?: string;
}

/**
 * The PagerDuty `ingest` reads, from doraform.yaml's `sources.pagerduty` as ingest reads it: the key
 * from the variable `token_env` names (default PAGERDUTY_TOKEN), the API at `api_url` (default
 * PAGERDUTY_API_URL, else the public API); the acting user from --from, else PAGERDUTY_FROM.
 */
export function pagerDutyTarget(env: NodeJS.ProcessEnv, from: string | undefined, yaml: LoadedConfig): PagerDutyTarget {
  const token = namedSecret(yaml, "pagerduty", "token_env", "PAGERDUTY_TOKEN", env);
  if (!token.value) throw new UserError(`${token.where} is not set`);
  const apiUrl = (sourceSection(yaml, "pagerduty").api_url as string | undefined) || env.PAGERDUTY_API_URL || "https://api.pagerduty.com";
  return { apiUrl: apiUrl.replace(/\/+$/, ""), token: token.value, tokenVariable: token.variable, from: from ?? (env.PAGERDUTY_FROM || undefined) };
}

/**
 * The few PagerDuty REST calls the runbook makes. Every failure is a UserError naming the call and
 * the reason in one line; the token never appears in it.
 */
export class PagerDuty {
  constructor(readonly target: PagerDutyTarget) {}

  get<T>(path: string): Promise<T> {
    return this.#call<T>("GET", path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.#call<T>("POST", path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.#call<T>("PUT", path, body);
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.target.apiUrl}${path}`;
    const headers: Record<string, string> = {
      authorization: `Token token=${this.target.token}`,
      accept: "application/vnd.pagerduty+json;version=2",
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (method !== "GET" && this.target.from) headers.from = this.target.from;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new UserError(`PagerDuty ${method} ${path}: cannot reach ${this.target.apiUrl} (${error instanceof Error ? error.message : String(error)})`);
    }
    const text = await response.text();
    if (response.status === 401) throw new UserError(`PagerDuty ${method} ${path}: 401: ${this.target.tokenVariable ?? "PAGERDUTY_TOKEN"} was refused`);
    if (!response.ok) throw new UserError(`PagerDuty ${method} ${path}: ${response.status}${reasonOf(text)}`);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new UserError(`PagerDuty ${method} ${path}: the answer is not JSON`);
    }
  }
}

function reasonOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string; errors?: string[] } };
    const reason = [body.error?.message, ...(body.error?.errors ?? [])].filter(Boolean).join(": ");
    return reason ? ` ${reason}` : "";
  } catch {
    return "";
  }
}

/** The incident, or a one-line error saying it does not exist. */
export async function requireIncident(pagerduty: PagerDuty, incidentId: string): Promise<{ id: string; title?: string }> {
  try {
    return (await pagerduty.get<{ incident: { id: string; title?: string } }>(`/incidents/${encodeURIComponent(incidentId)}`)).incident;
  } catch (error) {
    if (error instanceof UserError && /: 404\b/.test(error.message)) throw new UserError(`incident ${incidentId} not found in PagerDuty (${pagerduty.target.apiUrl})`);
    throw error;
  }
}
