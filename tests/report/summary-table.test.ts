import { describe, expect, it } from "vitest";
import type { SummaryRow } from "../../report/marts.ts";
import { summaryTable } from "../../report/summary-table.ts";

/** A summary row with every measure empty; each test fills in what it shows. */
function row(fields: Partial<SummaryRow>): SummaryRow {
  return {
    scope: "service",
    name: null,
    window_weeks: 13,
    window_start: "2026-01-05",
    window_end: "2026-04-06",
    report_year: 2024,
    deployments: 0,
    deploy_days: 0,
    changes_deployed: 0,
    lead_time_p50_seconds: null,
    lead_time_p90_seconds: null,
    failed_deployments: 0,
    change_failure_rate: null,
    recovered_deployments: 0,
    recovery_p50_seconds: null,
    incidents: 0,
    restored_incidents: 0,
    restore_p50_seconds: null,
    restore_mean_seconds: null,
    rework_deployments: 0,
    rework_rate: null,
    deploy_days_per_week: null,
    deployment_frequency_level: null,
    lead_time_level: null,
    change_failure_rate_level: null,
    recovery_level: null,
    ...fields,
  } as SummaryRow;
}

const teams = new Map([
  ["api", "platform"],
  ["web", "front"],
]);

describe("the summary table doraform run prints", () => {
  it("lists the 13-week rows, services by name then the organisation, each metric with its sample and level", () => {
    const rows = [
      row({ scope: "organisation", name: null, deploy_days_per_week: 1.5, deployment_frequency_level: "high", changes_deployed: 7, lead_time_p50_seconds: 5400 }),
      // web: 26 deploy days in 13 weeks; 2 of 8 deployments failed, 1 rework; recovered after 2 h, restored after 90 s
      row({
        name: "web",
        deploy_days_per_week: 2,
        deployment_frequency_level: "high",
        deployments: 8,
        changes_deployed: 12,
        lead_time_p50_seconds: 2 * 86400 + 3 * 3600,
        lead_time_level: "medium",
        change_failure_rate: 0.25,
        change_failure_rate_level: "low",
        recovered_deployments: 2,
        recovery_p50_seconds: 7200,
        recovery_level: "high",
        restored_incidents: 3,
        restore_p50_seconds: 90,
        rework_rate: 0.125,
      }),
      // the 4-week window of the same summary is not printed
      row({ name: "aaa-four-weeks", window_weeks: 4, deploy_days_per_week: 9 }),
      // api: no deployment at all; a service of no known team
      row({ name: "api", deploy_days_per_week: 0 }),
      row({ name: "orphan", deploy_days_per_week: 0.3, deployments: 3, change_failure_rate: 0, rework_rate: 0 }),
    ];
    expect(summaryTable(rows, teams)).toBe(
      [
        "13 complete weeks from 2026-01-05, before 2026-04-06; levels of the 2024 State of DevOps report",
        "service         team      deploy days/wk  lead time p50          change failure rate  recovery p50    restore p50  rework rate",
        "api             platform  0.0             — (n=0)                — (n=0)              — (n=0)         — (n=0)      —",
        "orphan                    0.3             — (n=0)                0.0% (n=3)           — (n=0)         — (n=0)      0.0%",
        "web             front     2.0 high        2 d 3 h (n=12) medium  25.0% (n=8) low      2 h (n=2) high  2 min (n=3)  12.5%",
        "(organisation)            1.5 high        1 h 30 min (n=7)       — (n=0)              — (n=0)         — (n=0)      —",
        "",
      ].join("\n"),
    );
  });

  it("prints a dash for a missing deploy frequency and says so when there is no complete week", () => {
    expect(summaryTable([row({ name: "api" })], teams)).toBe(
      [
        "13 complete weeks from 2026-01-05, before 2026-04-06; levels of the 2024 State of DevOps report",
        "service  team      deploy days/wk  lead time p50  change failure rate  recovery p50  restore p50  rework rate",
        "api      platform  —               — (n=0)        — (n=0)              — (n=0)       — (n=0)      —",
        "",
      ].join("\n"),
    );
    expect(summaryTable([row({ name: "api", window_weeks: 4 })], teams)).toBe("no complete weeks before as_of: nothing to summarise yet\n");
    expect(summaryTable([], teams)).toBe("no complete weeks before as_of: nothing to summarise yet\n");
  });
});
