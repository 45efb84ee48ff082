// The quarterly targets the `quarterly_targets` mart judges: doraform.yaml's `targets:` as
// `doraform config sync` normalises them into includes/generated/doraform.json (core/targets/file.ts:
// scope, name, quarter, metric, the target in the mart's unit, which way is better). The Dataform var
// `targets_json` (JSON text, a list of the same shape) replaces them when set. Read on first use:
// Dataform assigns the includes' globals only after loading them all.

const GENERATED = require("./generated/doraform.json").targets || [];

/**
 * What each metric is judged on in the quarterly marts: its value column and its sample column, as
 * report/metrics.ts reads them (tests/models/quarterly-targets.test.ts keeps the two the same).
 * Deployment frequency is deploy days per week over the quarter's days (deploymentFrequencySql).
 */
const METRIC_COLUMNS = {
  deployment_frequency: { value: "deploy_days", sample: "deployments" },
  lead_time_p50: { value: "lead_time_p50_seconds", sample: "changes_deployed" },
  lead_time_p90: { value: "lead_time_p90_seconds", sample: "changes_deployed" },
  pickup_p50: { value: "pickup_p50_seconds", sample: "changes_picked_up" },
  pickup_p90: { value: "pickup_p90_seconds", sample: "changes_picked_up" },
  change_failure_rate: { value: "change_failure_rate", sample: "deployments" },
  recovery_time: { value: "recovery_p50_seconds", sample: "recovered_deployments" },
  time_to_restore: { value: "restore_p50_seconds", sample: "restored_incidents" },
  rework_rate: { value: "rework_rate", sample: "deployments" },
};

const SCOPES = ["organisation", "team", "service"];

let resolved;
/** The targets of this compilation, each checked: a hand-edited file or a bad var fails the compile naming the entry. */
function list() {
  if (resolved) return resolved;
  const text = (dataform.projectConfig.vars || {}).targets_json;
  let given = GENERATED;
  if (text !== undefined && text !== "") {
    try {
      given = JSON.parse(text);
    } catch (error) {
      throw new Error(`var targets_json is not valid JSON: ${error.message}`);
    }
  }
  if (!Array.isArray(given)) throw new Error("targets: expected a list of targets");
  for (const t of given) {
    const ok =
      t && SCOPES.includes(t.scope) && typeof t.name === "string" && t.name !== "" && /^\d{4}-Q[1-4]$/.test(String(t.quarter)) &&
      t.metric in METRIC_COLUMNS && typeof t.target === "number" && Number.isFinite(t.target) && (t.better === "lower" || t.better === "higher");
    if (!ok) throw new Error(`targets: entry ${JSON.stringify(t)} needs scope, name, quarter (2026-Q4), a known metric, a numeric target and better (lower or higher); run \`doraform config sync\``);
  }
  resolved = given;
  return resolved;
}

/** "2026-Q4" as a DATE literal of the quarter's first day. */
function quarterStartLiteral(quarter) {
  const [year, q] = quarter.split("-Q");
  return `date '${year}-${String((Number(q) - 1) * 3 + 1).padStart(2, "0")}-01'`;
}

/** (scope, name, quarter_start, metric, target, better) per target; an empty list still has the columns. */
function targetsSql() {
  const float = dialect.type("FLOAT64");
  const rows = list();
  if (rows.length === 0) {
    return `select cast(null as string) as scope, cast(null as string) as name, cast(null as date) as quarter_start, cast(null as string) as metric, cast(null as ${float}) as target, cast(null as string) as better from (select 1 as one) as empty where false`;
  }
  return rows
    .map((t) =>
      [
        `select cast(${catalog.literal(t.scope)} as string) as scope`,
        `cast(${catalog.literal(t.name)} as string) as name`,
        `${quarterStartLiteral(t.quarter)} as quarter_start`,
        `cast(${catalog.literal(t.metric)} as string) as metric`,
        `cast(${t.target} as ${float}) as target`,
        `cast(${catalog.literal(t.better)} as string) as better`,
      ].join(", "),
    )
    .join("\nunion all\n");
}

/** The quarterly marts' columns the targets are judged on. */
function measureColumns() {
  return [...new Set(Object.values(METRIC_COLUMNS).flatMap((c) => [c.value, c.sample]))];
}

/** A CASE on `metricExpr` picking each metric's column of `alias` (`part`: value or sample). */
function byMetric(metricExpr, alias, part, wrap) {
  const whens = Object.entries(METRIC_COLUMNS).map(([metric, columns]) => `when ${catalog.literal(metric)} then ${wrap(metric, `${alias}.${columns[part]}`)}`);
  return `case ${metricExpr}\n      ${whens.join("\n      ")}\n    end`;
}

/**
 * The quarter's value of the metric named by `metricExpr`, FLOAT64. Deployment frequency is deploy
 * days per week over `daysExpr`, the days the quarter's facts span (docs/metrics.md#decision-62).
 */
function valueSql(metricExpr, alias, daysExpr) {
  const float = dialect.type("FLOAT64");
  return byMetric(metricExpr, alias, "value", (metric, column) =>
    metric === "deployment_frequency" ? `cast(${column} as ${float}) / (cast(${daysExpr} as ${float}) / 7)` : `cast(${column} as ${float})`,
  );
}

/** The sample behind the value of the metric named by `metricExpr`, INT64 (null without a quarter row). */
function sampleSql(metricExpr, alias) {
  return byMetric(metricExpr, alias, "sample", (_metric, column) => column);
}

module.exports = { METRIC_COLUMNS, targetsSql, measureColumns, valueSql, sampleSql };
