/**
 * The weekly review's data-quality warnings, from the `data_quality` mart (one row per check,
 * definitions/marts/data_quality.sqlx): only what should make a reader doubt a number.
 */

/** Below this share of incidents linked to a cause, change failure rate and recovery time undercount. */
export const LINKED_SHARE_WARNING = 0.9;
/** A raw stream not extracted for longer than this is stale (the mart's own freshness threshold). */
export const STALE_HOURS = 48;

export interface QualityWarning {
  check: string;
  value: number;
  text: string;
}

type Check = { check_name: string | null; value: number | null };

/** Counted checks that warrant a warning when above zero, and what the count means. */
const COUNTS: Record<string, string> = {
  incidents_unmapped: "incidents on a PagerDuty service (or Jira issues) mapped to no service: in no metric",
  dangling_references: "incident references naming no successful deployment: those failures are not counted",
  jira_cross_references_unmatched: "Jira issues whose cross-reference names no PagerDuty incident: perhaps counted twice",
  deployments_unknown_contents: "deployments with unknown contents (first observed or not compared): their changes have no lead time",
  deployments_reported_unknown_service: "reported deployments naming no catalog service: in no metric",
  changes_unknown: "merged changes whose deployment is unknown: not in lead time",
  negative_recoveries: "negative recovery times: left out of the recovery statistics",
  negative_lead_times: "negative lead times: left out of the lead time statistics",
  negative_review_times: "negative review times: left out of the lead time breakdown",
  negative_deploy_waits: "negative deploy waits: left out of the lead time breakdown",
  negative_restores: "negative restore times: left out of time to restore",
};

/** Overrides applied (doraform overrides), summed into one line. */
const OVERRIDES: Record<string, string> = {
  overrides_excluded_deployments: "deployments excluded",
  overrides_incident_links: "incident links set by hand",
  overrides_not_caused_by_change: "incidents marked not caused by a change",
  overrides_excluded_pull_requests: "pull requests excluded",
};

export function qualityWarnings(checks: readonly Check[]): QualityWarning[] {
  const warnings: QualityWarning[] = [];
  const overrides: string[] = [];
  let overridden = 0;
  for (const { check_name: check, value } of checks) {
    if (check === null || value === null) continue;
    if (check === "incidents_linked_share" && value < LINKED_SHARE_WARNING) {
      warnings.push({
        check,
        value,
        text: `${(value * 100).toFixed(0)}% of incidents are linked to the deployment that caused them (warning below ${LINKED_SHARE_WARNING * 100}%): change failure rate and recovery time count linked failures only`,
      });
    } else if (check in COUNTS && value > 0) {
      warnings.push({ check, value, text: `${value} ${COUNTS[check]}` });
    } else if (check.startsWith("freshness") && value > STALE_HOURS) {
      const stream = check.slice(check.indexOf(":") + 1);
      warnings.push({ check, value, text: `${stream} last extracted ${Math.round(value)} h ago (stale above ${STALE_HOURS} h)` });
    } else if (check in OVERRIDES && value > 0) {
      overrides.push(`${OVERRIDES[check]} ${value}`);
      overridden += value;
    }
  }
  // the linked share first: it bears on two of the headline metrics
  warnings.sort((a, b) => Number(b.check === "incidents_linked_share") - Number(a.check === "incidents_linked_share"));
  if (overrides.length > 0) warnings.push({ check: "overrides", value: overridden, text: `overrides applied: ${overrides.join(", ")}` });
  return warnings;
}
