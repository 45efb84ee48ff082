// Reading a raw record (`_airbyte_data`, JSON text) in staging models: one spelling per type, so
// every staging model parses the same way on both engines.

const DATA = "_airbyte_data";

/** A scalar field as STRING (null for a missing field, an object or an array). */
function str(path) {
  return dialect.jsonValue(DATA, path);
}

function int(path) {
  return dialect.safeCast(str(path), "INT64");
}

/** An ISO 8601 timestamp field as TIMESTAMP (UTC). */
function ts(path) {
  return dialect.safeCast(str(path), "TIMESTAMP");
}

function bool(path) {
  return dialect.safeCast(str(path), "BOOL");
}

/** An object or array field as JSON text, for the models that unnest it. */
function json(path) {
  return dialect.jsonQuery(DATA, path);
}

/**
 * The newest record per primary key: latest extraction, ties broken by the object's own
 * `tiebreak` columns (its updated_at, newest first), then by the raw id (the Airbyte raw layout, docs/raw-streams.md).
 */
function latest(keys, tiebreak = []) {
  const order = ["extracted_at desc", ...tiebreak.map((c) => `${c} desc`), "raw_id desc"].join(", ");
  return `qualify row_number() over (partition by ${keys.join(", ")} order by ${order}) = 1`;
}

module.exports = { str, int, ts, bool, json, latest };
