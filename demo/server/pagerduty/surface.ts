import type { Organisation } from "../../model/organisation.ts";
import { PagerDutyRateLimit } from "../rate-limits.ts";
import { Router, type Handler } from "../router.ts";
import type { Surface } from "../surface.ts";
import { DEMO_PAGERDUTY_TOKEN } from "../tokens.ts";
import type { PagerDutyUrls } from "./objects.ts";
import { invalidInput, pagerDutyError as error } from "./responses.ts";
import { registerPagerDutyRoutes } from "./routes.ts";
import { PagerDutyStore } from "./store.ts";
import { registerPagerDutyWebhookSubscriptions } from "./webhook-subscriptions.ts";
import { isKnownZone, isUtc, localizeTimes } from "./time-zone.ts";

/** The simulated PagerDuty REST API under /pagerduty. */
export function pagerDutySurface(org: Organisation, urls: PagerDutyUrls): Surface {
  const limit = new PagerDutyRateLimit();
  const router = new Router(inTimeZone);
  registerPagerDutyRoutes(router, new PagerDutyStore(org, urls));
  registerPagerDutyWebhookSubscriptions(router);
  return {
    api: "pagerduty",
    prefix: "/pagerduty",
    router,
    etags: false,
    free: new Set(),
    malformedRoute: "GET /incidents",
    baseHeaders: {},
    checkAuth(headers) {
      const token = /^(?:token token=|bearer\s+)(.+)$/i.exec(headers.authorization ?? "")?.[1];
      return token === DEMO_PAGERDUTY_TOKEN ? undefined : error(401, "Unauthorized", 2006);
    },
    notFound: () => error(404, "Not Found", 2100),
    badRequestBody: () => error(400, "Invalid Input Provided", 2001, ["The request body is not valid JSON."]),
    rateHeaders(_route, spend) {
      if (spend) limit.spend();
      return limit.headers();
    },
    fault(kind, _route, waitSeconds) {
      switch (kind) {
        case "bad_gateway":
          return { response: error(502, "Bad Gateway", 2000) };
        case "gateway_timeout":
          return { response: error(504, "Gateway Timeout", 2000) };
        case "primary_rate_limit":
        case "secondary_rate_limit":
          return { response: rateLimited(waitSeconds), blockUntil: Date.now() + waitSeconds * 1000 };
      }
    },
    stillLimited(_route, untilMs) {
      return rateLimited(Math.max(1, Math.ceil((untilMs - Date.now()) / 1000)));
    },
  };
}

/** Renders a response's timestamps in the `time_zone` the request names. */
function inTimeZone(handler: Handler): Handler {
  return (request) => {
    const zone = request.query.get("time_zone");
    if (isUtc(zone)) return handler(request);
    if (!isKnownZone(zone!)) return invalidInput(`time_zone ${zone} is not a valid time zone.`);
    const response = handler(request);
    return { ...response, body: localizeTimes(response.body, zone!) };
  };
}

/** PagerDuty's 429: ratelimit-reset is seconds until the reset, the body code 2020. */
function rateLimited(seconds: number) {
  return {
    ...error(429, "Rate Limit Exceeded", 2020),
    headers: { "ratelimit-limit": "960", "ratelimit-remaining": "0", "ratelimit-reset": String(seconds) },
  };
}
