import type { TeamAccess, TeamPermission } from "../../model/organisation.ts";
import type { ApiRequest, Router } from "../router.ts";
import { nodeId, stableId } from "../ids.ts";
import { minimalRepository, type Urls } from "./objects.ts";
import { notFound, paged } from "./responses.ts";
import type { GitHubStore, RepoIndex } from "./store.ts";

const HTML = "https://github.com";
const RANK: TeamPermission[] = ["pull", "triage", "push", "maintain", "admin"];

/**
 * The organisation's GitHub teams and the repositories they reach, as GitHub's REST API lists them
 * (`team`, and `minimal-repository` with the team's `permissions` and `role_name`). A team exists
 * when some repository grants it access (the demo model keeps access on the repositories).
 */
export function registerGitHubTeams(router: Router, store: GitHubStore, urls: Urls): void {
  const inOrg = (request: ApiRequest) => request.params.org!.toLowerCase() === store.org.owner.toLowerCase();
  const accessOf = (index: RepoIndex, slug: string) => index.repo.team_access?.find((a) => a.team === slug);
  router
    .add("GET", "/orgs/{org}/teams", (request) => {
      if (!inOrg(request)) return notFound();
      return paged(request, "Team", teamSlugs(store), (slug) => team(urls, store.org.owner, slug));
    })
    .add("GET", "/orgs/{org}/teams/{team_slug}/repos", (request) => {
      const slug = request.params.team_slug!;
      if (!inOrg(request) || !teamSlugs(store).includes(slug)) return notFound();
      const reached = store.repos.filter((index) => accessOf(index, slug) !== undefined);
      return paged(request, "Repository", reached, (index) => ({
        ...minimalRepository(urls, index),
        permissions: permissions(accessOf(index, slug)!.permission),
        role_name: roleName(accessOf(index, slug)!.permission),
      }));
    })
    .add("GET", "/repos/{owner}/{repo}/teams", (request) => {
      const index = store.repository(request.params.owner!, request.params.repo!);
      if (!index) return notFound();
      return paged(request, "Team", index.repo.team_access ?? [], (access: TeamAccess) => team(urls, index.owner, access.team, access.permission));
    });
}

function teamSlugs(store: GitHubStore): string[] {
  return [...new Set(store.repos.flatMap((index) => (index.repo.team_access ?? []).map((a) => a.team)))].sort();
}

/** `team`: `permission` is the team's role on the repository asked about, else the default "pull". */
function team(urls: Urls, org: string, slug: string, permission: TeamPermission = "pull") {
  const id = stableId(`team:${slug}`);
  const api = `${urls.api}/organizations/${stableId(org)}/team/${id}`;
  return {
    id,
    node_id: nodeId("Team", id),
    url: api,
    html_url: `${HTML}/orgs/${org}/teams/${slug}`,
    name: slug.replace(/(^|-)(\w)/g, (_, dash: string, c: string) => `${dash ? " " : ""}${c.toUpperCase()}`),
    slug,
    description: null,
    privacy: "closed",
    notification_setting: "notifications_enabled",
    permission: roleName(permission),
    permissions: permissions(permission),
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    type: "organization",
    organization_id: stableId(org),
    parent: null,
  };
}

/** GitHub's role names: push and pull are "write" and "read". */
function roleName(permission: TeamPermission): string {
  return permission === "push" ? "write" : permission === "pull" ? "read" : permission;
}

function permissions(permission: TeamPermission) {
  const rank = RANK.indexOf(permission);
  return Object.fromEntries(RANK.map((p, i) => [p, i <= rank])) as Record<TeamPermission, boolean>;
}
