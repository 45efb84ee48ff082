// The raw landing tables (the Airbyte raw layout of docs/raw-streams.md), one per stream of
// includes/raw_streams/: `<namespace>_raw__stream_<stream>` in the raw dataset (var `raw_dataset`),
// each with the Airbyte Destinations V2 raw columns; the record is JSON text in `_airbyte_data`.
// A stream every warehouse lands (GitHub, PagerDuty) is a declaration. An optional one is an
// operation that creates its empty table if it does not exist, in the loader's layout (ingest/load):
// an action reading a missing table fails, and many warehouses never land some of them (no webhook
// receiver, no other tool reporting, nobody ran mark-resolution yet, no Jira). The staging models
// reference both alike.

const descriptions = Object.fromEntries(raw_streams.COLUMNS.map(([name, , text]) => [name, text]));

for (const stream of raw_streams.STREAMS) {
  const name = raw_streams.tableName(stream);
  const schema = dataform.projectConfig.vars.raw_dataset;
  if (!stream.optional) {
    declare({
      schema,
      name,
      description: `Raw ${stream.namespace} stream \`${stream.name}\`, append-only and at-least-once. ${stream.description}`,
      columns: descriptions,
    });
    continue;
  }
  operate(name)
    .schema(schema)
    .hasOutput(true)
    .tags(["raw", stream.namespace])
    .description(`Raw ${stream.namespace} stream \`${stream.name}\`, append-only; created empty when nothing was landed yet. ${stream.description}`)
    .columns(Object.entries(descriptions).map(([column, text]) => ({ path: [column], description: text })))
    .queries((ctx) => {
      const typed = raw_streams.COLUMNS.map(([column, type]) => {
        const [base, ...rest] = type.split(" ");
        return [column, dialect.type(base), ...rest].join(" ");
      });
      return `create table if not exists ${ctx.self()} (${typed.join(", ")})`;
    });
}
