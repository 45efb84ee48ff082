import type { ChangeRow, DeploymentRow, IncidentRow, Measures } from "./marts.ts";
import { mean, percentileCont, ratio } from "./statistics.ts";
import { utcDate } from "./time.ts";

/** The fact rows of one scope and period, each already placed by its period timestamp (docs/metrics.md, The metrics: "placed in a period by"). */
export interface Facts {
  deployments: DeploymentRow[];
  changes: ChangeRow[];
  incidents: IncidentRow[];
}

/** Which timestamp places each fact in a period. */
export const periodTimestamp = {
  deployment: (row: DeploymentRow) => row.finished_at,
  change: (row: ChangeRow) => row.deployed_at,
  incident: (row: IncidentRow) => row.started_at,
};

/** The metrics of docs/metrics.md's table over one set of facts. */
export function measures(facts: Facts): Measures {
  const successful = facts.deployments.filter((deployment) => deployment.result === "success");
  const deployed = facts.changes.filter((change) => change.status === "deployed");
  // decision 64: a negative duration stays a fact (deployed, restored) and is left out of its statistic
  const leadTimes = deployed.map((change) => change.lead_time_seconds as number).filter((seconds) => seconds >= 0);
  // decision 66: a change with no first review by another person is left out of the pickup statistics
  const pickups = deployed.map((change) => change.pickup_seconds).filter((seconds): seconds is number => seconds !== null && seconds >= 0);
  const failed = successful.filter((deployment) => deployment.caused_failure);
  // decision 25: a negative recovery is left out of the statistic
  const recoveries = failed
    .map((deployment) => deployment.recovery_seconds)
    .filter((seconds): seconds is number => seconds !== null && seconds >= 0);
  const restores = facts.incidents
    .map((incident) => incident.restore_seconds)
    .filter((seconds): seconds is number => seconds !== null);
  const nonNegativeRestores = restores.filter((seconds) => seconds >= 0);
  const rework = successful.filter((deployment) => deployment.is_rework).length;
  return {
    deployments: successful.length,
    deploy_days: new Set(successful.map((deployment) => utcDate(deployment.finished_at))).size,
    changes_deployed: deployed.length,
    lead_time_p50_seconds: percentileCont(leadTimes, 0.5),
    lead_time_p90_seconds: percentileCont(leadTimes, 0.9),
    changes_picked_up: pickups.length,
    pickup_p50_seconds: percentileCont(pickups, 0.5),
    pickup_p90_seconds: percentileCont(pickups, 0.9),
    failed_deployments: failed.length,
    change_failure_rate: ratio(failed.length, successful.length),
    recovered_deployments: recoveries.length,
    recovery_p50_seconds: percentileCont(recoveries, 0.5),
    incidents: facts.incidents.length,
    restored_incidents: restores.length,
    restore_p50_seconds: percentileCont(nonNegativeRestores, 0.5),
    restore_mean_seconds: mean(nonNegativeRestores),
    rework_deployments: rework,
    rework_rate: ratio(rework, successful.length),
  };
}
