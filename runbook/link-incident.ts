import { UserError } from "../core/errors.ts";
import { requireIncident, type PagerDuty } from "./pagerduty.ts";
import { checkWarehouse, recordInWarehouse, writePagerDuty, type WarehouseChoice } from "./record.ts";

/**
 * Names the deployment that caused an incident in the incident's custom field (docs/metrics.md, link method
 * `custom_field`, the most explicit one), unless it already holds that value, and lands a
 * `doraform.incident_links` record. Everything that can refuse is checked before either is written.
 */
export async function linkIncident(pagerduty: PagerDuty, warehouse: WarehouseChoice, incidentId: string, deploymentId: string, field: string): Promise<string[]> {
  await requireIncident(pagerduty, incidentId);
  const path = `/incidents/${encodeURIComponent(incidentId)}/custom_fields/values`;
  const { custom_fields: fields } = await pagerduty.get<{ custom_fields: Array<{ name: string; value: unknown }> }>(path);
  const current = fields.find((f) => f.name === field);
  if (!current) throw new UserError(`incident ${incidentId} has no custom field ${field}: create it in PagerDuty (Incident custom fields) or pass --field`);
  const already = current.value === deploymentId;
  await checkWarehouse(warehouse, deploymentId);
  if (!already) await writePagerDuty(() => pagerduty.put(path, { custom_fields: [{ name: field, value: deploymentId }] }));
  const before = current.value === null || current.value === undefined ? "" : ` (was ${String(current.value)})`;
  const inPagerDuty = `incident ${incidentId}: ${already ? `${field} already ${deploymentId}` : `set ${field} to ${deploymentId}${before}`}`;
  const record = { incident_id: incidentId, deployment_id: deploymentId, linked_at: new Date().toISOString() };
  // each command is a record of its own: linking A, B, then A again must land the third (decision 63)
  await recordInWarehouse(warehouse, "incident_links", `${incidentId}:${deploymentId}:${record.linked_at}`, record, inPagerDuty);
  return [inPagerDuty, `warehouse: recorded link of ${incidentId} to ${deploymentId}`];
}
