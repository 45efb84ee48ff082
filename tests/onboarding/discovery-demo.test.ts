import { describe, expect, it } from "vitest";
import { catalogRecovery } from "../../demo/catalog-recovery.ts";
import { generateOrganisation } from "../../demo/generate/index.ts";
import type { Service } from "../../demo/model/organisation.ts";
import { expectedRows } from "../../demo/oracle/index.ts";
import { startDemoServer } from "../../demo/server/index.ts";
import { discoverCatalog } from "../../onboarding/discovery/index.ts";

/** The true catalog as `doraform demo expected` prints it: the rows of table "catalog". */
function trueCatalog(org: ReturnType<typeof generateOrganisation>): Service[] {
  return expectedRows(org)
    .filter((row) => row.table === "catalog")
    .map(({ table: _table, ...service }) => service as unknown as Service);
}

describe("catalog discovery against the demo's GitHub and PagerDuty on loopback", () => {
  it.each([1, 2, 3])(
    "seed %i: recovers at least 90% of the services, and 80% of their teams, PagerDuty services and Jira components",
    async (seed) => {
      const org = generateOrganisation({ seed, jira: "some" });
      const server = await startDemoServer(org, {});
      try {
        const discovery = await discoverCatalog({
          github: { apiUrl: server.env.GITHUB_API_URL, credentials: { kind: "token", token: server.env.GITHUB_TOKEN }, organizations: [org.owner] },
          pagerduty: { apiUrl: server.env.PAGERDUTY_API_URL, token: server.env.PAGERDUTY_TOKEN },
          jira: { baseUrl: server.env.JIRA_BASE_URL!, email: server.env.JIRA_EMAIL!, apiToken: server.env.JIRA_API_TOKEN!, projectKeys: [org.jira!.project_key] },
        });
        const truth = trueCatalog(org);
        const score = catalogRecovery(truth, discovery.services.map((p) => p.service));
        expect(score.services).toBe(truth.length);
        expect(score.recovered / score.services).toBeGreaterThanOrEqual(0.9);
        expect(score.teams / score.services).toBeGreaterThanOrEqual(0.8);
        expect(score.pagerduty / score.services).toBeGreaterThanOrEqual(0.8);
        expect(score.jiraComponents / score.services).toBeGreaterThanOrEqual(0.8);
        expect(score.extra).toBe(0);
        // what it left out says why: the archived repository, the one that never deploys, the unmapped PagerDuty service
        expect(discovery.undecided).toContain(`${org.owner}/legacy-api: archived: left out`);
        expect(discovery.undecided).toContain(`${org.owner}/terraform-modules: no workflow deploys to a production environment: not proposed as a service`);
        expect(discovery.undecided.some((line) => line.startsWith('PagerDuty service "Shared Infrastructure"'))).toBe(true);
      } finally {
        await server.close();
      }
    },
    120_000,
  );
});
