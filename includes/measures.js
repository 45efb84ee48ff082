// The measures every weekly, quarterly, summary and review row carries (the mart contract,
// report/marts.ts), one definition each: an aggregate over rows of int_facts_bucketed, so a week, a
// quarter and a trailing window count the same way (docs/metrics.md, Periods: other periods come
// from the facts, never from weeks). The marts left-join their periods to the facts: a period with
// no rows gets counts of 0 and null statistics and rates.

/** COUNTIF(condition) that is 0 over no rows: DuckDB's countif is null there, BigQuery's 0. */
const countIf = (condition) => `coalesce(countif(${condition}), 0)`;

/** Successful deployments (the sample size of frequency, change failure rate and rework rate). */
const deployments = () => "count(deployment_id)";

const deploy_days = () => "count(distinct deploy_date)";

const changes_deployed = () => "count(change_id)";

// A negative lead time stays a deployed change and is left out of the statistic (docs/metrics.md#decision-64).
const leadTime = (p) => dialect.percentileContAgg("if(lead_time_seconds >= 0, lead_time_seconds, null)", p);
const lead_time_p50_seconds = () => leadTime(0.5);
const lead_time_p90_seconds = () => leadTime(0.9);

// Pickup: the deployed changes with a first review by another person; a change with none is left out,
// never counted as 0 (docs/metrics.md#decision-66).
const changes_picked_up = () => countIf("pickup_seconds >= 0");
const pickup = (p) => dialect.percentileContAgg("if(pickup_seconds >= 0, pickup_seconds, null)", p);
const pickup_p50_seconds = () => pickup(0.5);
const pickup_p90_seconds = () => pickup(0.9);

const failed_deployments = () => countIf("caused_failure");

const change_failure_rate = () => dialect.safeDivide(failed_deployments(), deployments());

// A failed deployment's recovery counts once known and not negative (docs/metrics.md#decision-25).
const recovered_deployments = () => countIf("caused_failure and recovery_seconds >= 0");

const recovery_p50_seconds = () =>
  dialect.percentileContAgg("if(caused_failure and recovery_seconds >= 0, recovery_seconds, null)", 0.5);

const incidents = () => "count(incident_id)";

const restored_incidents = () => countIf("resolved_at is not null");

// A negative restore stays a restored incident and is left out of the statistics (docs/metrics.md#decision-64).
const restore_p50_seconds = () => dialect.percentileContAgg("if(restore_seconds >= 0, restore_seconds, null)", 0.5);

const restore_mean_seconds = () => "avg(if(restore_seconds >= 0, restore_seconds, null))";

const rework_deployments = () => countIf("is_rework");

const rework_rate = () => dialect.safeDivide(rework_deployments(), deployments());

module.exports = {
  deployments,
  deploy_days,
  changes_deployed,
  lead_time_p50_seconds,
  lead_time_p90_seconds,
  changes_picked_up,
  pickup_p50_seconds,
  pickup_p90_seconds,
  failed_deployments,
  change_failure_rate,
  recovered_deployments,
  recovery_p50_seconds,
  incidents,
  restored_incidents,
  restore_p50_seconds,
  restore_mean_seconds,
  rework_deployments,
  rework_rate,
};
