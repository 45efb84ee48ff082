import type { GitHubApi } from "./api.ts";
import type { GitHubConfig } from "./config.ts";
import type { Repository } from "./context.ts";

export interface RepositoryRecord extends Repository {
  /** Its GraphQL id: the change query asks about repositories by it. */
  node_id: string;
  name: string;
  archived: boolean;
  html_url: string;
}

/**
 * The repositories to sync: the listed ones, every repository of the listed organisations, or, with
 * neither, every repository the credentials can list (as Airbyte's sources do by default).
 */
export async function listRepositories(api: GitHubApi, config: Pick<GitHubConfig, "repositories" | "organizations" | "credentials">): Promise<RepositoryRecord[]> {
  const found = new Map<string, RepositoryRecord>();
  const keep = (repo: RepositoryRecord) => found.set(repo.full_name.toLowerCase(), repo);
  for (const name of config.repositories) keep((await api.get<RepositoryRecord>(`/repos/${name}`)).body);
  for (const org of config.organizations) {
    for await (const repo of api.list(`/orgs/${org}/repos`, { type: "all" }, (page: RepositoryRecord[]) => page)) keep(repo);
  }
  if (config.repositories.length === 0 && config.organizations.length === 0) {
    // an App installation token cannot list /user/repos; it lists what it was granted
    const everything =
      config.credentials.kind === "app"
        ? api.list("/installation/repositories", {}, (page: { repositories: RepositoryRecord[] }) => page.repositories)
        : api.list("/user/repos", {}, (page: RepositoryRecord[]) => page);
    for await (const repo of everything) keep(repo);
  }
  return [...found.values()].sort((a, b) => a.full_name.localeCompare(b.full_name));
}

/** One cheap request that proves the credentials can read what the config names. */
export async function checkAccess(api: GitHubApi, config: GitHubConfig): Promise<void> {
  for (const name of config.repositories) await api.get(`/repos/${name}`);
  for (const org of config.organizations) await api.get(`/orgs/${org}/repos`, { query: { per_page: 1 } });
  if (config.repositories.length === 0 && config.organizations.length === 0) {
    await api.get(config.credentials.kind === "app" ? "/installation/repositories" : "/user/repos", { query: { per_page: 1 } });
  }
}
