/**
 * The oracle: the marts expected for an organisation, computed from its own model in TypeScript,
 * rule by rule from docs/metrics.md and its numbered decisions, independently of the SQL models.
 * Pure and deterministic; rows are ordered by their keys.
 */
import type { Organisation } from "../model/organisation.ts";
import { organisationAsOf } from "../model/snapshot.ts";
import { buildCatalog } from "./catalog.ts";
import { indexChanges } from "./change-index.ts";
import { buildChanges } from "./changes.ts";
import { buildContents } from "./contents.ts";
import { buildDeployments } from "./deployments.ts";
import { finishDeployments } from "./failures.ts";
import { buildIncidents } from "./incidents.ts";
import { benchmarkRows } from "./levels.ts";
import type { ExpectedMarts } from "./marts.ts";
import type { Facts } from "./measures.ts";
import { factsBy, periodRows, quarters, weeks, type Calendar } from "./periods.ts";
import { dataQuality } from "./quality.ts";
import { resolveSettings } from "./settings.ts";
import { reportSettingsRow, reviewWindowRows, summaryRows } from "./summary.ts";
import { compareText } from "./order.ts";

export type * from "./marts.ts";

/**
 * The marts of the organisation as it stands at its as_of, the clock of the models and the oracle
 * (docs/metrics.md, Conventions: as_of): a run still going, a pull request or an incident after it do not exist yet,
 * exactly as the simulated APIs serve it.
 */
export function expectedMarts(scenario: Organisation): ExpectedMarts {
  const org = organisationAsOf(scenario);
  const settings = resolveSettings(org);
  const catalog = buildCatalog(org, settings);
  const { deployments: base, excluded, twins } = buildDeployments(org, catalog, settings);
  const contents = buildContents(org, base);
  const { changes, excludedPullRequests } = buildChanges(org, catalog, settings, contents);
  const index = indexChanges(org, changes);
  const successful = new Map(base.filter((d) => d.result === "success").map((d) => [d.deployment_id, d]));
  const incidentFacts = buildIncidents({ org, catalog, settings, successful, twins, contents, changes: index });
  const { incidents } = incidentFacts;
  const { deployments, negativeRecoveries } = finishDeployments(base, contents, changes, index, incidents);

  const all: Facts = { deployments, changes, incidents };
  const byService = factsBy(all, (row) => row.service);
  const byTeam = factsBy(all, (row) => row.team);
  const teamOf = (service: string) => catalog.byName(service).team;

  const tables = (calendar: Calendar) => ({
    service: [...byService].flatMap(([service, facts]) =>
      periodRows(facts, calendar, org.as_of).map((row) => ({ period: row.period, is_complete: row.is_complete, service, team: teamOf(service), ...row.measures })),
    ),
    team: [...byTeam].flatMap(([team, facts]) =>
      periodRows(facts, calendar, org.as_of).map((row) => ({ period: row.period, is_complete: row.is_complete, team, ...row.measures })),
    ),
    org: periodRows(all, calendar, org.as_of).map((row) => ({ period: row.period, is_complete: row.is_complete, ...row.measures })),
  });
  const weekly = tables(weeks);
  const quarterly = tables(quarters);
  // rows ordered by their key: (period, service) and (period, team)
  const byKey = <T extends { period: string; service?: string; team?: string }>(rows: T[]) =>
    [...rows].sort((a, b) => compareText(a.period, b.period) || compareText(a.service ?? a.team ?? "", b.service ?? b.team ?? ""));
  const asWeek = <T extends { period: string }>({ period, ...rest }: T) => ({ week_start: period, ...rest });
  const asQuarter = <T extends { period: string }>({ period, ...rest }: T) => ({ quarter_start: period, ...rest });

  const scopes = [
    ...[...byService].map(([name, facts]) => ({ scope: "service" as const, name, facts })),
    ...[...byTeam].map(([name, facts]) => ({ scope: "team" as const, name, facts })),
    { scope: "organisation" as const, name: "all", facts: all },
  ];

  return {
    deployments,
    changes,
    incidents,
    service_weekly: byKey(weekly.service).map(asWeek),
    team_weekly: byKey(weekly.team).map(asWeek),
    org_weekly: weekly.org.map(asWeek),
    service_quarterly: byKey(quarterly.service).map(asQuarter),
    team_quarterly: byKey(quarterly.team).map(asQuarter),
    org_quarterly: quarterly.org.map(asQuarter),
    summary: scopes
      .flatMap((scope) => summaryRows(scope, org.as_of, settings.reportYear, settings.minSample))
      .sort((a, b) => compareText(a.scope, b.scope) || compareText(a.name, b.name) || a.window_weeks - b.window_weeks),
    review_windows: scopes
      .flatMap((scope) => reviewWindowRows(scope, org.as_of))
      .sort((a, b) => compareText(a.scope, b.scope) || compareText(a.name, b.name) || a.window_weeks - b.window_weeks),
    report_settings: [reportSettingsRow(org.as_of, settings)],
    benchmarks: benchmarkRows,
    data_quality: dataQuality(deployments, changes, incidents, {
      danglingReferences: incidentFacts.danglingReferences,
      unmappedIncidents: incidentFacts.unmapped,
      negativeRecoveries,
      excludedDeployments: excluded,
      overrideLinks: incidentFacts.overrideLinks,
      notCausedMarks: incidentFacts.notCausedMarks,
      excludedPullRequests,
      unmatchedCrossReferences: incidentFacts.unmatchedCrossReferences,
      unmappedByPagerDutyService: incidentFacts.unmappedByPagerDutyService,
      unassignedRepositories: org.repositories
        .map((repository) => repository.full_name)
        .filter((repository) => !org.services.some((service) => service.repository === repository)),
    }),
  };
}

/**
 * Every mart's rows as one flat list, each with its `table`, then the organisation's true service
 * catalog (`table: "catalog"`, a service entry's fields), against which discovery is scored: what
 * `doraform demo expected` prints as JSON lines.
 */
export function expectedRows(org: Organisation): Array<{ table: keyof ExpectedMarts | "catalog" } & Record<string, unknown>> {
  const marts = expectedMarts(org);
  return [
    ...(Object.keys(marts) as (keyof ExpectedMarts)[]).flatMap((table) => (marts[table] as object[]).map((row) => ({ table, ...row }))),
    ...org.services.map((service) => ({ table: "catalog" as const, ...service })),
  ];
}
