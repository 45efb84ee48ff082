// How a failure was linked to a deployment, strongest first (docs/metrics.md#decision-16). One
// order serves both uses: int_incident_links tries the cause rules in it, and the deployments mart
// reports the strongest way a deployment's failures were linked. Rollback is never an incident's
// cause (it is found from compares, not from incidents); it sits between revert and window.

const ORDER = ["override", "custom_field", "note", "change_event", "revert", "rollback", "window"];

/** The methods an incident's cause can be linked by: every one but rollback. */
const CAUSE_METHODS = ORDER.filter((method) => method !== "rollback");

/** INT64: the method's strength, 1 for the strongest (override). */
function rank(method) {
  return `case ${method} ${ORDER.map((name, i) => `when '${name}' then ${i + 1}`).join(" ")} end`;
}

/** STRING: the method of a strength rank() gave. */
function ofRank(strength) {
  return `case ${strength} ${ORDER.map((name, i) => `when ${i + 1} then '${name}'`).join(" ")} end`;
}

/** BOOL, for an accepted values assertion: the column holds one of the methods (default: all). */
function isOneOf(column, methods = ORDER) {
  return `${column} in (${methods.map((name) => `'${name}'`).join(", ")})`;
}

module.exports = { CAUSE_METHODS, rank, ofRank, isOneOf };
