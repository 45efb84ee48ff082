import { UserError } from "../core/errors.ts";
import { requireIncident, type PagerDuty } from "./pagerduty.ts";
import { checkWarehouse, recordInWarehouse, writePagerDuty, type WarehouseChoice } from "./record.ts";

/** The note docs/metrics.md reads as a resolution deployment (never as a cause). */
export const resolutionNote = (deploymentId: string) => `resolved-by: ${deploymentId}`;

/**
 * Records that a deployment fixed an incident: the note `resolved-by: <deployment_id>` on the PagerDuty
 * incident (added once: an existing identical note is left alone) and a `doraform.resolutions` record.
 * Everything that can refuse is checked before either is written (a note cannot be taken back).
 */
export async function markResolution(pagerduty: PagerDuty, warehouse: WarehouseChoice, incidentId: string, deploymentId: string): Promise<string[]> {
  await requireIncident(pagerduty, incidentId);
  const note = resolutionNote(deploymentId);
  const { notes } = await pagerduty.get<{ notes: Array<{ content: string }> }>(`/incidents/${encodeURIComponent(incidentId)}/notes`);
  const present = notes.some((n) => n.content.split("\n").some((line) => line.trim() === note));
  if (!present && !pagerduty.target.from) throw new UserError("PagerDuty needs the acting user's email to add a note: pass --from EMAIL or set PAGERDUTY_FROM");
  await checkWarehouse(warehouse, deploymentId);
  if (!present) await writePagerDuty(() => pagerduty.post(`/incidents/${encodeURIComponent(incidentId)}/notes`, { note: { content: note } }));
  const inPagerDuty = `incident ${incidentId}: ${present ? "note already there" : "added note"} "${note}"`;
  const record = { incident_id: incidentId, deployment_id: deploymentId, marked_at: new Date().toISOString() };
  const landed = await recordInWarehouse(warehouse, "resolutions", `${incidentId}:${deploymentId}`, record, inPagerDuty);
  return [
    inPagerDuty,
    `warehouse: ${landed === "landed" ? "recorded" : "already recorded"} resolution of ${incidentId} by ${deploymentId}`,
  ];
}
