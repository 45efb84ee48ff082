// The measures every weekly, quarterly and summary row carries (the mart contract, report/marts.ts), computed from
// the fact marts for any bucketing of time: one definition, so a week, a quarter and a trailing
// window count the same way (docs/metrics.md, Periods: other periods come from the facts, never from weeks).

const SCOPE_KEYS = { service: ["service", "team"], team: ["team"], organisation: [] };

/**
 * The fact CTEs: successful deployments by finished_at, deployed changes by deployed_at,
 * incidents by started_at; each row with the scope columns and its period timestamp `period_at`.
 */
function factsSql(refs) {
  return `
deployment_facts as (
  select service, team, finished_at as period_at, date(finished_at) as day, caused_failure, is_rework, recovery_seconds
  from ${refs.deployments}
  where result = 'success'
),

change_facts as (
  select service, team, deployed_at as period_at, lead_time_seconds
  from ${refs.changes}
  where deployed_at is not null
),

incident_facts as (
  select service, team, started_at as period_at, resolved_at, restore_seconds
  from ${refs.incidents}
)`;
}

/** The measure CTEs over facts already tagged with bucket columns `keys` (list of column names). */
function aggregatesSql(keys, bucketed) {
  const by = keys.join(", ");
  return `
deployment_measures as (
  select
    ${by},
    count(*) as deployments,
    count(distinct day) as deploy_days,
    countif(caused_failure) as failed_deployments,
    countif(caused_failure and recovery_seconds >= 0) as recovered_deployments,
    ${dialect.percentileContAgg("if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)", 0.5)} as recovery_p50_seconds,
    countif(is_rework) as rework_deployments
  from ${bucketed("deployment_facts")}
  group by ${by}
),

change_measures as (
  select
    ${by},
    count(*) as changes_deployed,
    -- a negative lead time stays a deployed change and is left out of the statistic (decision 64)
    ${dialect.percentileContAgg("if(lead_time_seconds >= 0, lead_time_seconds, null)", 0.5)} as lead_time_p50_seconds,
    ${dialect.percentileContAgg("if(lead_time_seconds >= 0, lead_time_seconds, null)", 0.9)} as lead_time_p90_seconds
  from ${bucketed("change_facts")}
  group by ${by}
),

incident_measures as (
  select
    ${by},
    count(*) as incidents,
    countif(resolved_at is not null) as restored_incidents,
    -- a negative restore stays a restored incident and is left out of the statistic (decision 64)
    ${dialect.percentileContAgg("if(restore_seconds >= 0, restore_seconds, null)", 0.5)} as restore_p50_seconds,
    avg(if(restore_seconds >= 0, restore_seconds, null)) as restore_mean_seconds
  from ${bucketed("incident_facts")}
  group by ${by}
)`;
}

/** The measure columns of the final select, from the frame `frame` left-joined to the measure CTEs. */
function measureColumns() {
  return `
  coalesce(deployment_measures.deployments, 0) as deployments,
  coalesce(deployment_measures.deploy_days, 0) as deploy_days,
  coalesce(change_measures.changes_deployed, 0) as changes_deployed,
  change_measures.lead_time_p50_seconds,
  change_measures.lead_time_p90_seconds,
  coalesce(deployment_measures.failed_deployments, 0) as failed_deployments,
  ${dialect.safeDivide("coalesce(deployment_measures.failed_deployments, 0)", "coalesce(deployment_measures.deployments, 0)")} as change_failure_rate,
  coalesce(deployment_measures.recovered_deployments, 0) as recovered_deployments,
  deployment_measures.recovery_p50_seconds,
  coalesce(incident_measures.incidents, 0) as incidents,
  coalesce(incident_measures.restored_incidents, 0) as restored_incidents,
  incident_measures.restore_p50_seconds,
  incident_measures.restore_mean_seconds,
  coalesce(deployment_measures.rework_deployments, 0) as rework_deployments,
  ${dialect.safeDivide("coalesce(deployment_measures.rework_deployments, 0)", "coalesce(deployment_measures.deployments, 0)")} as rework_rate`;
}

function joinMeasures(frame, keys) {
  const on = (cte) => keys.map((k) => `${cte}.${k} = ${frame}.${k}`).join(" and ") || "true";
  return ["deployment_measures", "change_measures", "incident_measures"]
    .map((cte) => `left join ${cte} on ${on(cte)}`)
    .join("\n");
}

/**
 * A weekly or quarterly table for one scope: a calendar spine per scope member from the period of
 * its first fact of any kind (deployment of any result, change of any status, incident) to the
 * period containing as_of (docs/metrics.md decision 19, 28), with the measures of each period.
 */
function periodSql({ period, scope, refs }) {
  const column = period === "week" ? "week_start" : "quarter_start";
  const start = (x) => (period === "week" ? dialect.weekStart(x) : dialect.quarterStart(x));
  const step = period === "week" ? "1 WEEK" : "3 MONTH";
  const scopeKeys = SCOPE_KEYS[scope];
  const keys = [column, ...scopeKeys];
  const scopeList = scopeKeys.map((k) => `${k}, `).join("");
  const bucketed = (cte) => `(select ${start("period_at")} as ${column}, ${cte}.* from ${cte}) as ${cte}_bucketed`;
  return `
with ${factsSql(refs)},

first_facts as (
  select ${scopeList}min(period_at) as first_at
  from (
    select service, team, finished_at as period_at from ${refs.deployments}
    union all select service, team, merged_at from ${refs.changes}
    union all select service, team, started_at from ${refs.incidents}
  ) as facts
  ${scopeKeys.length > 0 ? `group by ${scopeKeys.join(", ")}` : ""}
),

spine as (
  select ${scopeList}periods.${column}
  from first_facts
  cross join ${dialect.dateSpine(start("(select min(first_at) from first_facts)"), start(catalog.asOfDate()), step, column)} as periods
  where periods.${column} >= ${start("first_facts.first_at")}
),
${aggregatesSql(keys, bucketed)}

select
  spine.${column},
  spine.${column} < ${start(catalog.asOfDate())} as is_complete,
  ${scopeKeys.map((k) => `spine.${k},`).join("\n  ")}
  ${measureColumns()}
from spine
${joinMeasures("spine", keys)}
`;
}

module.exports = { SCOPE_KEYS, factsSql, aggregatesSql, measureColumns, joinMeasures, periodSql };

const LEVEL_COLUMNS = {
  deployment_frequency: "deployment_frequency_level",
  change_lead_time: "lead_time_level",
  change_failure_rate: "change_failure_rate_level",
  failed_deployment_recovery_time: "recovery_level",
  time_to_restore: "recovery_level",
};

/**
 * The CTEs of the 4- and 13-week windows of complete weeks ending before `windowEnd` (a DATE
 * expression, a Monday): the facts, `windows`, every scope member with weekly rows crossed with the
 * windows as `frame`, and `measured`, the measures of each (scope, name, window_weeks) from the
 * facts with deploy days per week. `columns` are placed after window_end (the summary's report_year).
 * Shared by `summary` (windows before as_of's week) and `review_windows` (before the latest complete week).
 */
function windowMeasuresSql({ refs, windowEnd, columns = [] }) {
  const scoped = (cte) => `(
    select 'service' as scope, ${cte}.service as name, windows.window_weeks, ${cte}.*
    from ${cte} join windows on date(${cte}.period_at) >= windows.window_start and date(${cte}.period_at) < windows.window_end
    union all
    select 'team', ${cte}.team, windows.window_weeks, ${cte}.*
    from ${cte} join windows on date(${cte}.period_at) >= windows.window_start and date(${cte}.period_at) < windows.window_end
    union all
    select 'organisation', 'all', windows.window_weeks, ${cte}.*
    from ${cte} join windows on date(${cte}.period_at) >= windows.window_start and date(${cte}.period_at) < windows.window_end
  ) as ${cte}_scoped`;
  const keys = ["scope", "name", "window_weeks"];
  return `${factsSql(refs)},

windows as (
  select 4 as window_weeks, ${dialect.dateAdd(windowEnd, -28, "DAY")} as window_start, ${windowEnd} as window_end
  union all
  select 13, ${dialect.dateAdd(windowEnd, -91, "DAY")}, ${windowEnd}
),

members as (
  select distinct 'service' as scope, service as name from ${refs.serviceWeekly}
  union all
  select distinct 'team', team from ${refs.teamWeekly}
  union all
  select 'organisation', 'all'
),

frame as (
  select members.scope, members.name, windows.window_weeks, windows.window_start, windows.window_end
  from members cross join windows
),
${aggregatesSql(keys, scoped)},

measured as (
  select
    frame.scope,
    frame.name,
    frame.window_weeks,
    frame.window_start,
    frame.window_end,
    ${columns.map((c) => `${c},\n    `).join("")}${measureColumns()},
    coalesce(deployment_measures.deploy_days, 0) / frame.window_weeks as deploy_days_per_week
  from frame
  ${joinMeasures("frame", keys)}
)`;
}

/**
 * The summary: (scope, name, window_weeks) for the 4 and 13 complete weeks before the week
 * containing as_of, measured from the facts, with a level per benchmarked metric on 13-week rows
 * for the catalog's report year where the sample reaches the minimum (docs/metrics.md decision 20, 21, 29, 30).
 */
function summarySql({ refs }) {
  const asOfWeek = dialect.weekStart(catalog.asOfDate());
  const year = Number(catalog.settings.report_year);
  const metrics = [];
  for (const row of benchmarks.rows) {
    if (row.report_year === year && !metrics.some((m) => m.metric === row.metric)) metrics.push(row);
  }
  const unpivoted = metrics.length === 0
    ? "select cast(null as string) as scope, cast(null as string) as name, 0 as window_weeks, cast(null as string) as metric, 0.0 as value, 0 as sample from (select 1 as one) as empty where false"
    : metrics
        .map((m) => `select scope, name, window_weeks, ${dialect.stringLiteral(m.metric)} as metric, cast(${m.measure} as ${dialect.type("FLOAT64")}) as value, ${m.sample_column} as sample from measured`)
        .join("\n  union all\n  ");
  const levelColumn = (column) => {
    const names = Object.keys(LEVEL_COLUMNS).filter((metric) => LEVEL_COLUMNS[metric] === column);
    return `max(case when levels.metric in (${names.map((n) => dialect.stringLiteral(n)).join(", ")}) then levels.level end) as ${column}`;
  };
  const levelColumns = [...new Set(Object.values(LEVEL_COLUMNS))];
  return `
with ${windowMeasuresSql({ refs, windowEnd: asOfWeek, columns: [`${year} as report_year`] })},

unpivoted as (
  ${unpivoted}
),

met as (
  select unpivoted.scope, unpivoted.name, unpivoted.window_weeks, unpivoted.metric, min(bounds.rank) as rank
  from unpivoted
  join ${refs.benchmarks} as bounds on bounds.metric = unpivoted.metric and bounds.report_year = ${year}
  where unpivoted.window_weeks = 13
    and unpivoted.value is not null
    and unpivoted.sample >= ${Number(catalog.settings.min_sample)}
    and (bounds.lower_bound is null or unpivoted.value >= bounds.lower_bound)
    and (bounds.upper_bound is null or unpivoted.value <= bounds.upper_bound)
  group by unpivoted.scope, unpivoted.name, unpivoted.window_weeks, unpivoted.metric
),

levels as (
  select met.scope, met.name, met.window_weeks, met.metric, bounds.level
  from met
  join ${refs.benchmarks} as bounds
    on bounds.metric = met.metric and bounds.report_year = ${year} and bounds.rank = met.rank
),

level_columns as (
  select scope, name, window_weeks, ${levelColumns.map(levelColumn).join(", ")}
  from levels
  group by scope, name, window_weeks
)

select measured.*, ${levelColumns.map((c) => `level_columns.${c}`).join(", ")}
from measured
left join level_columns using (scope, name, window_weeks)
`;
}

/**
 * The review's baselines: (scope, name, window_weeks) for the 4 and 13 complete weeks before the
 * latest complete week (the week before as_of's), measured from the facts as the summary is.
 */
function reviewWindowsSql({ refs }) {
  const latestCompleteWeek = dialect.dateAdd(dialect.weekStart(catalog.asOfDate()), -7, "DAY");
  return `
with ${windowMeasuresSql({ refs, windowEnd: latestCompleteWeek })}

select * from measured
`;
}

module.exports.summarySql = summarySql;
module.exports.reviewWindowsSql = reviewWindowsSql;
