import type { Organisation } from "../model/organisation.ts";
import { planOrganisation } from "./catalog.ts";
import { dormantSlices } from "./dormant.ts";
import { withJira } from "./jira.ts";
import { resolveOptions, type GenerateOptions } from "./options.ts";
import { generateRepository } from "./repository.ts";

export { SIZES, DEFAULT_OPTIONS, type GenerateOptions } from "./options.ts";

/**
 * The organisation as a stream of slices, one repository (with its services, their PagerDuty
 * services, incidents and change events, and their Jira issues) per slice, then the repositories that
 * are no service (demo/generate/dormant.ts): a large organisation never sits in memory
 * whole. Each slice is a valid `Organisation` on its own; `mergeSlices` joins them.
 */
export function* generateOrganisationSlices(options: GenerateOptions = {}): Generator<Organisation> {
  const resolved = resolveOptions(options);
  const plan = planOrganisation(resolved);
  for (const repository of plan.repositories) {
    const slice = generateRepository(resolved, repository);
    yield resolved.jira === "some" ? withJira(resolved, plan, repository, slice) : slice;
  }
  yield* dormantSlices(resolved, plan);
}

/** The whole organisation in memory: for the default demo and smaller. */
export function generateOrganisation(options: GenerateOptions = {}): Organisation {
  return mergeSlices(generateOrganisationSlices(options));
}

/** Joins slices of one organisation: teams once each, everything else in slice order. */
export function mergeSlices(slices: Iterable<Organisation>): Organisation {
  let merged: Organisation | null = null;
  for (const slice of slices) {
    if (merged === null) {
      const { pagerduty } = slice;
      merged = {
        ...slice,
        teams: [...slice.teams],
        services: [...slice.services],
        repositories: [...slice.repositories],
        pagerduty: { services: [...pagerduty.services], incidents: [...pagerduty.incidents], change_events: [...pagerduty.change_events] },
        ...(slice.jira ? { jira: { ...slice.jira, issues: [...slice.jira.issues] } } : {}),
      };
      continue;
    }
    const teams = new Set(merged.teams.map((t) => t.name));
    merged.teams.push(...slice.teams.filter((t) => !teams.has(t.name)));
    merged.services.push(...slice.services);
    merged.repositories.push(...slice.repositories);
    merged.pagerduty.services.push(...slice.pagerduty.services);
    merged.pagerduty.incidents.push(...slice.pagerduty.incidents);
    merged.pagerduty.change_events.push(...slice.pagerduty.change_events);
    if (slice.jira) merged.jira!.issues.push(...slice.jira.issues);
  }
  if (merged === null) throw new Error("no slices to merge");
  return merged;
}
