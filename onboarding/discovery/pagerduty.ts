import { HttpClient } from "../../ingest/http/client.ts";
import { PagerDutyApi } from "../../ingest/pagerduty/api.ts";
import { matchName } from "./names.ts";

export interface PagerDutyScope {
  apiUrl: string;
  token: string;
}

export interface PagerDutyService {
  id: string;
  name: string;
}

/** The PagerDuty client for discovery: the extractor's own (retries, rate-limit waits, offset paging). */
export function pagerDutyApi(scope: PagerDutyScope, concurrency: number, log: (message: string) => void): PagerDutyApi {
  return new PagerDutyApi(
    new HttpClient({
      source: "pagerduty",
      baseUrl: scope.apiUrl,
      concurrency,
      log,
      headers: async () => ({ authorization: `Token token=${scope.token}`, accept: "application/vnd.pagerduty+json;version=2" }),
    }),
  );
}

export async function readPagerDutyServices(api: PagerDutyApi): Promise<PagerDutyService[]> {
  const services: PagerDutyService[] = [];
  for await (const service of api.list<PagerDutyService>("/services", {}, "services")) services.push({ id: service.id, name: service.name });
  return services;
}

export type PagerDutyMapping = { pagerduty: PagerDutyService; service: string; exact: boolean } | { pagerduty: PagerDutyService; service: null; why: string };

/** Each PagerDuty service matched by name to one of the services (docs/onboarding.md#pagerduty-services). */
export function mapPagerDuty(pagerduty: PagerDutyService[], serviceNames: string[]): PagerDutyMapping[] {
  return pagerduty.map((service) => {
    const match = matchName(service.name, serviceNames, (name) => name);
    if (match.kind === "match") return { pagerduty: service, service: match.candidate, exact: match.exact };
    return { pagerduty: service, service: null, why: match.kind === "none" ? "matches no service by name" : `matches ${match.candidates.join(" and ")} equally` };
  });
}
