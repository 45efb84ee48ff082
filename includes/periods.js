// The weekly and quarterly marts are replaced per period on an incremental run. A period's rows
// (every scope's: the mart is partitioned by the period) are computed again only when the
// fingerprint of its inputs in int_period_fingerprints differs from the one its rows were last
// built from, which the mart records after each write; a period no longer in the calendar is
// deleted (docs/performance.md#models). A mart only appends its record: on BigQuery the marts run
// at the same time, and concurrent appends to one table do not conflict where deletes would. The
// record carries a fingerprint of the measures' columns and SQL too, so that a release changing them
// (the marts extend their columns on schema change) computes every period again.

const COLUMNS = { week: "week_start", quarter: "quarter_start" };

function column(grain) {
  if (!(grain in COLUMNS)) throw new Error("includes/periods.js: grain must be week or quarter, got " + JSON.stringify(grain));
  return COLUMNS[grain];
}

/** FNV-1a (32 bits) of the measures' names and SQL: a record of other measures matches no period. */
function rules() {
  return fingerprints.fnv1a(JSON.stringify(docs.MEASURE_NAMES.map((name) => [name, measures[name]()])));
}

/** The fingerprint a mart records for a period of `inputs` (an alias of int_period_fingerprints). */
function built(inputs) {
  return dialect.concat(`${inputs}.fingerprint`, `'/${rules()}'`);
}

/** The periods of `grain` whose inputs differ from those `mart`'s rows were built from (its latest record): a subquery of period_start. */
function changed(fingerprints, mart, grain) {
  column(grain);
  return `(select inputs.period_start
    from ${fingerprints} as inputs
    left join (
      select period_start, fingerprint from ${fingerprints}
      where built_for = '${mart}' and recorded_at = (select max(recorded_at) from ${fingerprints} where built_for = '${mart}')
    ) as built
      on built.period_start = inputs.period_start and built.fingerprint = ${built("inputs")}
    where inputs.built_for = 'inputs' and inputs.grain = '${grain}' and built.period_start is null)`;
}

/** Incremental pre-operation: deletes the mart's rows of periods no longer in the calendar (the new rows replace no such period). */
function deleteVanished(self, fingerprints, grain) {
  return `delete from ${self}
  where ${column(grain)} not in (select period_start from ${fingerprints} where built_for = 'inputs' and grain = '${grain}')`;
}

/** Post-operation, after every write: records the inputs `mart`'s rows are now built from. */
function recordBuilt(fingerprints, mart, grain) {
  column(grain);
  return `insert into ${fingerprints} (built_for, grain, period_start, fingerprint, recorded_at)
  select '${mart}', grain, period_start, ${built("inputs")}, ${dialect.currentTimestamp()}
  from ${fingerprints} as inputs where built_for = 'inputs' and grain = '${grain}'`;
}

module.exports = { changed, deleteVanished, recordBuilt };
