/**
 * DORA performance levels as data (docs/metrics.md, Levels): one row per
 * (report_year, metric, level). Loaded by Dataform as the global `benchmarks` (the `benchmarks`
 * mart is built from `benchmarks.rows`) and by the demo oracle; a new report adds rows here.
 *
 * Row shape:
 *   report_year    2021 | 2023 | 2024
 *   metric         deployment_frequency | change_lead_time | change_failure_rate |
 *                  failed_deployment_recovery_time (2023, 2024) | time_to_restore (2021)
 *   level          elite | high | medium | low
 *   rank           1 (elite) … 4 (low): the level is the met row with the smallest rank
 *   lower_bound    the value must be >= this (null: no lower bound)
 *   upper_bound    the value must be <= this (null: no upper bound)
 *                  Bounds are inclusive on the better side ("less than a day" → <= 86400);
 *                  `low` rows have no bounds: they catch everything else.
 *   unit           deploy_days_per_week | seconds | ratio
 *   measure        the `summary` column compared with the bounds
 *   sample_column  the `summary` column that must reach the minimum sample (var, default 5)
 *   source         where the published value comes from
 *
 * Deployment frequency uses deploy days per week averaged over the 13 weeks in every year:
 * >= 5 elite (on demand), >= 1 high, >= 3 in 13 weeks medium (about monthly), else low.
 * Where a year's published bounds are out of order (2024: high's change failure rate 20% is above
 * medium's 10%; 2024 medium recovery "less than a day" equals high's), the better level wins, which
 * the smallest-rank rule gives without special cases. Rework rate has no published levels: no rows.
 */
const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const SIX_MONTHS = 180 * DAY;

const LEVELS = ["elite", "high", "medium", "low"];

const SOURCES = {
  2021: "Accelerate State of DevOps 2021, via apache/incubator-devlake-website docs/Metrics (secondary)",
  2023: "Accelerate State of DevOps 2023, via octopus.com/blog/software-delivery-performance-clusters-2023 and DevLake docs (secondary)",
  2024: "Accelerate State of DevOps 2024, via octopus.com/blog/2024-devops-performance-clusters (secondary)",
};

const METRICS = {
  deployment_frequency: { unit: "deploy_days_per_week", measure: "deploy_days_per_week", sample_column: "deployments", higherIsBetter: true },
  change_lead_time: { unit: "seconds", measure: "lead_time_p50_seconds", sample_column: "changes_deployed" },
  change_failure_rate: { unit: "ratio", measure: "change_failure_rate", sample_column: "deployments" },
  failed_deployment_recovery_time: { unit: "seconds", measure: "recovery_p50_seconds", sample_column: "recovered_deployments" },
  time_to_restore: { unit: "seconds", measure: "restore_p50_seconds", sample_column: "restored_incidents" },
};

// Deploy days per week: elite, high, medium (3 deploy days in the 13 weeks); the same every year.
const DEPLOY_DAYS = [5, 1, 3 / 13];

// The worst value still in elite, high, medium; low takes the rest.
const THRESHOLDS = {
  2021: {
    deployment_frequency: DEPLOY_DAYS,
    // elite < 1 hour; high 1 day – 1 week; medium 1 – 6 months (gaps closed upwards)
    change_lead_time: [HOUR, WEEK, SIX_MONTHS],
    // 0–15% elite; high, medium and low are all published as 16–30%
    change_failure_rate: [0.15, 0.3, 0.3],
    // elite < 1 hour; high < 1 day; medium 1 day – 1 week
    time_to_restore: [HOUR, DAY, WEEK],
  },
  2023: {
    deployment_frequency: DEPLOY_DAYS,
    change_lead_time: [DAY, WEEK, MONTH],
    change_failure_rate: [0.05, 0.1, 0.15],
    failed_deployment_recovery_time: [HOUR, DAY, WEEK],
  },
  2024: {
    deployment_frequency: DEPLOY_DAYS,
    change_lead_time: [DAY, WEEK, MONTH],
    change_failure_rate: [0.05, 0.2, 0.1],
    failed_deployment_recovery_time: [HOUR, DAY, DAY],
  },
};

const rows = [];
for (const [year, metrics] of Object.entries(THRESHOLDS)) {
  for (const [metric, bounds] of Object.entries(metrics)) {
    const { higherIsBetter, ...columns } = METRICS[metric];
    LEVELS.forEach((level, index) => {
      const bound = index < bounds.length ? bounds[index] : null;
      rows.push({
        report_year: Number(year),
        metric,
        level,
        rank: index + 1,
        lower_bound: higherIsBetter ? bound : null,
        upper_bound: higherIsBetter ? null : bound,
        ...columns,
        source: SOURCES[year],
      });
    });
  }
}

module.exports = { rows };
