import { copyFileSync, existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { dayBefore } from "../../demo/model/snapshot.ts";
import type { DemoServer } from "../../demo/server/index.ts";
import type { KeptGraph } from "../../ingest/github/commit-graph.ts";
import type { HistoryState } from "../../ingest/github/deploy-history.ts";
import { githubSource } from "../../ingest/github/source.ts";
import { DuckDbLoader } from "../../ingest/load/duckdb.ts";
import type { StateMap } from "../../ingest/protocol/source.ts";
import { CATALOG, DATASET, demoServers, expectSameRecords, ingestConfig, syncDemo, temporaryDatabase } from "./demo-harness.ts";

const serve = demoServers();

/** A stream's saved state: per repository, the landed range's wrapper around the stream's own cursor. */
type Saved = Record<string, { cursor: HistoryState }>;

async function readState(file: string): Promise<StateMap> {
  const loader = await DuckDbLoader.open({ file, catalog: CATALOG, dataset: DATASET });
  try {
    return await loader.readState("github");
  } finally {
    await loader.close();
  }
}

async function writeState(file: string, stream: string, state: unknown): Promise<void> {
  const loader = await DuckDbLoader.open({ file, catalog: CATALOG, dataset: DATASET });
  try {
    await loader.commit({ name: stream, namespace: "github" }, state);
  } finally {
    await loader.close();
  }
}

function copyDatabase(file: string): string {
  const copy = temporaryDatabase();
  copyFileSync(file, copy);
  if (existsSync(`${file}.wal`)) copyFileSync(`${file}.wal`, `${copy}.wal`);
  return copy;
}

/** `commits`' state as the version before wrote it: each repository with the same graph as `deployment_commits`' of its own. */
function keptTwice(state: StateMap): Saved {
  const contents = state.get("deployment_commits") as Saved;
  const commits = structuredClone(state.get("commits")) as Saved;
  for (const [repository, saved] of Object.entries(commits)) {
    delete saved.cursor.sharedGraph;
    saved.cursor.graph = contents[repository]!.cursor.graph;
  }
  return commits;
}

/** Only the `commits` stream read, as a catalog selecting it alone reads it: its records and its new state. */
async function readCommitsAlone(server: DemoServer, org: Organisation, state: StateMap) {
  const config = githubSource.parseConfig({ ...ingestConfig(org).github, concurrency: 4 }, server.env);
  const records = new Map<string, unknown>();
  let saved: Saved = {};
  for await (const message of githubSource.read(config, new Set(["commits"]), state, () => undefined)) {
    if (message.type === "RECORD") records.set(`${message.record.data.repository} ${message.record.data.sha}`, message.record.data);
    if (message.type === "STATE") saved = message.state.stream.stream_state as Saved;
  }
  return { records, saved };
}

const listings = (server: DemoServer) => server.requestCounts()["GET /repos/{owner}/{repo}/commits"] ?? 0;
const compares = (server: DemoServer) => server.requestCounts()["GET /repos/{owner}/{repo}/compare/{basehead}"] ?? 0;
const graphed = (saved: Saved) => Object.values(saved).filter((repository) => (repository.cursor.graph as KeptGraph | null | undefined)?.shas.length);

describe("the commit graph kept once per repository", () => {
  it("is read from a state that kept it twice, and a night lands the same records and sends the same requests", async () => {
    const org = generateOrganisation(SIZES.default);
    const yesterday = await serve({ ...org, as_of: dayBefore(org) });
    const file = temporaryDatabase();
    await syncDemo(yesterday, org, file, 4);
    const state = await readState(file);
    // kept once: in deployment_commits' state; commits' says it shares that one
    expect(graphed(state.get("deployment_commits") as Saved).length).toBeGreaterThan(0);
    expect(graphed(state.get("commits") as Saved)).toEqual([]);
    expect(Object.values(state.get("commits") as Saved).every((repository) => repository.cursor.sharedGraph === true)).toBe(true);

    const older = copyDatabase(file);
    await writeState(older, "commits", keptTwice(state));
    const today = await serve(org);
    await syncDemo(today, org, file, 4);
    const requests = today.requestCounts();
    today.resetCounts();
    await syncDemo(today, org, older, 4);
    // the older state's graph answered as the shared one does: no compare, the same few listings
    expect(today.requestCounts()).toEqual(requests);
    expect(compares(today)).toBe(0);
    await expectSameRecords(older, file, " (a state that kept the graph twice)");
    // and from then on each repository the night read keeps it once; the others keep the older state until read
    const twice = keptTwice(state);
    const after = (await readState(older)).get("commits") as Saved;
    const read = Object.keys(after).filter((repository) => after[repository]!.cursor.sharedGraph);
    expect(read.length).toBeGreaterThan(0);
    for (const [repository, saved] of Object.entries(after)) {
      if (saved.cursor.sharedGraph) expect(saved.cursor.graph).toBeUndefined();
      else expect(saved).toEqual(twice[repository]);
    }
  }, 600_000);

  it("is commits' own when it is read without deployment_commits, landing the same records", async () => {
    const org = generateOrganisation(SIZES.default);
    const yesterday = await serve({ ...org, as_of: dayBefore(org) });
    const file = temporaryDatabase();
    await syncDemo(yesterday, org, file, 4);
    const state = await readState(file);
    const today = await serve(org);
    // a state that kept its own graph reads it: a page or so of history per repository that moved
    const own = await readCommitsAlone(today, org, new Map([...state, ["commits", keptTwice(state)]]));
    expect(listings(today)).toBeLessThanOrEqual(org.repositories.length);
    expect(own.records.size).toBeGreaterThan(0);
    today.resetCounts();
    // one that shares a graph no read gave this sync lists its history afresh, and keeps it
    const afresh = await readCommitsAlone(today, org, state);
    expect(listings(today)).toBeGreaterThan(org.repositories.length);
    expect(compares(today)).toBe(0);
    expect(afresh.records).toEqual(own.records);
    expect(graphed(afresh.saved).length).toBeGreaterThan(0);
  }, 600_000);
});
