// The provisioned Grafana dashboard (grafana/), checked offline: every query Grafana would send to
// the BigQuery data source (template variables interpolated, macros expanded) is analyzed by
// GoogleSQL's own analyzer against the marts' columns and types (report/marts.ts, which
// tests/looker and tests/bigquery hold to the compiled project), then run on DuckDB over the demo
// organisation's marts after the project's BigQuery → DuckDB name translation
// (warehouse/rewriter.ts): each panel gives the columns GoogleSQL resolved, and rows.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { openWarehouse, type Warehouse } from "../../core/duckdb.ts";
import { generateOrganisation } from "../../demo/generate/index.ts";
import { expectedMarts } from "../../demo/oracle/index.ts";
import { writeMartFile, type MartRows } from "../../demo/warehouse/mart-file.ts";
import { MARTS, type MartName } from "../../report/marts.ts";
import { readSettings, REPOSITORY_ROOT } from "../../report/reader/settings.ts";
import { bigqueryLanguageOptions } from "../../warehouse/googlesql/bigquery-language.ts";
import { GoogleSqlService, type TypeProto } from "../../warehouse/googlesql/service.ts";
import { schemaColumns, typeName } from "../../warehouse/googlesql/types.ts";
import { rewriteReferences } from "../../warehouse/rewriter.ts";
import { expandQuery, type TimeRange } from "./support/grafana-query.ts";

interface Query {
  rawSql: string;
  format: number;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource: { type: string; uid: string };
  targets: Query[];
}
interface Variable {
  name: string;
  type: string;
  query: string | Query;
  datasource?: { type: string; uid: string };
}
interface Dashboard {
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Variable[] };
}

const GRAFANA = path.join(REPOSITORY_ROOT, "grafana");
const dashboard = JSON.parse(fs.readFileSync(path.join(GRAFANA, "dashboards/dora-metrics.json"), "utf8")) as Dashboard;
const readYaml = (file: string) => parseYaml(fs.readFileSync(path.join(GRAFANA, "provisioning", file), "utf8"));
const settings = readSettings();
const martTable = (mart: string) => `${settings.project}.${settings.dataset}.${mart}`;
const queries = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ title: p.title, sql: t.rawSql, format: t.format })));
const variableQueries = dashboard.templating.list.filter((v) => v.type === "query");

describe("the Grafana provisioning", () => {
  const [datasource] = readYaml("datasources/doraform-bigquery.yaml").datasources;
  const [provider] = readYaml("dashboards/doraform.yaml").providers;

  it("provisions the official BigQuery data source, and a file provider for the dashboards", () => {
    expect(datasource).toMatchObject({ type: "grafana-bigquery-datasource", uid: "doraform-bigquery", jsonData: { defaultProject: settings.project } });
    expect(provider).toMatchObject({ type: "file", options: { path: expect.any(String) } });
  });

  it("has a dashboard of a current Grafana whose every panel and query variable reads that data source in SQL", () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    const sources = [...dashboard.panels.flatMap((p) => [p.datasource, ...p.targets.map((t) => t.datasource)]), ...variableQueries.map((v) => v.datasource)];
    expect(sources.every((s) => s?.type === datasource.type && s?.uid === datasource.uid)).toBe(true);
    expect(dashboard.panels.every((p) => p.targets.length > 0 && p.targets.every((t) => t.rawSql.trim() !== ""))).toBe(true);
    // the marts' project and dataset are the Dataform defaults, as constants to change in one place
    const constants = Object.fromEntries(dashboard.templating.list.filter((v) => v.type === "constant").map((v) => [v.name, v.query]));
    expect(constants).toEqual({ dora_project: settings.project, dora_dataset: settings.dataset });
  });

  it("links the weekly series to this dashboard's deployments and incidents, filtered to the series' team", () => {
    const names = new Set(dashboard.templating.list.map((v) => v.name));
    const links = dashboard.panels.flatMap((p) => ((p as Panel & { fieldConfig?: { defaults?: { links?: Array<{ url: string }> } } }).fieldConfig?.defaults?.links ?? []).map((l) => l.url));
    expect(links.length).toBe(6);
    for (const url of links) {
      expect(url.startsWith(`/d/${dashboard.uid}/`)).toBe(true);
      expect([...url.matchAll(/var-([a-z_]+)=/g)].map((m) => m[1]).filter((v) => !names.has(v))).toEqual([]);
      expect(url).toContain("var-team=${__field.labels.team}");
    }
  });
});

describe("the Grafana dashboard's queries", { timeout: 600_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-grafana-"));
  const database = path.join(dir, "warehouse.duckdb");
  const marts = expectedMarts(generateOrganisation());
  const asOf = marts.report_settings[0].as_of;
  // the dashboard's default range, now-13w → now, with now at the end of as_of
  const to = new Date(`${asOf}T23:59:59Z`);
  const range: TimeRange = { from: new Date(to.getTime() - 13 * 7 * 86_400_000), to };
  const teams = [...new Set(marts.team_weekly.map((w) => w.team))].sort();
  const services = [...new Set(marts.service_weekly.map((w) => w.service))].sort();
  // "All" selected, as the dashboard opens
  const variables = new Map<string, string[]>([
    ["dora_project", [settings.project]],
    ["dora_dataset", [settings.dataset]],
    ["team", teams],
    ["service", services],
  ]);
  let service: GoogleSqlService;
  let languageOptions: unknown;
  let warehouse: Warehouse;

  beforeAll(async () => {
    [service] = await Promise.all([GoogleSqlService.start(), writeMartFile(database, marts as unknown as MartRows)]);
    languageOptions = await bigqueryLanguageOptions(service);
    warehouse = await openWarehouse({ file: database, catalog: settings.project, readOnly: true });
  }, 600_000);
  afterAll(async () => {
    warehouse?.close();
    await service?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const catalog = () => ({
    name: "bigquery",
    table: (Object.keys(MARTS) as MartName[]).map((mart) => ({
      name: martTable(mart),
      column: schemaColumns({ fields: Object.entries(MARTS[mart]).map(([name, type]) => ({ name, type })) }),
    })),
    builtinFunctionOptions: { languageOptions },
  });

  /** GoogleSQL's output columns of a query (`name TYPE`), or its one-line refusal. */
  async function analyzed(sql: string): Promise<string[] | string> {
    const result = await service.analyze(sql, catalog(), languageOptions);
    if ("error" in result) return result.error;
    const query = result.resolved.resolvedQueryStmtNode as { outputColumnList: Array<{ name: string; column: { type: TypeProto } }> };
    return query.outputColumnList.map((c) => `${c.name} ${typeName(c.column.type)}`);
  }

  const onDuckDb = (sql: string) => warehouse.all(rewriteReferences(sql, new Set((Object.keys(MARTS) as MartName[]).map(martTable))));

  it("offers every team and service of the marts in the Team and Service variables", async () => {
    const values = async (name: string) => {
      const query = variableQueries.find((v) => v.name === name)!.query as Query;
      const sql = expandQuery(query.rawSql, variables, range);
      expect(await analyzed(sql)).toEqual([`${name} STRING`]);
      return (await onDuckDb(sql)).map((r) => r[name]);
    };
    expect(await values("team")).toEqual(teams);
    expect(await values("service")).toEqual(services);
  });

  it("sends only queries GoogleSQL accepts against the marts, each run on DuckDB giving those columns and rows", async () => {
    const problems: string[] = [];
    for (const { title, sql: rawSql, format } of queries) {
      const sql = expandQuery(rawSql, variables, range);
      const columns = await analyzed(sql);
      if (typeof columns === "string") {
        problems.push(`${title}: ${columns}`);
        continue;
      }
      // a time series (format 0) needs a TIMESTAMP column named time, first
      if (format === 0 && columns[0] !== "time TIMESTAMP") problems.push(`${title}: a time series whose first column is ${columns[0]}`);
      const names = columns.map((c) => c.split(" ")[0]);
      const rows = await onDuckDb(sql);
      if (rows.length === 0) problems.push(`${title}: no rows on the demo marts`);
      else if (Object.keys(rows[0]).join(", ") !== names.join(", ")) problems.push(`${title}: DuckDB gave ${Object.keys(rows[0]).join(", ")}, GoogleSQL ${names.join(", ")}`);
    }
    expect(problems).toEqual([]);
    expect(queries.length).toBe(dashboard.panels.length);
    expect(queries.filter((q) => q.format === 0).length).toBe(6);
  });

  it("keeps the time range: the weekly series start within it and the drill-down tables hold only its rows", async () => {
    const weekly = queries.find((q) => q.title.startsWith("Deploy days per week"))!;
    const times = (await onDuckDb(expandQuery(weekly.sql, variables, range))).map((r) => Date.parse(String(r.time)));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(range.from.getTime());
    expect(Math.max(...times)).toBeLessThanOrEqual(range.to.getTime());
    // the deployments table lists the demo's deployments of the range, worked out from the marts here
    const inRange = marts.deployments.filter((d) => d.finished_at !== null && Date.parse(d.finished_at) >= range.from.getTime() && Date.parse(d.finished_at) <= range.to.getTime());
    const table = queries.find((q) => q.title === "Deployments behind the numbers")!;
    expect((await onDuckDb(expandQuery(table.sql, variables, range))).length).toBe(Math.min(inRange.length, 1000));
  });

  it("catches a misspelt column, an unknown table and an unknown macro", async () => {
    const weekly = queries.find((q) => q.title.startsWith("Deploy days per week"))!.sql;
    expect(await analyzed(expandQuery(weekly.replace("deploy_days AS", "deploy_dayz AS"), variables, range))).toMatch(/Unrecognized name: deploy_dayz/);
    expect(await analyzed(expandQuery(weekly.replace(".team_weekly", ".teams_weekly"), variables, range))).toMatch(/Table not found/);
    expect(() => expandQuery(weekly.replace("$__timeFilter(time)", "$__timeFilterz(time)"), variables, range)).toThrow("unsupported macro $__timeFilterz(time)");
  });
});
