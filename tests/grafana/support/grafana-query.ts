// What Grafana does to a panel's rawSql before the BigQuery data source sends it: the frontend
// interpolates the dashboard's template variables, then the plugin's backend expands the macros
// (grafana-plugin-sdk-go sqlutil's defaults, which grafana-bigquery-datasource keeps).

/** The values each template variable stands for (a constant: one value; "All": every value). */
export type Variables = ReadonlyMap<string, readonly string[]>;

/** The dashboard's time range, as the backend formats it for the macros (RFC 3339, UTC, whole seconds). */
export interface TimeRange {
  from: Date;
  to: Date;
}

const rfc3339 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

/** `${name}`, `${name:format}` and `$name`; only the formats the dashboard uses are known. */
function interpolate(sql: string, variables: Variables): string {
  return sql.replace(/\$\{([A-Za-z0-9_]+)(?::([a-z]+))?\}|\$([A-Za-z][A-Za-z0-9_]*)/g, (whole, braced: string, format: string | undefined, bare: string) => {
    const name = braced ?? bare;
    if (name.startsWith("__")) return whole; // a macro: the backend's
    const values = variables.get(name);
    if (!values || values.length === 0) throw new Error(`unknown template variable ${whole}`);
    if (format === "singlequote") return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(",");
    if (format !== undefined) throw new Error(`unsupported variable format ${whole}`);
    if (values.length !== 1) throw new Error(`${whole} has several values: use \${${name}:singlequote}`);
    return values[0];
  });
}

/** sqlutil's default macros; any other `$__` macro fails (the plugin has $__timeGroup too, unused here). */
function expandMacros(sql: string, range: TimeRange): string {
  const from = `'${rfc3339(range.from)}'`;
  const to = `'${rfc3339(range.to)}'`;
  const expanded = sql.replace(/\$__(\w+)(?:\(([^)]*)\))?/g, (whole, name: string, args: string | undefined) => {
    const list = (args ?? "").split(",").map((a) => a.trim()).filter((a) => a !== "");
    if (name === "timeFilter" && list.length === 1) return `${list[0]} >= ${from} AND ${list[0]} <= ${to}`;
    if (name === "timeFrom" && list.length === 0) return from;
    if (name === "timeTo" && list.length === 0) return to;
    throw new Error(`unsupported macro ${whole}`);
  });
  return expanded;
}

/** The SQL BigQuery receives for a panel's rawSql. */
export function expandQuery(rawSql: string, variables: Variables, range: TimeRange): string {
  return expandMacros(interpolate(rawSql, variables), range);
}
