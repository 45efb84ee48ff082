import type { ChangeIndex } from "./change-index.ts";
import type { DeploymentContents } from "./contents.ts";
import type { BaseDeployment } from "./deployments.ts";
import type { ChangeRow, DeploymentRow, IncidentRow, LinkMethod } from "./marts.ts";
import { secondsBetween, toMs } from "./time.ts";
import { sortByText } from "./order.ts";
import { appendTo } from "./collections.ts";

/** Strongest first (decision 16). */
const STRENGTH: LinkMethod[] = ["override", "custom_field", "note", "change_event", "revert", "rollback", "window"];

interface Failure {
  method: LinkMethod;
  /** null while an incident behind it is open. */
  recoveredAt: string | null;
}

/** Every failure each successful deployment caused: linked incidents, deployed reverts, rollbacks (docs/metrics.md, Failed deployment). */
function failuresByDeployment(
  contents: DeploymentContents,
  successful: Map<string, BaseDeployment>,
  changes: ChangeRow[],
  index: ChangeIndex,
  incidents: IncidentRow[],
): Map<string, Failure[]> {
  const failures = new Map<string, Failure[]>();
  const add = (deploymentId: string, failure: Failure) => appendTo(failures, deploymentId, failure);
  for (const incident of incidents) {
    if (incident.caused_by_deployment_id === null) continue;
    const fix = successful.get(incident.resolved_by_deployment_id ?? "");
    const recoveredAt = incident.resolved_at === null ? null : (fix?.finished_at ?? incident.resolved_at);
    add(incident.caused_by_deployment_id, { method: incident.link_method as LinkMethod, recoveredAt });
  }
  for (const change of changes) {
    if (change.deployed_at === null) continue;
    for (const reverted of index.revertedBy(change)) add(reverted.deployment_id as string, { method: "revert", recoveredAt: change.deployed_at });
  }
  for (const timeline of contents.timeline.values()) {
    timeline.forEach((deployment, position) => {
      const next = timeline[position + 1];
      // the next commit is a strict ancestor exactly when it differs and the next deployment contains nothing new
      if (next && next.commit_sha !== deployment.commit_sha && contents.commits.get(next.deployment_id)?.size === 0) {
        add(deployment.deployment_id, { method: "rollback", recoveredAt: next.finished_at });
      }
    });
  }
  return failures;
}

/** The deployments mart: base facts plus contents, failures, recovery and rework. */
export function finishDeployments(
  deployments: BaseDeployment[],
  contents: DeploymentContents,
  changes: ChangeRow[],
  index: ChangeIndex,
  incidents: IncidentRow[],
): { deployments: DeploymentRow[]; negativeRecoveries: number } {
  const successful = new Map(deployments.filter((d) => d.result === "success").map((d) => [d.deployment_id, d]));
  const failures = failuresByDeployment(contents, successful, changes, index, incidents);
  const rework = new Set(incidents.map((incident) => incident.resolved_by_deployment_id));
  const shipped = new Map<string, number>();
  for (const change of changes) if (change.deployment_id !== null) shipped.set(change.deployment_id, (shipped.get(change.deployment_id) ?? 0) + 1);
  let negativeRecoveries = 0;

  const rows = deployments.map((deployment): DeploymentRow => {
    const own = failures.get(deployment.deployment_id) ?? [];
    const pending = own.some((failure) => failure.recoveredAt === null);
    const recoveredAt =
      own.length === 0 || pending
        ? null
        : (own.map((failure) => failure.recoveredAt as string).reduce((a, b) => (toMs(b) > toMs(a) ? b : a)));
    const recoverySeconds = recoveredAt === null ? null : secondsBetween(deployment.finished_at, recoveredAt);
    if (recoverySeconds !== null && recoverySeconds < 0) negativeRecoveries += 1;
    return {
      ...deployment,
      is_first_observed: successful.has(deployment.deployment_id) && contents.commits.get(deployment.deployment_id) === null,
      changes: shipped.get(deployment.deployment_id) ?? 0,
      caused_failure: own.length > 0,
      failure_link_method: own.length === 0 ? null : STRENGTH.find((method) => own.some((failure) => failure.method === method)) ?? null,
      is_rework: rework.has(deployment.deployment_id),
      recovered_at: recoveredAt,
      recovery_seconds: recoverySeconds,
    };
  });
  return { deployments: sortByText(rows, (row) => row.deployment_id), negativeRecoveries };
}
