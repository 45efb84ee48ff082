import type { Organisation } from "../../demo/model/organisation.ts";
import type { DemoServer } from "../../demo/server/index.ts";
import { githubSource } from "../../ingest/github/source.ts";
import { DuckDbLoader } from "../../ingest/load/duckdb.ts";
import { pagerdutySource } from "../../ingest/pagerduty/source.ts";
import { syncSource } from "../../ingest/sync.ts";
import { CATALOG, DATASET, expectSameRecords, ingestConfig, temporaryDatabase } from "./demo-harness.ts";

/** Both sources into `file`, as `doraform ingest` runs them; GitHub's log lines, its usage and requests by route. */
export async function syncGitHub(server: DemoServer, org: Organisation, file: string) {
  const log: string[] = [];
  const loader = await DuckDbLoader.open({ file, catalog: CATALOG, dataset: DATASET });
  server.resetCounts();
  try {
    await syncSource(githubSource, githubSource.parseConfig(ingestConfig(org).github, server.env), loader, (line) => log.push(line));
    const counts = server.requestCounts();
    const github = { log, usage: server.githubUsage(), routes: Object.keys(counts).sort(), counts };
    await syncSource(pagerdutySource, pagerdutySource.parseConfig(ingestConfig(org).pagerduty, server.env), loader, () => undefined);
    return github;
  } finally {
    await loader.close();
  }
}

export const changedLine = (log: string[]) => log.find((line) => line.includes("repositories changed"));

/**
 * Syncs `before`, then `after` on the same state, and a first sync of `after` alone: the later sync must
 * land exactly what the first sync of `after` lands. `serve` starts a demo server (demoServers()).
 */
export function laterSyncOn(serve: (org: Organisation) => Promise<DemoServer>) {
  return async (before: Organisation, after: Organisation) => {
    const file = temporaryDatabase();
    await syncGitHub(await serve(before), before, file);
    const later = await syncGitHub(await serve(after), after, file);
    const reference = temporaryDatabase();
    await syncGitHub(await serve(after), after, reference);
    await expectSameRecords(file, reference, " after the later sync");
    return later;
  };
}
