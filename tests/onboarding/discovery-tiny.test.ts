import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Organisation, Repository, RepositoryFile, TeamAccess } from "../../demo/model/organisation.ts";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { discoverCatalog } from "../../onboarding/discovery/index.ts";
import type { Discovery } from "../../core/discovery.ts";

/**
 * A tiny organisation written by hand, every proposal worked out from its files:
 * - acme/shop, a monorepo: deploy-cart.yml (paths services/cart/**, job deploy in production, then
 *   notify) and release-search.yml (paths services/search/**, environment "prod"); CODEOWNERS gives
 *   the whole repository to @acme/web and services/search/ to @acme/discovery.
 * - acme/billing-api: cd.yml, its only job `ship` in production; no CODEOWNERS; team money maintains it.
 * - acme/ledger: deploy.yml in production; no CODEOWNERS; teams money and platform both admin: money
 *   owns another service (billing-api), platform none (docs deploys nothing), so money, as a guess.
 * - acme/payouts: deploy.yml in production; no CODEOWNERS; teams money and web both admin, and both
 *   own other services: undecided.
 * - acme/docs: a CI workflow only. acme/old-billing: archived.
 * - engineering can push to every repository, so its access tells nothing.
 * PagerDuty: "Cart (prod)", "Search API (production)", "Billing API (prod)", "Ledger DB", "Shared Infra".
 */
const workflow = (name: string, jobs: string, paths?: string) =>
  `name: ${name}\non:\n  push:\n    branches: [main]\n${paths ? `    paths:\n      - '${paths}'\n` : ""}  workflow_dispatch:\njobs:\n${jobs}`;
const CART = workflow("Deploy cart", "  build:\n    runs-on: ubuntu-latest\n  deploy:\n    needs: build\n    environment:\n      name: production\n  notify:\n    needs: [deploy]\n", "services/cart/**");
const SEARCH = workflow("Release search", "  release:\n    environment: prod\n", "services/search/**");
const BILLING = workflow("CD", "  test:\n    runs-on: ubuntu-latest\n  ship:\n    needs: test\n    environment: production\n");
const LEDGER = workflow("Deploy", "  deploy:\n    environment: Production\n");
const CI = workflow("CI", "  test:\n    runs-on: ubuntu-latest\n  preview:\n    environment: staging\n");

let nextId = 1;
function repository(name: string, files: RepositoryFile[], teams: TeamAccess[], archived = false): Repository {
  const workflows = files.filter((f) => f.path.startsWith(".github/workflows/")).map((f) => ({ id: nextId++, name: f.path, path: f.path }));
  return {
    id: 100 + nextId++,
    full_name: `acme/${name}`,
    default_branch: "main",
    commits: [],
    branches: [],
    pull_requests: [],
    workflows,
    workflow_runs: [],
    deployments: [],
    files,
    environments: ["production"],
    team_access: [...teams, { team: "engineering", permission: "push" }],
    ...(archived ? { archived } : {}),
  };
}

function organisation(): Organisation {
  return {
    as_of: "2026-11-25T12:00:00Z",
    start_date: "2026-09-01",
    owner: "acme",
    teams: [],
    services: [],
    repositories: [
      repository("shop", [
        { path: ".github/workflows/deploy-cart.yml", content: CART },
        { path: ".github/workflows/release-search.yml", content: SEARCH },
        { path: ".github/CODEOWNERS", content: "* @acme/web\n/services/search/ @acme/discovery # search moved teams\n" },
      ], [{ team: "web", permission: "maintain" }]),
      repository("billing-api", [{ path: ".github/workflows/cd.yml", content: BILLING }], [{ team: "money", permission: "maintain" }]),
      repository("ledger", [{ path: ".github/workflows/deploy.yml", content: LEDGER }], [
        { team: "money", permission: "admin" },
        { team: "platform", permission: "admin" },
      ]),
      repository("payouts", [{ path: ".github/workflows/deploy.yml", content: LEDGER }], [
        { team: "money", permission: "admin" },
        { team: "web", permission: "admin" },
      ]),
      repository("docs", [{ path: ".github/workflows/ci.yml", content: CI }], [{ team: "platform", permission: "maintain" }]),
      repository("old-billing", [{ path: ".github/workflows/deploy.yml", content: LEDGER }], [{ team: "money", permission: "admin" }], true),
    ],
    pagerduty: {
      services: [
        { id: "PCART01", name: "Cart (prod)", created_at: "2026-01-01T00:00:00Z" },
        { id: "PSRCH01", name: "Search API (production)", created_at: "2026-01-01T00:00:00Z" },
        { id: "PBILL01", name: "Billing API (prod)", created_at: "2026-01-01T00:00:00Z" },
        { id: "PLEDG01", name: "Ledger DB", created_at: "2026-01-01T00:00:00Z" },
        { id: "PSHAR01", name: "Shared Infra", created_at: "2026-01-01T00:00:00Z" },
      ],
      incidents: [],
      change_events: [],
    },
  };
}

let server: DemoServer;
let discovery: Discovery;
beforeAll(async () => {
  server = await startDemoServer(organisation(), {});
  discovery = await discoverCatalog({
    github: { apiUrl: server.env.GITHUB_API_URL, credentials: { kind: "token", token: server.env.GITHUB_TOKEN }, organizations: ["acme"] },
    pagerduty: { apiUrl: server.env.PAGERDUTY_API_URL, token: server.env.PAGERDUTY_TOKEN },
  });
}, 60_000);
afterAll(() => server.close());

describe("catalog discovery on a hand-written organisation", () => {
  it("proposes each service with how it was inferred and how sure it is", () => {
    expect(discovery.services).toEqual([
      {
        service: { name: "billing-api", team: "money", repository: "acme/billing-api", deploy_workflows: [".github/workflows/cd.yml"], pagerduty_service_ids: ["PBILL01"] },
        how: 'cd.yml deploys to production; GitHub team money has the highest role (maintain); PagerDuty "Billing API (prod)" by name',
        confidence: "likely",
      },
      {
        service: {
          name: "cart",
          team: "web",
          repository: "acme/shop",
          deploy_workflows: [".github/workflows/deploy-cart.yml"],
          deploy_job: "deploy",
          path_prefixes: ["services/cart/"],
          pagerduty_service_ids: ["PCART01"],
        },
        how: 'deploy-cart.yml deploys to production; told apart by the paths filter services/cart/; CODEOWNERS names team web for services/cart/; PagerDuty "Cart (prod)" by name',
        confidence: "likely",
      },
      {
        service: { name: "ledger", team: "money", repository: "acme/ledger", deploy_workflows: [".github/workflows/deploy.yml"], pagerduty_service_ids: ["PLEDG01"] },
        how: 'deploy.yml deploys to Production; GitHub teams money, platform share the highest role (admin); money owns other services, platform none; PagerDuty "Ledger DB" by name',
        confidence: "guess",
      },
      {
        service: { name: "payouts", team: "unassigned", repository: "acme/payouts", deploy_workflows: [".github/workflows/deploy.yml"], pagerduty_service_ids: [] },
        how: "deploy.yml deploys to Production; owner unknown",
        confidence: "guess",
      },
      {
        service: { name: "search", team: "discovery", repository: "acme/shop", deploy_workflows: [".github/workflows/release-search.yml"], path_prefixes: ["services/search/"], pagerduty_service_ids: ["PSRCH01"] },
        how: 'release-search.yml deploys to prod; told apart by the paths filter services/search/; CODEOWNERS names team discovery for services/search/; PagerDuty "Search API (production)" by name',
        confidence: "likely",
      },
    ]);
  });

  it("lists what it could not decide, one line each", () => {
    expect(discovery.undecided).toEqual([
      "acme/docs: no workflow deploys to a production environment: not proposed as a service",
      "acme/old-billing: archived: left out",
      "payouts (acme/payouts): no owner found (GitHub teams money, web share the highest role (admin)): team unassigned proposed",
      'PagerDuty service "Shared Infra" (PSHAR01) matches no service by name: add its id to a service\'s pagerduty_service_ids',
    ]);
  });
});
