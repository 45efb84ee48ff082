import { describe, expect, it } from "vitest";
import { metric } from "../../report/metrics.ts";
import { judge, poissonTwoSidedP, twoProportionZ } from "../../report/review/significance.ts";
import * as path from "node:path";
import { defaultSettings } from "../../core/catalog.ts";
import { changeFailureRateWarning, linkCoverage, qualityWarnings } from "../../report/quality.ts";

describe("when the weekly review calls a move larger than its sample explains", () => {
  it("tests rates with the pooled two-proportion z statistic", () => {
    // 2 of 5 against 0 of 65: pooled 2/70; sqrt(2/70 · 68/70 · (1/5 + 1/65)) = 0.07732; 0.4 / 0.07732 = 5.17
    expect(twoProportionZ(2, 5, 0, 65)).toBeCloseTo(5.173, 3);
    // 3 of 20 against 5 of 100: pooled 8/120; sqrt(0.06222 · 0.06) = 0.06110; 0.1 / 0.06110 = 1.64, within the sample
    expect(twoProportionZ(3, 20, 5, 100)).toBeCloseTo(1.637, 3);
    // 6 of 20: pooled 11/120; sqrt(0.08326 · 0.06) = 0.07068; 0.25 / 0.07068 = 3.54
    expect(twoProportionZ(6, 20, 5, 100)).toBeCloseTo(3.537, 3);
    expect(twoProportionZ(0, 20, 0, 100)).toBeNull();
  });

  it("tests a week's count against the weekly mean with the exact Poisson test, both tails", () => {
    // mean 3: P(X ≤ 6) = e^-3 (1 + 3 + 4.5 + 4.5 + 3.375 + 2.025 + 1.0125) = 0.96649, so P(X ≥ 7) = 0.03351, p = 0.067
    expect(poissonTwoSidedP(7, 3)).toBeCloseTo(0.06702, 4);
    // P(X ≤ 7) adds e^-3 · 0.43393: 0.98810, so P(X ≥ 8) = 0.01190, p = 0.024
    expect(poissonTwoSidedP(8, 3)).toBeCloseTo(0.02381, 4);
    // mean 10: P(X ≤ 3) = e^-10 (1 + 10 + 50 + 166.67) = 0.01034, p = 0.021; P(X ≤ 5) = 0.06709, p = 0.134
    expect(poissonTwoSidedP(3, 10)).toBeCloseTo(0.02067, 4);
    expect(poissonTwoSidedP(5, 10)).toBeCloseTo(0.13417, 4);
  });

  it("judges deployments on the 13-week weekly mean, rates on their counts, medians on a minimum sample and a 50% move", () => {
    const deployments = metric("deployment_frequency");
    // 39 in 13 weeks is 3 a week: 7 this week is within (p = 0.067), 8 is beyond (p = 0.024)
    expect(judge(deployments, { value: 7, sample: 7 }, { value: 39, sample: 39 }, 13, 5)).toMatchObject({ beyond: false, evidence: "p = 0.067" });
    expect(judge(deployments, { value: 8, sample: 8 }, { value: 39, sample: 39 }, 13, 5)).toMatchObject({ beyond: true, change: 5 / 3, evidence: "p = 0.024" });
    const cfr = metric("change_failure_rate");
    expect(judge(cfr, { value: 0.4, sample: 5 }, { value: 0, sample: 65 }, 13, 5)).toMatchObject({ beyond: true, change: 0.4, changeUnit: "points", evidence: "z = 5.17" });
    expect(judge(cfr, { value: 0.15, sample: 20 }, { value: 0.05, sample: 100 }, 13, 5)).toMatchObject({ beyond: false, evidence: "z = 1.64" });
    // 2 of 4 is below the minimum sample of 5: not tested
    expect(judge(cfr, { value: 0.5, sample: 4 }, { value: 0.05, sample: 100 }, 13, 5)).toMatchObject({ beyond: false, evidence: "" });
    const lead = metric("lead_time_p50");
    // +200% on 7 changes: too few for a median; +60% on 10: beyond; +40% on 100: within the rule
    expect(judge(lead, { value: 3, sample: 7 }, { value: 1, sample: 200 }, 13, 5).beyond).toBe(false);
    expect(judge(lead, { value: 1.6, sample: 10 }, { value: 1, sample: 200 }, 13, 5)).toMatchObject({ beyond: true, evidence: "n ≥ 10" });
    expect(judge(lead, { value: 1.4, sample: 100 }, { value: 1, sample: 200 }, 13, 5).beyond).toBe(false);
  });
});

describe("the data-quality warnings of run, review and report", () => {
  it("warns of a low linked share first, then stale sources, counts above zero and overrides, and nothing else", () => {
    const warnings = qualityWarnings(
      [
        { check_name: "changes_pending", value: 4 },
        { check_name: "dangling_references", value: 0 },
        { check_name: "freshness:github_raw__stream_workflow_runs", value: 3 },
        { check_name: "freshness:pagerduty_raw__stream_incidents", value: 72.4 },
        { check_name: "freshness:pagerduty_raw__stream_incident_notes", value: 50 },
        { check_name: "freshness:jira_raw__stream_issues", value: null },
        { check_name: "incidents_linked:custom_field", value: 10 },
        { check_name: "incidents_linked:note", value: 2 },
        { check_name: "incidents_linked:window", value: 0 },
        { check_name: "incidents_linked_share", value: 0.48 },
        { check_name: "negative_restores", value: 1 },
        { check_name: "overrides_excluded_deployments", value: 2 },
        { check_name: "overrides_incident_links", value: 1 },
        { check_name: "overrides_not_caused_by_change", value: 0 },
      ],
      0.8,
    );
    expect(warnings.map((w) => w.check)).toEqual(["incidents_linked_share", "freshness:pagerduty", "negative_restores", "overrides"]);
    // 12 of 25 incidents: the methods that linked any, strongest first
    expect(warnings[0].text).toMatch(/^48% of incidents are linked to the deployment that caused them \(by custom field 10, note 2\), below the 80% /);
    expect(warnings[1].text).toBe("pagerduty is stale: incidents last landed 72 h ago, incident_notes last landed 50 h ago (stale above 48 h)");
    expect(warnings[1].fix).toBe("run `doraform ingest pagerduty` (or look at why the nightly sync did not)");
    expect(warnings[3].text).toBe("overrides applied: deployments excluded 2, incident links set by hand 1");
  });

  it("withholds the change failure rate's level below 25% of incidents linked, the default of min_link_coverage (decision 65)", () => {
    const threshold = defaultSettings(path.resolve(import.meta.dirname, "../../includes")).min_link_coverage;
    expect(threshold).toBe(0.25);
    const at = (share: number) => [{ check_name: "incidents_linked_share", value: share }];
    expect(qualityWarnings(at(0.25), threshold)).toEqual([]);
    expect(changeFailureRateWarning(linkCoverage(at(0.25), threshold))).toBeNull();
    expect(changeFailureRateWarning(linkCoverage(at(0.24), threshold))).toBe("warning: 24% of incidents linked (< 25%)");
    expect(qualityWarnings(at(0.24), threshold).map((w) => w.check)).toEqual(["incidents_linked_share"]);
    // a team's own threshold holds as given
    expect(changeFailureRateWarning(linkCoverage(at(0.79), 0.8))).toBe("warning: 79% of incidents linked (< 80%)");
    // no incidents: no share, nothing to withhold
    expect(changeFailureRateWarning(linkCoverage([{ check_name: "incidents_linked_share", value: null }], threshold))).toBeNull();
  });

  it("names at most five PagerDuty services or repositories a line, largest first, and says how many more", () => {
    const checks = Array.from({ length: 7 }, (_, i) => ({ check_name: `unassigned_repository:acme/r${i}`, value: i }));
    const [warning] = qualityWarnings(checks, 0.8);
    expect(warning.text).toBe(
      "7 repositories have no catalog entry, so their services fall back to team unassigned: acme/r6 (service r6, 6 deployments), acme/r5 (service r5, 5 deployments), acme/r4 (service r4, 4 deployments), acme/r3 (service r3, 3 deployments), acme/r2 (service r2, 2 deployments) and 2 more (review --format json lists them all)",
    );
    expect(warning.fix).toMatch(/^add under `services:` in doraform.yaml, with the owning team: `- \{ name: r6, team: <team>, repository: acme\/r6 \}`, /);
  });
});
