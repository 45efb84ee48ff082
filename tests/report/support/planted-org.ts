import { createRequire } from "node:module";
import { classify } from "../../../report/levels.ts";
import type { BenchmarkRow, ChangeRow, DeploymentRow, IncidentRow, Measures, Marts } from "../../../report/marts.ts";
import type { MartRows } from "../../../demo/warehouse/mart-file.ts";

/**
 * A small organisation written as mart rows, with a regression planted in its latest complete week:
 * - as_of 2026-11-25 (a Wednesday): weeks 2026-08-17 … 2026-11-16 are complete, 2026-11-23 is not;
 * - services api (team platform, 5 deployments a week, Mon–Fri 10:00), web (team product, Mon/Wed/Fri
 *   14:00) and billing (team product, Tue 15:00); every deployment ships 2 changes;
 * - lead time of every change: 1 day + (week index mod 3) hours, split coding ¼, review ¼, deploy wait ½;
 * - week 5 (2026-09-21): web's Monday deployment failed, its incident restored in 2 h;
 * - the planted week 2026-11-16: api's changes took 3 days, its Monday and Tuesday deployments
 *   failed (2 of 5), their incidents started 1 h after and were restored 3 days later.
 * The period rows are aggregated from those facts here, as the models would; report_settings records
 * as_of, report year 2024 and minimum sample 5.
 */
export const AS_OF = "2026-11-25";
export const LATEST_COMPLETE_WEEK = "2026-11-16";
export const FIRST_WEEK = "2026-08-17";
const HOUR = 3600;
const DAY = 86400;

const SERVICES = [
  { service: "api", team: "platform", days: [0, 1, 2, 3, 4], hour: 10 },
  { service: "web", team: "product", days: [0, 2, 4], hour: 14 },
  { service: "billing", team: "product", days: [1], hour: 15 },
];

export const benchmarkRows: BenchmarkRow[] = createRequire(import.meta.url)("../../../includes/benchmarks.js").rows;

export function plantedOrganisation(): MartRows {
  const deployments: DeploymentRow[] = [];
  const changes: ChangeRow[] = [];
  const incidents: IncidentRow[] = [];
  for (let week = 0; week <= 14; week++) {
    for (const s of SERVICES) {
      for (const day of s.days) {
        const finishedMs = Date.parse(`${FIRST_WEEK}T00:00:00Z`) + ((week * 7 + day) * DAY + s.hour * HOUR) * 1000;
        if (finishedMs >= Date.parse(`${AS_OF}T00:00:00Z`)) continue;
        const id = `gh-run:${s.service}-${week}-${day}`;
        const planted = week === 13 && s.service === "api";
        const failed = (planted && day <= 1) || (week === 5 && s.service === "web" && day === 0);
        const restore = planted ? 3 * DAY : 2 * HOUR;
        const lead = planted ? 3 * DAY : DAY + (week % 3) * HOUR;
        deployments.push({
          deployment_id: id,
          service: s.service,
          team: s.team,
          repository: `acme/${s.service}`,
          environment: "production",
          source: "github_actions",
          branch: "main",
          commit_sha: `sha-${id}`,
          started_at: iso(finishedMs - 600_000),
          finished_at: iso(finishedMs),
          result: "success",
          is_first_observed: false,
          changes: 2,
          caused_failure: failed,
          failure_link_method: failed ? "note" : null,
          is_rework: false,
          url: `https://github.com/acme/${s.service}/actions/runs/${week}${day}`,
          recovered_at: failed ? iso(finishedMs + (HOUR + restore) * 1000) : null,
          recovery_seconds: failed ? HOUR + restore : null,
        });
        for (const n of [1, 2]) {
          changes.push({
            change_id: `gh-pr:acme/${s.service}#${week}${day}${n}`,
            service: s.service,
            team: s.team,
            repository: `acme/${s.service}`,
            pull_number: Number(`${week}${day}${n}`),
            merge_commit_sha: `merge-${id}-${n}`,
            status: "deployed",
            first_commit_at: iso(finishedMs - lead * 1000),
            opened_at: iso(finishedMs - (lead * 3000) / 4),
            // the first of the two was reviewed an eighth of its lead time after opening, the second never
            first_reviewed_at: n === 1 ? iso(finishedMs - (lead * 5000) / 8) : null,
            merged_at: iso(finishedMs - (lead * 1000) / 2),
            deployment_id: id,
            deployed_at: iso(finishedMs),
            lead_time_seconds: lead,
            coding_seconds: lead / 4,
            pickup_seconds: n === 1 ? lead / 8 : null,
            review_seconds: lead / 4,
            deploy_wait_seconds: lead / 2,
          });
        }
        if (failed) {
          const startedMs = finishedMs + HOUR * 1000;
          incidents.push({
            incident_id: `PD-${s.service}-${week}-${day}`,
            source: "pagerduty",
            service: s.service,
            team: s.team,
            title: `${s.service} errors after deploy`,
            urgency: "high",
            started_at: iso(startedMs),
            resolved_at: iso(startedMs + restore * 1000),
            restore_seconds: restore,
            caused_by_deployment_id: id,
            link_method: "note",
            resolved_by_deployment_id: null,
            recovery_seconds: restore,
          });
        }
      }
    }
  }
  return {
    deployments,
    changes,
    incidents,
    ...periodRows(deployments, changes, incidents),
    benchmarks: benchmarkRows,
    data_quality: dataQuality(),
    report_settings: [{ as_of: AS_OF, report_year: 2024, min_sample: 5 }],
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

type Facts = { deployments: DeploymentRow[]; changes: ChangeRow[]; incidents: IncidentRow[] };

function periodRows(deployments: DeploymentRow[], changes: ChangeRow[], incidents: IncidentRow[]) {
  const facts = { deployments, changes, incidents };
  const scopes = [
    ...SERVICES.map((s) => ({ scope: "service" as const, name: s.service, team: s.team, keep: (r: { service: string | null }) => r.service === s.service })),
    ...["platform", "product"].map((t) => ({ scope: "team" as const, name: t, team: t, keep: (r: { team: string | null }) => r.team === t })),
    { scope: "organisation" as const, name: "all", team: null, keep: () => true },
  ];
  const weeks = Array.from({ length: 15 }, (_, i) => addDays(FIRST_WEEK, i * 7));
  const rows: MartRows = { service_weekly: [], team_weekly: [], org_weekly: [], service_quarterly: [], team_quarterly: [], org_quarterly: [], summary: [], review_windows: [] };
  for (const sc of scopes) {
    const scoped = filterFacts(facts, sc.keep);
    const label = sc.scope === "service" ? { service: sc.name, team: sc.team } : sc.scope === "team" ? { team: sc.name } : {};
    const weekly = sc.scope === "service" ? rows.service_weekly! : sc.scope === "team" ? rows.team_weekly! : rows.org_weekly!;
    for (const week of weeks) {
      weekly.push({ week_start: week, is_complete: week !== "2026-11-23", ...label, ...measures(scoped, week, addDays(week, 7)) } as Marts["service_weekly"]);
    }
    const quarterly = sc.scope === "service" ? rows.service_quarterly! : sc.scope === "team" ? rows.team_quarterly! : rows.org_quarterly!;
    quarterly.push({ quarter_start: "2026-07-01", is_complete: true, ...label, ...measures(scoped, "2026-07-01", "2026-10-01") } as Marts["service_quarterly"]);
    quarterly.push({ quarter_start: "2026-10-01", is_complete: false, ...label, ...measures(scoped, "2026-10-01", "2027-01-01") } as Marts["service_quarterly"]);
    for (const windowWeeks of [4, 13]) {
      const start = addDays("2026-11-23", -7 * windowWeeks);
      const m = measures(scoped, start, "2026-11-23");
      const perWeek = m.deploy_days! / windowWeeks;
      const level = (metric: string, value: number | null, sample: number) =>
        windowWeeks === 13 ? classify(benchmarkRows, 2024, metric, value, sample, 5) : null;
      rows.summary!.push({
        scope: sc.scope,
        name: sc.name,
        window_weeks: windowWeeks,
        window_start: start,
        window_end: "2026-11-23",
        report_year: 2024,
        ...m,
        deploy_days_per_week: perWeek,
        deployment_frequency_level: level("deployment_frequency", perWeek, m.deployments!),
        lead_time_level: level("change_lead_time", m.lead_time_p50_seconds!, m.changes_deployed!),
        change_failure_rate_level: level("change_failure_rate", m.change_failure_rate!, m.deployments!),
        recovery_level: level("failed_deployment_recovery_time", m.recovery_p50_seconds!, m.recovered_deployments!),
      });
      // the review's baselines end before the latest complete week
      const before = measures(scoped, addDays(LATEST_COMPLETE_WEEK, -7 * windowWeeks), LATEST_COMPLETE_WEEK);
      rows.review_windows!.push({
        scope: sc.scope,
        name: sc.name,
        window_weeks: windowWeeks,
        window_start: addDays(LATEST_COMPLETE_WEEK, -7 * windowWeeks),
        window_end: LATEST_COMPLETE_WEEK,
        ...before,
        deploy_days_per_week: before.deploy_days! / windowWeeks,
      });
    }
  }
  return rows;
}

function filterFacts(f: Facts, keep: (r: { service: string | null; team: string | null }) => boolean): Facts {
  return { deployments: f.deployments.filter(keep), changes: f.changes.filter(keep), incidents: f.incidents.filter(keep) };
}

function measures(f: Facts, from: string, to: string): Measures {
  const inPeriod = (t: string | null) => t !== null && t >= `${from}T` && t < `${to}T`;
  const deps = f.deployments.filter((d) => d.result === "success" && inPeriod(d.finished_at));
  const failed = deps.filter((d) => d.caused_failure);
  const recovered = failed.filter((d) => d.recovery_seconds !== null).map((d) => d.recovery_seconds!);
  const deployed = f.changes.filter((c) => c.status === "deployed" && inPeriod(c.deployed_at));
  const leads = deployed.map((c) => c.lead_time_seconds!);
  const pickups = deployed.filter((c) => c.pickup_seconds !== null).map((c) => c.pickup_seconds!);
  const incs = f.incidents.filter((i) => inPeriod(i.started_at));
  const restored = incs.filter((i) => i.restore_seconds !== null).map((i) => i.restore_seconds!);
  const rework = deps.filter((d) => d.is_rework).length;
  return {
    deployments: deps.length,
    deploy_days: new Set(deps.map((d) => d.finished_at!.slice(0, 10))).size,
    changes_deployed: leads.length,
    lead_time_p50_seconds: quantile(leads, 0.5),
    lead_time_p90_seconds: quantile(leads, 0.9),
    changes_picked_up: pickups.length,
    pickup_p50_seconds: quantile(pickups, 0.5),
    pickup_p90_seconds: quantile(pickups, 0.9),
    failed_deployments: failed.length,
    change_failure_rate: deps.length ? failed.length / deps.length : null,
    recovered_deployments: recovered.length,
    recovery_p50_seconds: quantile(recovered, 0.5),
    incidents: incs.length,
    restored_incidents: restored.length,
    restore_p50_seconds: quantile(restored, 0.5),
    restore_mean_seconds: restored.length ? restored.reduce((a, b) => a + b, 0) / restored.length : null,
    rework_deployments: rework,
    rework_rate: deps.length ? rework / deps.length : null,
  };
}

// linear interpolation, as PERCENTILE_CONT: written out here so the fixture does not lean on report/stats.ts
function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.ceil(pos)] - s[lo]) * (pos - lo);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY * 1000).toISOString().slice(0, 10);
}

function dataQuality(): Marts["data_quality"][] {
  return [
    { check_name: "incidents_linked_share", value: 1 },
    { check_name: "dangling_references", value: 0 },
    { check_name: "deployments_unknown_contents", value: 0 },
    { check_name: "freshness:github_raw__stream_workflow_runs", value: 2 / 3600 },
  ];
}
