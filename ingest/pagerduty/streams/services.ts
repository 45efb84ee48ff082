import { streamFacts } from "../../protocol/source.ts";
import type { PagerDutyStream } from "../context.ts";
import servicesSchema from "../../../includes/raw_streams/pagerduty/services.json" with { type: "json" };

interface Service {
  id: string;
  name: string;
  summary: string;
  status: string;
  created_at: string;
  updated_at: string | null;
  html_url: string;
}

/** Full refresh: one request per hundred services. */
export const services: PagerDutyStream<Record<string, never>> = {
  ...streamFacts(servicesSchema),
  async *read(ctx) {
    const wanted = new Set(ctx.config.serviceIds);
    for await (const service of ctx.api.list<Service>("/services", { time_zone: "UTC" }, "services")) {
      if (wanted.size > 0 && !wanted.has(service.id)) continue;
      const { id, name, summary, status, created_at, updated_at, html_url } = service;
      yield { id, name, summary, status, created_at, updated_at: updated_at ?? null, html_url };
    }
    return {};
  },
};
