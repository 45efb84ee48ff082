/**
 * How much of each generated organisation's true catalog discovery recovers, and how far the marts
 * computed with the discovered catalog are from those with the true one.
 *
 *   npx tsx bench/discovery.ts                     # seeds 1-6 of the default demo, then two larger organisations
 *   npx tsx bench/discovery.ts --seeds 1,2 --services 40 --weeks 13
 *
 * Discovery reads the demo's GitHub and PagerDuty on loopback (same process) and is scored against
 * the organisation's services (the catalog rows of `doraform demo expected`). The marts are the
 * oracle's (demo/oracle), computed once with the true catalog and once with the discovered one: a
 * row counts as the same when it keeps its service and team (deployments, changes, incidents), and
 * an organisation-wide 13-week summary is the same when every measure is equal.
 */
import { catalogRecovery } from "../demo/catalog-recovery.ts";
import { generateOrganisation, type GenerateOptions } from "../demo/generate/index.ts";
import type { Organisation } from "../demo/model/organisation.ts";
import { expectedMarts } from "../demo/oracle/index.ts";
import { startDemoServer } from "../demo/server/index.ts";
import { discoverCatalog } from "../onboarding/discovery/index.ts";

const percent = (part: number, whole: number) => (whole === 0 ? 100 : Math.round((1000 * part) / whole) / 10);

/** Rows of one mart kept with the same service and team when the catalog is the discovered one. */
function sameRows<T extends { service: string; team: string }>(truth: T[], discovered: T[], key: (row: T) => string): number {
  const found = new Map(discovered.map((row) => [key(row), row]));
  return percent(truth.filter((row) => found.get(key(row))?.service === row.service && found.get(key(row))?.team === row.team).length, truth.length);
}

async function measure(options: GenerateOptions): Promise<void> {
  const org = generateOrganisation(options);
  const server = await startDemoServer(org, {});
  const started = process.hrtime.bigint();
  const discovery = await discoverCatalog({
    github: { apiUrl: server.env.GITHUB_API_URL, credentials: { kind: "token", token: server.env.GITHUB_TOKEN }, organizations: [org.owner] },
    pagerduty: { apiUrl: server.env.PAGERDUTY_API_URL, token: server.env.PAGERDUTY_TOKEN },
    ...(org.jira && server.env.JIRA_BASE_URL
      ? { jira: { baseUrl: server.env.JIRA_BASE_URL, email: server.env.JIRA_EMAIL!, apiToken: server.env.JIRA_API_TOKEN!, projectKeys: [org.jira.project_key] } }
      : {}),
  }).finally(() => server.close());
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const discovered = discovery.services.map((p) => p.service);
  const score = catalogRecovery(org.services, discovered);

  const truth = expectedMarts(org);
  const withDiscovered = expectedMarts({ ...org, services: discovered } satisfies Organisation);
  const orgSummary = (marts: typeof truth) => JSON.stringify(marts.summary.find((row) => row.scope === "organisation" && row.window_weeks === 13));
  console.log(
    JSON.stringify({
      seed: options.seed,
      services: score.services,
      weeks: options.weeks ?? 52,
      repositories: org.repositories.length,
      recovered_pct: percent(score.recovered, score.services),
      teams_pct: percent(score.teams, score.services),
      deploy_workflows_pct: percent(score.deployWorkflows, score.services),
      pagerduty_pct: percent(score.pagerduty, score.services),
      jira_components_pct: percent(score.jiraComponents, score.services),
      extra: score.extra,
      undecided: discovery.undecided.length,
      discovery_seconds: Math.round(seconds * 10) / 10,
      same_deployments_pct: sameRows(truth.deployments, withDiscovered.deployments, (r) => r.deployment_id),
      same_changes_pct: sameRows(truth.changes, withDiscovered.changes, (r) => r.change_id),
      same_incidents_pct: sameRows(truth.incidents, withDiscovered.incidents, (r) => r.incident_id),
      org_summary_equal: orgSummary(truth) === orgSummary(withDiscovered),
    }),
  );
}

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

const seeds = (flag("seeds") ?? "1,2,3,4,5,6").split(",").map(Number);
const services = flag("services") === undefined ? undefined : Number(flag("services"));
const weeks = flag("weeks") === undefined ? undefined : Number(flag("weeks"));
for (const seed of seeds) await measure({ seed, jira: "some", services, weeks });
if (process.argv.length === 2) {
  await measure({ seed: 1, jira: "some", services: 40, weeks: 13 });
  await measure({ seed: 2, jira: "some", services: 120, weeks: 4 });
}
