// The watermarks of incremental models. Late and re-read records always carry a later extraction
// time than what a model kept, so an incremental run reads the records extracted at or after the
// newest one kept. The watermark is a script variable set by a pre-operation, never a subquery in
// the filter: BigQuery prunes partitions only on a filter comparing the partition column with a
// constant expression, and the raw and staging tables are partitioned by day of extraction
// (docs/performance.md#bigquery-bytes-per-night; tests/bigquery checks every incremental model).

// the newest extraction time the model kept before this run (all of them when it kept none: a
// model first built on a night with no record of its source reads them when they come)
const KEPT = "newest_kept";
// the newest one left after the pre-operations deleted the rows to derive again (all of them when
// none is left)
const LEFT = "newest_left";

/** Pre-operation: declares the watermark of what `self` (the model's own table) kept. */
function declareKept(self) {
  return dialect.declareVariable(KEPT, "TIMESTAMP", newestIn(self));
}

/** `column >= ` the watermark of what was kept. */
function sinceKept(column) {
  return `${column} >= ${dialect.variable(KEPT)}`;
}

/** Pre-operation: declares the watermark of what is left, set by setLeft (BigQuery declares first). */
function declareLeft() {
  return dialect.declareVariable(LEFT, "TIMESTAMP");
}

/** Pre-operation, after the deletes: the watermark of what `self` kept that they left. */
function setLeft(self) {
  return dialect.setVariable(LEFT, newestIn(self));
}

/** The query of the newest extraction time in `self`: the epoch when it is empty. */
function newestIn(self) {
  return `select coalesce(max(extracted_at), ${dialect.tsLiteral("1970-01-01")}) from ${self}`;
}

/** `column >= ` the watermark of what is left. */
function sinceLeft(column) {
  return `${column} >= ${dialect.variable(LEFT)}`;
}

module.exports = { declareKept, sinceKept, declareLeft, setLeft, sinceLeft };
