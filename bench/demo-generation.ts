/**
 * Generation time and peak memory of the demo organisation, streamed slice by slice.
 *
 *   npx tsx bench/demo-generation.ts            # the default demo, then the large organisation, each in its own process
 *   npx tsx bench/demo-generation.ts large      # one size: tiny | default | large
 *   npx tsx bench/demo-generation.ts large --services 100 --weeks 52
 *
 * Rows are what the extractors would land: workflow runs, jobs of every attempt, pull requests,
 * commits, GitHub deployments and their statuses, incidents, notes and change events. Each slice
 * is also serialised to JSON (as a scenario file or the demo server would), and its bytes counted.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SIZES, generateOrganisationSlices, type GenerateOptions } from "../demo/generate/index.ts";
import type { Organisation } from "../demo/model/organisation.ts";

type Size = keyof typeof SIZES;

function rowsOf(slice: Organisation): number {
  let rows = slice.pagerduty.incidents.length + slice.pagerduty.change_events.length;
  for (const incident of slice.pagerduty.incidents) rows += incident.notes.length;
  for (const repo of slice.repositories) {
    rows += repo.commits.length + repo.pull_requests.length + repo.workflow_runs.length + repo.deployments.length;
    for (const run of repo.workflow_runs) for (const attempt of run.attempts) rows += attempt.jobs.length;
    for (const deployment of repo.deployments) rows += deployment.statuses.length;
  }
  return rows;
}

function measure(size: Size, overrides: GenerateOptions): void {
  const options = { ...SIZES[size], ...overrides };
  const started = process.hrtime.bigint();
  let slices = 0;
  let services = 0;
  let rows = 0;
  let bytes = 0;
  for (const slice of generateOrganisationSlices(options)) {
    slices++;
    services += slice.services.length;
    rows += rowsOf(slice);
    bytes += Buffer.byteLength(JSON.stringify(slice));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      size,
      services,
      weeks: options.weeks ?? 52,
      repositories: slices,
      rows,
      json_mib: Math.round(bytes / 2 ** 20),
      seconds: Math.round(seconds * 10) / 10,
      rows_per_second: Math.round(rows / seconds),
      peak_rss_mib: Math.round(peakMiB),
    }),
  );
}

const [size, ...rest] = process.argv.slice(2);
const knob = (name: string) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? Number(rest[i + 1]) : undefined;
};
if (size === undefined) {
  for (const each of ["default", "large"] as const) {
    // each size in a fresh process, so peak RSS is its own
    execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), each], { stdio: "inherit" });
  }
} else if (size in SIZES) {
  const overrides = Object.fromEntries(
    Object.entries({ services: knob("services"), weeks: knob("weeks"), seed: knob("seed") }).filter(([, v]) => v !== undefined),
  );
  measure(size as Size, overrides);
} else {
  console.error(`bench/demo-generation.ts: unknown size "${size}" (tiny, default or large)`);
  process.exit(1);
}
