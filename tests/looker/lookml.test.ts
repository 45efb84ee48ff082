import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileGraph } from "../../warehouse/compile.ts";
import { MARTS, martColumns, type MartName } from "../../report/marts.ts";
import { readSettings, REPOSITORY_ROOT } from "../../report/reader/settings.ts";
import { parseProject, projectFiles } from "./support/lookml-project.ts";
import { dashboardProblems, drillProblems, exploreProblems, fieldProblems, measureProblems, tableProblems, type Contract } from "./support/lookml-checks.ts";

const settings = readSettings();

/** The marts the compiled Dataform project defines in dataset `dora`, with their documented columns. */
async function compiledMarts(): Promise<Contract> {
  const graph = await compileGraph(REPOSITORY_ROOT);
  const marts: Contract = new Map();
  for (const table of graph.tables ?? []) {
    const name = table.target?.name ?? "";
    if (table.target?.schema !== settings.dataset || !(name in MARTS)) continue;
    marts.set(name, new Set((table.actionDescriptor?.columns ?? []).map((c) => (c.path ?? []).join("."))));
  }
  return marts;
}

/** The key columns each mart must have by the mart contract (checked before the models compile). */
const DESIGN_KEY_COLUMNS: Partial<Record<MartName, string[]>> = {
  deployments: ["deployment_id", "service", "team", "repository", "environment", "source", "branch", "commit_sha", "started_at", "finished_at", "result", "is_first_observed", "changes", "caused_failure", "failure_link_method", "is_rework", "url"],
  changes: ["change_id", "service", "team", "repository", "pull_number", "merge_commit_sha", "status", "first_commit_at", "opened_at", "merged_at", "deployment_id", "deployed_at", "lead_time_seconds", "coding_seconds", "review_seconds", "deploy_wait_seconds"],
  incidents: ["incident_id", "source", "service", "team", "title", "urgency", "started_at", "resolved_at", "restore_seconds", "caused_by_deployment_id", "link_method", "resolved_by_deployment_id", "recovery_seconds"],
  service_weekly: ["week_start", "is_complete", "service", "team", "deployments", "deploy_days", "changes_deployed", "lead_time_p50_seconds", "lead_time_p90_seconds", "failed_deployments", "change_failure_rate", "recovered_deployments", "recovery_p50_seconds", "incidents", "restored_incidents", "restore_p50_seconds", "restore_mean_seconds", "rework_deployments", "rework_rate"],
  summary: ["scope", "name", "window_weeks"],
  benchmarks: ["report_year", "metric", "level"],
};

const compiled = await compiledMarts();
const contractMarts = Object.keys(MARTS) as MartName[];
const compiledNames = contractMarts.filter((m) => compiled.has(m));
/** What the LookML is checked against: the compiled columns where a mart compiles, else report/marts.ts. */
const contract: Contract = new Map(contractMarts.map((m) => [m, compiled.get(m) ?? new Set(martColumns(m))]));

describe("the mart contract in report/marts.ts", () => {
  if (compiledNames.length > 0) {
    it(`has the columns of each mart the compiled Dataform project defines (${compiledNames.length} of ${contractMarts.length}: ${compiledNames.join(", ")})`, () => {
      const differences = compiledNames.flatMap((m) => {
        const ours = new Set(martColumns(m));
        const theirs = compiled.get(m)!;
        return [
          ...[...theirs].filter((c) => !ours.has(c)).map((c) => `${m}.${c}: compiled, not in report/marts.ts`),
          ...[...ours].filter((c) => !theirs.has(c)).map((c) => `${m}.${c}: in report/marts.ts, not compiled`),
        ];
      });
      expect(differences).toEqual([]);
    });
  } else {
    it("holds the mart contract's key columns (the compiled Dataform project defines no marts yet: checked against the contract only)", () => {
      const missing = Object.entries(DESIGN_KEY_COLUMNS).flatMap(([m, columns]) =>
        columns.filter((c) => !martColumns(m as MartName).includes(c)).map((c) => `${m}.${c}`),
      );
      expect(missing).toEqual([]);
    });
  }
});

describe("the LookML project", async () => {
  const files = projectFiles();
  const project = await parseProject(files);
  const model = project.model.dora;
  const dashboardElements = (name: string) =>
    (model.dashboard![name][0].elements as Array<{ name: string; explore: string; fields: string[]; filters?: Record<string, string> }>);

  it("parses, every constant it uses is defined in the manifest, and the model includes a view per mart and the dashboards", () => {
    expect((project.errors ?? []).map((e) => `${e.$file_path}: ${String(e.error)}`)).toEqual([]);
    const constants = Object.keys((project.manifest?.constant ?? {}) as object);
    const used = new Set(files.flatMap((f) => [...f.content.matchAll(/@\{([a-z_]+)\}/g)].map((m) => m[1])));
    expect([...used].filter((c) => !constants.includes(c))).toEqual([]);
    expect(Object.keys(model.view ?? {}).sort()).toEqual([...contractMarts].sort());
    expect(Object.keys(model.dashboard ?? {}).sort()).toEqual(["dora_data_quality", "dora_levels", "dora_quarters", "dora_weekly_trends"]);
  });

  it(`reads only tables and columns of the marts (${compiledNames.length ? "compiled Dataform project where it defines the mart, else " : ""}report/marts.ts)`, () => {
    expect(tableProblems(model, contract)).toEqual([]);
  });

  it("resolves every field reference inside each view, and every view has exactly one primary key", () => {
    expect(fieldProblems(model)).toEqual([]);
  });

  it("describes every measure, has median and percentile measures, and builds rates as number measures over counts", () => {
    expect(measureProblems(model)).toEqual([]);
    const types = Object.values(model.view ?? {}).flatMap((v) => Object.values(v.measure ?? {}).map((m) => m.type));
    expect(types).toContain("median");
    expect(types).toContain("percentile");
    expect(model.view?.deployments.measure?.change_failure_rate.sql?.trim()).toBe("${failed_deployments} / NULLIF(${successful_deployments}, 0)");
  });

  it("joins deployments, changes and incidents with a relationship on every join and resolvable keys", () => {
    expect(exploreProblems(model)).toEqual([]);
    const joins = Object.values(model.explore ?? {}).flatMap((e) => Object.values(e.join ?? {}));
    // changes and incidents each join the deployments mart, many to one: no fan-out under the medians
    expect(joins.map((j) => `${j.from ?? "deployments"}:${j.relationship}`)).toEqual(["deployments:many_to_one", "deployments:many_to_one", "deployments:many_to_one"]);
  });

  it("draws dashboards whose explores, fields, element filters, sorts (among the selected fields) and dashboard filters resolve, the weekly trends filtered by service and team", () => {
    expect(dashboardProblems(model, "dora")).toEqual([]);
    const [dashboard] = model.dashboard!.dora_weekly_trends as Array<{ filters: Array<{ name: string }>; elements: Array<{ listen: Record<string, string> }> }>;
    expect(dashboard.filters.map((f) => f.name)).toEqual(expect.arrayContaining(["Service", "Team"]));
    expect(dashboard.elements.every((e) => e.listen.Service && e.listen.Team)).toBe(true);
  });

  it("draws the levels of the 13-week summary rows with the sample behind each, and the 4-week values beside them", () => {
    const elements = dashboardElements("dora_levels");
    const levels = elements.find((e) => e.name === "levels_13_weeks")!;
    expect(levels.filters).toEqual({ "summary.window_weeks": "13" });
    // each level next to its value and its sample
    for (const [level, value, sample] of [
      ["deployment_frequency_level", "deploy_days_per_week", "deployments"],
      ["lead_time_level", "lead_time_p50_hours", "changes_deployed"],
      ["change_failure_rate_level", "row_change_failure_rate", "deployments"],
      ["recovery_level", "recovery_p50_hours", "recovered_deployments"],
    ]) {
      expect(levels.fields).toEqual(expect.arrayContaining([`summary.${level}`, `summary.${value}`, `summary.${sample}`]));
    }
    expect(elements.find((e) => e.name === "values_4_weeks")!.filters).toEqual({ "summary.window_weeks": "4" });
  });

  it("draws the targets by quarter, then each quarter for the organisation, teams and services with whether it is complete, and the data quality checks", () => {
    const elements = dashboardElements("dora_quarters");
    expect(elements.map((e) => e.explore)).toEqual(["quarterly_targets", "quarterly_targets", "org_quarterly", "team_quarterly", "service_quarterly"]);
    // each target with what it is for, the quarter's value, the sample behind it and the verdict
    const targets = elements.find((e) => e.name === "targets_by_quarter")!;
    expect(targets.fields).toEqual(
      expect.arrayContaining(["quarter_start_quarter", "is_complete", "scope", "name", "metric", "target", "value", "sample_size", "status"].map((f) => `quarterly_targets.${f}`)),
    );
    const quarters = elements.slice(2);
    expect(quarters.every((e) => e.fields.includes(`${e.explore}.is_complete`) && e.fields.includes(`${e.explore}.quarter_start_quarter`))).toBe(true);
    expect(dashboardElements("dora_data_quality").map((e) => e.explore)).toEqual(["data_quality", "incidents", "incidents", "deployments"]);
  });

  it("drills from every deployments, changes and incidents number to the rows behind it, and from each week of the weekly views to them", () => {
    expect(drillProblems(model, "dora")).toEqual([]);
    for (const fact of ["deployments", "changes", "incidents"]) expect(model.view?.[fact].drill_fields, fact).toEqual([expect.stringMatching(/_details\*$/)]);
    for (const weekly of ["service_weekly", "team_weekly", "org_weekly"]) {
      const links = [model.view?.[weekly].dimension?.week.link ?? []].flat() as Array<{ url: string }>;
      expect(links.map((l) => /^\/explore\/dora\/([a-z]+)\?/.exec(l.url)?.[1]), weekly).toEqual(["deployments", "changes", "incidents"]);
    }
  });

  it("catches a planted unknown column, field, join relationship, dashboard field, filter, explore, sort, drill field and link field", async () => {
    const planted = files.map((f) => {
      let content = f.content;
      if (f.path === path.join("views", "incidents.view.lkml")) {
        content = content.replace("sql: ${TABLE}.urgency ;;", "sql: ${TABLE}.severity ;;").replace("${restore_seconds} / 3600.0", "${restore_secs} / 3600.0");
      }
      if (f.path === "dora.model.lkml") content = content.replace("    relationship: many_to_one\n    sql_on: ${changes.deployment_id}", "    sql_on: ${changes.deployment_id}");
      if (f.path.endsWith("dora_weekly_trends.dashboard.lookml")) content = content.replace("changes.lead_time_p90_hours,", "changes.lead_time_p95_hours,").replace("sorts: [deployments.finished_week]", "sorts: [deployments.started_week]");
      if (f.path.endsWith("dora_levels.dashboard.lookml")) content = content.replace("summary.window_weeks: \"13\"", "summary.window_week: \"13\"");
      if (f.path.endsWith("dora_quarters.dashboard.lookml")) content = content.replace("Team: service_quarterly.team", "Team: service_quarterly.teams");
      if (f.path.endsWith("dora_data_quality.dashboard.lookml")) content = content.replace("explore: data_quality\n    type", "explore: data_qualities\n    type");
      if (f.path === path.join("views", "deployments.view.lkml")) content = content.replace("repository, commit_sha,", "repository, commit_shaa,");
      if (f.path === path.join("views", "team_weekly.view.lkml")) content = content.replace("f[incidents.started_date]", "f[incidents.start_date]").replace("{{ team._value", "{{ teams._value");
      return { ...f, content };
    });
    const broken = (await parseProject(planted)).model.dora;
    expect(tableProblems(broken, contract)).toEqual(["incidents.urgency: column severity not in dora.incidents"]);
    expect(fieldProblems(broken)).toEqual(["incidents.restore_p50_hours: unknown field ${restore_secs}"]);
    expect(exploreProblems(broken)).toEqual(["explore changes: join deployments has no relationship"]);
    expect(dashboardProblems(broken, "dora").sort()).toEqual([
      "dora_data_quality/checks: unknown explore data_qualities",
      "dora_levels/levels_13_weeks: unknown field summary.window_week",
      "dora_quarters/service_quarters: unknown field service_quarterly.teams",
      "dora_weekly_trends/deployments_per_week: sorts by deployments.started_week, which it does not select",
      "dora_weekly_trends/lead_time_per_week: unknown field changes.lead_time_p95_hours",
    ]);
    expect(drillProblems(broken, "dora")).toEqual([
      "deployments set deployment_details: unknown field deployments.commit_shaa",
      "team_weekly.week link: unknown field team_weekly.teams",
      "team_weekly.week link: unknown field incidents.start_date",
    ]);
  });
});
