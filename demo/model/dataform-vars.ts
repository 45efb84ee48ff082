import type { Organisation } from "./organisation.ts";

/**
 * The Dataform vars that hand an organisation's catalog, knobs, overrides and clock to the models
 * (includes/catalog.js and includes/overrides.js read `catalog_json` and `overrides_json`).
 */
export function organisationVars(org: Organisation): Record<string, string> {
  return {
    as_of: org.as_of,
    catalog_json: JSON.stringify({ services: org.services, settings: org.settings ?? {} }),
    overrides_json: JSON.stringify(org.overrides ?? {}),
  };
}
