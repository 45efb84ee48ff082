// Each raw stream is written once, as a schema file under includes/raw_streams/: the extractors'
// catalogs and the raw table declarations are built from it. This holds the rest to those files:
// the tables the Dataform compiler declares, the streams each source discovers, and the tables of
// docs/raw-streams.md (every stream, its primary key, its cursor and each top-level field).
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { githubSource } from "../../ingest/github/source.ts";
import { jiraSource } from "../../ingest/jira/source.ts";
import { pagerdutySource } from "../../ingest/pagerduty/source.ts";
import { rawStreamIndex as index, type RawStreamFile as StreamFile } from "../../ingest/raw-streams.ts";
import { compileProject, REPOSITORY_ROOT } from "../../warehouse/compile.ts";


const FOLDER = path.join(REPOSITORY_ROOT, "includes/raw_streams");
const files: StreamFile[] = fs
  .readdirSync(FOLDER)
  .flatMap((namespace) => fs.readdirSync(path.join(FOLDER, namespace)).map((file) => path.join(FOLDER, namespace, file)))
  .map((file) => JSON.parse(fs.readFileSync(file, "utf8")) as StreamFile);
const tableNames = (streams: StreamFile[]) => streams.map((stream) => index.tableName(stream)).sort();

describe("raw stream schemas", () => {
  it("each file is listed in includes/raw_streams.js and names its own folder and file", () => {
    expect(files.length).toBeGreaterThan(20);
    expect(tableNames(index.STREAMS)).toEqual(tableNames(files));
    for (const dir of fs.readdirSync(FOLDER)) {
      for (const file of fs.readdirSync(path.join(FOLDER, dir))) {
        const stream = JSON.parse(fs.readFileSync(path.join(FOLDER, dir, file), "utf8")) as StreamFile;
        expect(`${stream.namespace}/${stream.name}.json`).toBe(`${dir}/${file}`);
      }
    }
  });

  it("each extractor discovers exactly the streams of its namespace", () => {
    for (const source of [githubSource, pagerdutySource, jiraSource]) {
      const names = files.filter((stream) => stream.namespace === source.namespace).map((stream) => stream.name);
      expect(source.streams.map((stream) => stream.name).sort(), source.namespace).toEqual(names.sort());
    }
  });

  it("the compiled project has one raw table per schema, with the raw columns", async () => {
    const graph = await compileProject(REPOSITORY_ROOT);
    const raw = [...(graph.declarations ?? []), ...(graph.operations ?? [])].filter((action) => action.target?.schema === "airbyte_internal");
    expect(raw.map((action) => action.target!.name).sort()).toEqual(tableNames(files));
    for (const action of raw) {
      const columns = (action.actionDescriptor?.columns ?? []).map((column) => column.path?.join("."));
      expect(columns, action.target!.name).toEqual(index.COLUMNS.map(([name]) => name));
    }
  }, 120_000);
});

/** The rows of docs/raw-streams.md's tables: namespace, and each cell by its header. */
function documentedRows(): Array<{ namespace: string; cells: Record<string, string> }> {
  const rows: Array<{ namespace: string; cells: Record<string, string> }> = [];
  const text = fs.readFileSync(path.join(REPOSITORY_ROOT, "docs/raw-streams.md"), "utf8");
  for (const section of text.split(/^## /m).slice(1)) {
    const namespace = section.split(/[\s,]/)[0];
    let header: string[] | undefined;
    for (const line of section.split("\n")) {
      if (!line.startsWith("|")) {
        header = undefined;
        continue;
      }
      if (/^[|\s:-]+$/.test(line)) continue;
      const cells = line.replace(/^\|\s*|\s*\|$/g, "").split(/\s+\|\s+/);
      if (!header) header = cells;
      else rows.push({ namespace, cells: Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""])) });
    }
  }
  return rows;
}

const quoted = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);

describe("docs/raw-streams.md", () => {
  const rows = documentedRows().map((row) => ({ ...row, namespace: quoted(row.cells.namespace ?? "")[0] ?? row.namespace }));

  it.each(files.map((stream) => [`${stream.namespace}.${stream.name}`, stream] as const))("documents %s as its schema file states it", (_, stream) => {
    const row = rows.find((candidate) => candidate.namespace === stream.namespace && quoted(candidate.cells.stream).includes(stream.name));
    expect(row, "its row").toBeDefined();
    expect(quoted(row!.cells["primary key"]), "primary key").toEqual(stream.primary_key.map((key) => key.join(".")));
    if ("cursor" in row!.cells) expect(quoted(row!.cells.cursor)[0], "cursor").toBe(stream.cursor_field?.join("."));
    const fields = quoted(row!.cells.record);
    const missing = Object.keys(stream.json_schema.properties).filter((field) => !fields.some((token) => token === field || token.startsWith(`${field}.`)));
    expect(missing, "fields the record column does not name").toEqual([]);
  });

  it("lists no extractor or doraform stream without a schema file", () => {
    const documented = rows
      .filter((row) => ["github", "pagerduty", "jira", "doraform"].includes(row.namespace))
      .map((row) => `${row.namespace}.${quoted(row.cells.stream)[0]}`);
    expect(documented.sort()).toEqual(files.filter((s) => !s.namespace.endsWith("_webhook")).map((s) => `${s.namespace}.${s.name}`).sort());
  });
});
