import { HttpClient } from "../../ingest/http/client.ts";
import { matchName } from "./names.ts";

export interface JiraScope {
  baseUrl: string;
  email: string;
  apiToken: string;
  /** The projects whose components name services ("OPS"). */
  projectKeys: string[];
}

export type ComponentMapping = { component: string; service: string } | { component: string; service: null; why: string };

/** Every component of the projects, read with the extractor's HTTP client (Basic auth, retries). */
export async function readJiraComponents(scope: JiraScope, concurrency: number, log: (message: string) => void): Promise<string[]> {
  const basic = Buffer.from(`${scope.email}:${scope.apiToken}`).toString("base64");
  const http = new HttpClient({ source: "jira", baseUrl: scope.baseUrl, concurrency, log, headers: async () => ({ authorization: `Basic ${basic}`, accept: "application/json" }) });
  const names = new Set<string>();
  for (const key of scope.projectKeys) {
    const response = await http.request<Array<{ name: string }>>(`/rest/api/3/project/${encodeURIComponent(key)}/components`);
    for (const component of response.body) names.add(component.name);
  }
  return [...names].sort();
}

/** Each component matched by name to one of the services, as PagerDuty services are. */
export function mapComponents(components: string[], serviceNames: string[]): ComponentMapping[] {
  return components.map((component) => {
    const match = matchName(component, serviceNames, (name) => name);
    if (match.kind === "match") return { component, service: match.candidate };
    return { component, service: null, why: match.kind === "none" ? "matches no service by name" : `matches ${match.candidates.join(" and ")} equally` };
  });
}
