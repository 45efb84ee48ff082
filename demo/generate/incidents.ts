import type { Incident } from "../model/organisation.ts";
import { DAY, HOUR, MINUTE, clamp, iso } from "./clock.ts";
import { at, incidentUrl, runUrl, type DeployRecord, type SimService, type Simulation } from "./context.ts";
import { mergeChange } from "./changes.ts";
import { deploy } from "./deploys.ts";
import { changeTitle, incidentSymptom } from "./names.ts";

/** How an incident names (or fails to name) the deployment that caused it: one per cause rule of docs/metrics.md, and the traps. */
type CauseTag =
  | "custom_field"
  | "note"
  | "title"
  | "description"
  | "run_url"
  | "change_event"
  /** untagged; fixed by reverting a pull request the deployment shipped */
  | "revert"
  /** untagged; fixed by deploying the previous commit again */
  | "rollback"
  /** untagged, shortly after the deployment: only the (off by default) window rule links it */
  | "window"
  /** names a deploy run that failed, not a deployment */
  | "non_deployment"
  /** names a deployment id that does not exist */
  | "dangling"
  | "none";

type Resolution = "revert" | "rollback" | "hotfix_label" | "hotfix_branch" | "resolved_by" | "none";

const CAUSE_TAGS: Record<CauseTag, number> = {
  custom_field: 20,
  note: 12,
  title: 4,
  description: 4,
  run_url: 6,
  change_event: 12,
  revert: 9,
  rollback: 5,
  window: 7,
  non_deployment: 5,
  dangling: 2,
  none: 8,
};

/** Called when a successful deployment finishes: now and then it breaks something. */
export function maybeCauseIncident(sim: Simulation, service: SimService, deployment: DeployRecord): void {
  const { random } = sim;
  const deploysPerWeek = Math.max(service.plan.deployRate * 5, 1);
  if (!random.chance(Math.min(0.5, sim.incidentsPerWeek / deploysPerWeek))) return;
  const tag = feasibleTag(sim, service, deployment, random.weighted(CAUSE_TAGS));
  const delay = tag === "window" ? random.int(15 * MINUTE, 3 * HOUR) : clamp(random.duration(2 * HOUR), 5 * MINUTE, 2 * DAY);
  at(sim, deployment.finishedAt + delay, (t) => serviceIncident(sim, service, t, deployment, tag));
}

/** An incident no deployment caused (infrastructure, a provider, load). */
export function uncausedIncident(sim: Simulation, service: SimService, t: number): void {
  serviceIncident(sim, service, t, null, sim.random.weighted({ none: 6, non_deployment: 1 }));
}

/** An incident still open at the clock. */
export function openIncident(sim: Simulation, service: SimService, t: number): void {
  triggerIncident(sim, service.pagerdutyIds[0], incidentSymptom(service.entry.name, sim.random), t);
}

/** An incident on a PagerDuty service outside the catalog, resolved without a deployment. */
export function unmappedIncident(sim: Simulation, pagerdutyId: string, t: number): void {
  const incident = triggerIncident(sim, pagerdutyId, "Shared database failover", t);
  resolveAt(sim, incident, t + clamp(sim.random.duration(90 * MINUTE), 20 * MINUTE, 3 * DAY));
}

function serviceIncident(sim: Simulation, service: SimService, t: number, cause: DeployRecord | null, tag: CauseTag): void {
  const { random } = sim;
  const incident = triggerIncident(sim, random.pick(service.pagerdutyIds), incidentSymptom(service.entry.name, random), t);
  if (cause) applyTag(sim, service, incident, cause, tag);
  else if (tag === "non_deployment") nameFailedRun(sim, service, incident);

  const resolution: Resolution =
    tag === "revert" || tag === "rollback"
      ? tag
      : random.weighted({ hotfix_label: 12, hotfix_branch: 8, resolved_by: 12, none: 68 });
  resolve(sim, service, incident, resolution, cause);

  if (random.chance(0.05)) {
    // the same alert fired twice: the responder merges the second into the first
    const duplicate = triggerIncident(sim, incident.service_id, `${incident.title} (duplicate alert)`, t + random.int(MINUTE, 10 * MINUTE));
    at(sim, t + random.int(30 * MINUTE, 60 * MINUTE), (time) => {
      duplicate.merged_into_incident_id = incident.id;
      duplicate.status_changes.push({ type: "resolve", at: iso(time) });
    });
  }
}

function feasibleTag(sim: Simulation, service: SimService, cause: DeployRecord, tag: CauseTag): CauseTag {
  switch (tag) {
    case "run_url":
      return cause.runId !== null ? tag : "custom_field";
    case "change_event":
      return cause.changeEventId !== null ? tag : "custom_field";
    case "revert":
      return !service.plan.releaseBranches && cause.shipped.length > 0 ? tag : "custom_field";
    case "rollback":
      return rollbackTarget(service, cause) ? tag : "note";
    default:
      return tag;
  }
}

/** The previous successful deployment, when it is a strict ancestor of this one. */
function rollbackTarget(service: SimService, cause: DeployRecord): DeployRecord | null {
  if (service.plan.releaseBranches || cause.rollback) return null;
  const previous = service.successes[service.successes.indexOf(cause) - 1];
  // on main every earlier head is an ancestor of every later one
  return previous && previous.sha !== cause.sha ? previous : null;
}

function applyTag(sim: Simulation, service: SimService, incident: Incident, cause: DeployRecord, tag: CauseTag): void {
  const { random } = sim;
  const t = Date.parse(incident.created_at) / 1000;
  switch (tag) {
    case "custom_field":
      incident.custom_fields[sim.customFieldName] = cause.id;
      break;
    case "note":
      note(sim, incident, t + random.int(5 * MINUTE, 30 * MINUTE), random.pick([`deployment: ${cause.id}`, `Suspect deployment: ${cause.id}`, `Deployment:  ${cause.id} went out just before the alert`]));
      break;
    case "title":
      incident.title = `${incident.title} after deployment: ${cause.id}`;
      break;
    case "description":
      incident.description = `${incident.description}\n\nLikely cause: deployment: ${cause.id}`;
      break;
    case "run_url": {
      const url = runUrl(sim, cause.runId!) + (random.chance(0.3) ? "/attempts/1" : "");
      if (random.chance(0.5)) incident.description = `${incident.description}\n\nStarted right after ${url}`;
      else note(sim, incident, t + random.int(5 * MINUTE, 30 * MINUTE), `Possibly caused by ${url}`);
      break;
    }
    case "change_event":
      incident.related_change_event_ids = [cause.changeEventId!];
      break;
    case "non_deployment":
      nameFailedRun(sim, service, incident);
      // PagerDuty still relates the real deployment's change event: the next rule links it
      if (cause.changeEventId !== null && random.chance(0.5)) incident.related_change_event_ids = [cause.changeEventId];
      break;
    case "dangling":
      incident.custom_fields[sim.customFieldName] = `gh-run:${sim.ids.number()}`;
      break;
    default:
      break;
  }
}

function nameFailedRun(sim: Simulation, service: SimService, incident: Incident): void {
  const failed = service.failedRunIds[service.failedRunIds.length - 1];
  if (failed === undefined) return;
  const id = sim.monorepo ? `gh-run:${failed}/${service.entry.name}` : `gh-run:${failed}`;
  note(sim, incident, Date.parse(incident.created_at) / 1000 + sim.random.int(5 * MINUTE, 30 * MINUTE), `deployment: ${id}`);
}

function resolve(sim: Simulation, service: SimService, incident: Incident, resolution: Resolution, cause: DeployRecord | null): void {
  const { random } = sim;
  const t = Date.parse(incident.created_at) / 1000;
  const afterFix = (fix: DeployRecord) => resolveAt(sim, incident, fix.finishedAt + random.int(2 * MINUTE, 20 * MINUTE));
  // the runbook: the responder notes which deployment fixed it, then resolves
  const noteFix = (fix: DeployRecord) => {
    const notedAt = fix.finishedAt + random.int(MINUTE, 15 * MINUTE);
    const byUrl = fix.runId !== null && !sim.monorepo && random.chance(0.2);
    note(sim, incident, notedAt, `resolved-by: ${byUrl ? runUrl(sim, fix.runId!) : fix.id}`);
    resolveAt(sim, incident, notedAt + random.int(MINUTE, 10 * MINUTE));
  };
  const fixDeploy = (time: number, onFinished: (fix: DeployRecord) => void) =>
    at(sim, time, (when) => deploy(sim, service, when, { fix: true, onFinished }));
  switch (resolution) {
    case "revert": {
      const reverted = cause!.shipped[cause!.shipped.length - 1];
      at(sim, t + random.int(40 * MINUTE, 2 * HOUR), (mergedAt) => {
        mergeChange(sim, service, mergedAt, {
          quick: true,
          title: `Revert "${reverted.title}"`,
          body: `Reverts ${sim.fullName}#${reverted.number}`,
          headRef: `revert-${reverted.number}-${reverted.head_ref}`,
          files: reverted.files,
          method: random.pick(["squash", "merge"] as const),
        });
        // the revert is found as the cause only through the deployment that fixed the incident
        fixDeploy(mergedAt + random.int(5 * MINUTE, 20 * MINUTE), noteFix);
      });
      break;
    }
    case "rollback": {
      const target = rollbackTarget(service, cause!)!;
      at(sim, t + random.int(10 * MINUTE, 40 * MINUTE), (when) => deploy(sim, service, when, { fix: true, sha: target.sha, onFinished: afterFix }));
      break;
    }
    case "hotfix_label":
    case "hotfix_branch": {
      if (service.plan.releaseBranches && !service.release) return resolveAt(sim, incident, t + random.int(HOUR, 6 * HOUR));
      at(sim, t + random.int(40 * MINUTE, 5 * HOUR), (mergedAt) => {
        const byLabel = resolution === "hotfix_label";
        mergeChange(sim, service, mergedAt, {
          quick: true,
          title: byLabel && random.chance(0.3) ? `Hotfix for ${incident.id}: ${changeTitle(random).toLowerCase()}` : changeTitle(random),
          body: byLabel ? random.pick([`Fixes ${incidentUrl(sim, incident.id)}`, `Mitigates PagerDuty incident ${incident.id}.`]) : "Urgent fix, see the incident.",
          labels: byLabel ? ["hotfix"] : [],
          headRef: byLabel ? undefined : `hotfix/${incident.id}`,
          target: service.release?.branch,
        });
        fixDeploy(mergedAt + random.int(5 * MINUTE, 20 * MINUTE), afterFix);
      });
      break;
    }
    case "resolved_by":
      fixDeploy(t + random.int(30 * MINUTE, 4 * HOUR), noteFix);
      break;
    case "none":
      resolveAt(sim, incident, t + clamp(random.duration(90 * MINUTE), 20 * MINUTE, 3 * DAY));
      break;
  }
}

function triggerIncident(sim: Simulation, pagerdutyId: string, title: string, t: number): Incident {
  const incident: Incident = {
    id: sim.ids.text("Q"),
    incident_number: sim.ids.incidentNumber(),
    title,
    description: `Triggered by monitor "${title}".`,
    service_id: pagerdutyId,
    urgency: sim.random.chance(0.8) ? "high" : "low",
    created_at: iso(t),
    status_changes: [],
    notes: [],
    custom_fields: { [sim.customFieldName]: null },
    related_change_event_ids: [],
  };
  sim.incidents.push(incident);
  at(sim, t + sim.random.int(MINUTE, 15 * MINUTE), (time) => incident.status_changes.push({ type: "acknowledge", at: iso(time) }));
  return incident;
}

/** Resolves at `time`; a few incidents reopen later and are resolved again. */
function resolveAt(sim: Simulation, incident: Incident, time: number): void {
  at(sim, time, (resolvedAt) => {
    incident.status_changes.push({ type: "resolve", at: iso(resolvedAt) });
    if (!sim.random.chance(0.06)) return;
    at(sim, resolvedAt + sim.random.int(30 * MINUTE, 4 * HOUR), (reopenedAt) => {
      incident.status_changes.push({ type: "reopen", at: iso(reopenedAt) });
      at(sim, reopenedAt + clamp(sim.random.duration(HOUR), 10 * MINUTE, DAY), (again) =>
        incident.status_changes.push({ type: "resolve", at: iso(again) }),
      );
    });
  });
}

function note(sim: Simulation, incident: Incident, time: number, content: string): void {
  at(sim, time, (notedAt) => incident.notes.push({ id: sim.ids.text("N"), content, created_at: iso(notedAt) }));
}
