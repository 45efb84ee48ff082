import { ConfigReader, defaultStartDate } from "../config-values.ts";
import type { ConnectorSpecification } from "../protocol/messages.ts";
import { configError } from "../protocol/errors.ts";

export interface PagerDutyConfig {
  apiUrl: string;
  token: string;
  /** Only these services and their incidents; empty = every service. */
  serviceIds: string[];
  /** ISO timestamp: the first sync reads incidents created from here, and a given one earlier than the landed range backfills the days between. */
  startDate: string;
  /** start_date was set, not the 90-day default: only a given date extends the landed range (docs/extractors.md#extending-the-landed-range). */
  startDateGiven: boolean;
  /** Set only while backfilling: read no incident created from this ISO timestamp on. */
  endDate?: string;
  /** Incidents created this many days before the cursor are read again: they resolve after they are created. */
  lookbackDays: number;
  concurrency: number;
}

export const pagerdutySpec: ConnectorSpecification = {
  documentationUrl: "docs/raw-streams.md#pagerduty",
  supportsIncremental: true,
  protocol_version: "0.2.0",
  connectionSpecification: {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "doraform PagerDuty source",
    type: "object",
    additionalProperties: false,
    properties: {
      api_url: { type: "string", description: "REST API root. Default PAGERDUTY_API_URL, else https://api.pagerduty.com." },
      token: { type: "string", airbyte_secret: true, description: "A read-only REST API key. Default PAGERDUTY_TOKEN." },
      service_ids: { type: "array", items: { type: "string" }, description: "Only these services. Default every service." },
      start_date: { type: "string", format: "date", description: "The first sync reads incidents created from here. Default 90 days ago." },
      lookback_days: { type: "integer", minimum: 1, description: "Incidents created this long before the cursor are read again. Default 14." },
      concurrency: { type: "integer", minimum: 1, description: "Requests in flight at once. Default 1: PagerDuty advises serial requests per key." },
    },
  },
};

export function parsePagerDutyConfig(raw: unknown, env: NodeJS.ProcessEnv): PagerDutyConfig {
  const reader = new ConfigReader("pagerduty", raw, pagerdutySpec, env);
  const token = reader.secret("token", "PAGERDUTY_TOKEN");
  if (!token) throw configError("pagerduty config: no credentials: set PAGERDUTY_TOKEN or token");
  return {
    apiUrl: reader.url("api_url", "PAGERDUTY_API_URL", "https://api.pagerduty.com", "https://api.pagerduty.com")!,
    token,
    serviceIds: reader.strings("service_ids"),
    startDate: reader.date("start_date", defaultStartDate()),
    startDateGiven: reader.optionalString("start_date") !== undefined,
    lookbackDays: reader.integer("lookback_days", 14),
    concurrency: reader.integer("concurrency", 1),
  };
}
