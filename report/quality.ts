import { formatDuration } from "../core/duration.ts";

/**
 * The data-quality warnings run, review and report show, from the `data_quality` mart (one row per
 * check, definitions/marts/data_quality.sqlx): only what should make a reader doubt a number, and
 * for what the catalog misses, the line of doraform.yaml that fills the gap (docs/metrics.md#decision-65).
 */

/** A raw stream not extracted for longer than this is stale (the mart's own freshness threshold). */
export const STALE_HOURS = 48;
/** How many PagerDuty services or repositories a warning names; --format json lists them all. */
const LISTED = 5;

export interface QualityWarning {
  check: string;
  value: number;
  text: string;
  /** What to do about it, in one line (a line of doraform.yaml to add, a command to run). */
  fix?: string;
}

type Check = { check_name: string | null; value: number | null };

/** How much of the incidents are linked to their cause, and by which method (includes/link_methods.js). */
export interface LinkCoverage {
  /** Incidents linked ÷ incidents; null with no incidents. */
  share: number | null;
  /** The setting min_link_coverage the marts were built with. */
  threshold: number;
  /** Incidents linked per method, strongest first; empty on a warehouse built before they were counted. */
  byMethod: Array<{ method: string; incidents: number }>;
  /** Below the threshold: change failure rate is shown with a warning, not a level. */
  belowThreshold: boolean;
}

/** What the catalog misses and how fresh the sources are, as `review --format json` gives it. */
export interface CatalogGaps {
  linkCoverage: LinkCoverage;
  unmappedIncidents: { total: number; pagerdutyServices: Array<{ id: string; incidents: number; line: string }> };
  unassignedRepositories: Array<{ repository: string; service: string; deployments: number; line: string }>;
  staleSources: Array<{ source: string; streams: Array<{ stream: string; hours: number }>; command: string }>;
}

/** Counted checks that warrant a warning when above zero, and what the count means. */
const COUNTS: Record<string, string> = {
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

/** Link methods as readers say them, strongest first (the order of includes/link_methods.js). */
const METHODS: Record<string, string> = {
  override: "override",
  custom_field: "custom field",
  note: "note",
  change_event: "change event",
  revert: "revert",
  window: "window",
};

/** The checks about one thing each (`prefix:thing`), as [thing, value]. */
function itemized(checks: readonly Check[], prefix: string): Array<[string, number]> {
  return checks
    .filter((c): c is { check_name: string; value: number } => c.check_name !== null && c.value !== null && c.check_name.startsWith(prefix))
    .map((c) => [c.check_name.slice(prefix.length), c.value]);
}

function value(checks: readonly Check[], name: string): number | null {
  return checks.find((c) => c.check_name === name)?.value ?? null;
}

/** Largest first, then by name: what to fix first. */
function byWeight<T>(items: T[], weight: (item: T) => number, name: (item: T) => string): T[] {
  return items.sort((a, b) => weight(b) - weight(a) || name(a).localeCompare(name(b)));
}

export function linkCoverage(checks: readonly Check[], threshold: number): LinkCoverage {
  const share = value(checks, "incidents_linked_share");
  const counts = new Map(itemized(checks, "incidents_linked:"));
  const byMethod = Object.keys(METHODS)
    .filter((method) => (counts.get(method) ?? 0) > 0)
    .map((method) => ({ method, incidents: counts.get(method)! }));
  return { share, threshold, byMethod, belowThreshold: share !== null && share < threshold };
}

/**
 * What change failure rate shows instead of its level below the link coverage threshold; null at or
 * above it. `short` for a terminal table's cell, where the gaps under it say the rest.
 */
export function changeFailureRateWarning(coverage: LinkCoverage, form: "long" | "short" = "long"): string | null {
  if (!coverage.belowThreshold) return null;
  if (form === "short") return `warning: ${percent(coverage.share!)} linked`;
  return `warning: ${percent(coverage.share!)} of incidents linked (< ${percent(coverage.threshold)})`;
}

export function catalogGaps(checks: readonly Check[], minLinkCoverage: number): CatalogGaps {
  const pagerdutyServices = byWeight(
    itemized(checks, "incidents_unmapped:pagerduty:").map(([id, incidents]) => ({ id, incidents, line: `pagerduty_service_ids: [${id}]` })),
    (s) => s.incidents,
    (s) => s.id,
  );
  const unassignedRepositories = byWeight(
    itemized(checks, "unassigned_repository:").map(([repository, deployments]) => {
      const service = repository.slice(repository.indexOf("/") + 1);
      return { repository, service, deployments, line: `- { name: ${service}, team: <team>, repository: ${repository} }` };
    }),
    (r) => r.deployments,
    (r) => r.repository,
  );
  const stale = new Map<string, Array<{ stream: string; hours: number }>>();
  for (const [table, hours] of itemized(checks, "freshness:")) {
    if (hours <= STALE_HOURS) continue;
    // raw tables are <source>_raw__stream_<stream>
    const [source, stream] = table.split("_raw__stream_");
    stale.set(source!, [...(stale.get(source!) ?? []), { stream: stream ?? table, hours }]);
  }
  return {
    linkCoverage: linkCoverage(checks, minLinkCoverage),
    unmappedIncidents: { total: value(checks, "incidents_unmapped") ?? 0, pagerdutyServices },
    unassignedRepositories,
    staleSources: [...stale].map(([source, streams]) => ({ source, streams, command: `doraform ingest ${source}` })),
  };
}

export function qualityWarnings(checks: readonly Check[], minLinkCoverage: number): QualityWarning[] {
  const gaps = catalogGaps(checks, minLinkCoverage);
  // the linked share first: it bears on two of the headline metrics; then what the catalog misses
  const warnings: QualityWarning[] = [...gapWarnings(gaps)];
  const overrides: string[] = [];
  let overridden = 0;
  for (const { check_name: check, value } of checks) {
    if (check === null || value === null) continue;
    if (check in COUNTS && value > 0) {
      warnings.push({ check, value, text: `${value} ${COUNTS[check]}` });
    } else if (check in OVERRIDES && value > 0) {
      overrides.push(`${OVERRIDES[check]} ${value}`);
      overridden += value;
    }
  }
  if (overrides.length > 0) warnings.push({ check: "overrides", value: overridden, text: `overrides applied: ${overrides.join(", ")}` });
  return warnings;
}

/** The warnings about what the catalog misses, link coverage and stale sources: what `run` prints under its summary. */
export function gapWarnings(gaps: CatalogGaps): QualityWarning[] {
  const warnings: QualityWarning[] = [];
  const coverage = gaps.linkCoverage;
  if (coverage.belowThreshold) {
    const methods = coverage.byMethod.length > 0 ? ` (by ${coverage.byMethod.map((m) => `${METHODS[m.method]} ${m.incidents}`).join(", ")})` : "";
    warnings.push({
      check: "incidents_linked_share",
      value: coverage.share!,
      text: `${percent(coverage.share!)} of incidents are linked to the deployment that caused them${methods}, below the ${percent(coverage.threshold)} change failure rate needs: it is shown with a warning, not a level, and counts linked failures only`,
      fix: "put the deploying run in each incident's deployment_id field (docs/sop-incident-tagging.md), or add `window_rule_enabled: true` under `settings:` in doraform.yaml",
    });
  }
  const unmapped = gaps.unmappedIncidents;
  if (unmapped.total > 0) {
    const services = unmapped.pagerdutyServices;
    const from = services.length > 0 ? `, from PagerDuty ${listed(services.map((s) => `${s.id} (${s.incidents})`))}` : "";
    warnings.push({
      check: "incidents_unmapped",
      value: unmapped.total,
      text: `${unmapped.total} incidents on a PagerDuty service (or Jira issues) mapped to no service: in no metric${from}`,
      ...(services.length > 0
        ? { fix: `add under the service each pages for in doraform.yaml: ${listed(services.map((s) => `\`${s.line}\``))}` }
        : { fix: "add the issues' components as `jira_components: [...]` under their service in doraform.yaml" }),
    });
  }
  const repositories = gaps.unassignedRepositories;
  if (repositories.length > 0) {
    warnings.push({
      check: "unassigned_repositories",
      value: repositories.length,
      text: `${repositories.length} repositories have no catalog entry, so their services fall back to team unassigned: ${listed(repositories.map((r) => `${r.repository} (service ${r.service}, ${r.deployments} deployments)`))}`,
      fix: `add under \`services:\` in doraform.yaml, with the owning team: ${listed(repositories.map((r) => `\`${r.line}\``))}`,
    });
  }
  for (const { source, streams, command } of gaps.staleSources) {
    const oldest = Math.max(...streams.map((s) => s.hours));
    warnings.push({
      check: `freshness:${source}`,
      value: oldest,
      text: `${source} is stale: ${streams.map((s) => `${s.stream} last landed ${Math.round(s.hours)} h ago`).join(", ")} (stale above ${STALE_HOURS} h)`,
      fix: `run \`${command}\` (or look at why the nightly sync did not)`,
    });
  }
  return warnings;
}

/** The first few, then how many more. */
function listed(items: string[]): string {
  const more = items.length - LISTED;
  return items.slice(0, LISTED).join(", ") + (more > 0 ? ` and ${more} more (review --format json lists them all)` : "");
}

function percent(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}

/** A warning as one line of text: what, then what to do. */
export function warningLine(warning: QualityWarning): string {
  return warning.fix ? `${warning.text}. To do: ${warning.fix}` : warning.text;
}

/** Checks counted for information (not warnings), and what the count means. */
const INFORMATION: Record<string, string> = {
  incidents_unmapped: "incidents on a PagerDuty service (or Jira issues) mapped to no service",
  deployments_reported_twins: "reported deployments that are also a CI run: counted once",
  changes_pending: "merged changes not deployed yet",
};

/**
 * One check of the `data_quality` mart in words, with its unit: "3 negative lead times: …",
 * "74% of incidents linked …", "github workflow_runs last landed 2 s ago" (the report's table of every check).
 */
export function checkText(check: Check): string {
  const { check_name: name, value } = check;
  if (name === null) return "";
  if (value === null) return `${name}: no value (no rows to measure)`;
  const [prefix, ...rest] = name.split(":");
  const thing = rest.join(":");
  if (name === "incidents_linked_share") return `${percent(value)} of incidents linked to the deployment that caused them`;
  if (prefix === "incidents_linked") return `${value} incidents linked by ${METHODS[thing] ?? thing}`;
  if (prefix === "incidents_unmapped" && thing.startsWith("pagerduty:")) return `${value} incidents from PagerDuty service ${thing.slice("pagerduty:".length) || "(none)"} mapped to no service`;
  if (prefix === "unassigned_repository") return `repository ${thing} has no catalog entry (${value} deployments)`;
  if (prefix === "freshness") {
    const [source, stream] = thing.split("_raw__stream_");
    return `${source}${stream ? ` ${stream}` : ""} last landed ${formatDuration(value * 3600)} ago${value > STALE_HOURS ? ` (stale above ${STALE_HOURS} h)` : ""}`;
  }
  const meaning = COUNTS[name] ?? INFORMATION[name];
  if (meaning) return `${value} ${meaning}`;
  if (name in OVERRIDES) return `${value} ${OVERRIDES[name]} by overrides`;
  return `${name}: ${value}`;
}
