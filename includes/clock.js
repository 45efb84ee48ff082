// The models' clock: the date every period, snapshot and "latest complete week" is measured from.

/**
 * The models' clock as a DATE expression: the var `as_of` (a date or an ISO timestamp; its UTC
 * date counts), default the current UTC date.
 */
function asOfDate() {
  const text = (dataform.projectConfig.vars || {}).as_of || "";
  if (text === "") return dialect.currentDate();
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(text);
  if (!match) throw new Error(`var as_of must be a date (YYYY-MM-DD) or an ISO timestamp, got ${JSON.stringify(text)}`);
  const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) throw new Error(`var as_of is not a valid date: ${JSON.stringify(text)}`);
  return `date '${date.toISOString().slice(0, 10)}'`;
}

module.exports = { asOfDate };
