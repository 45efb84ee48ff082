import { GitHubApi } from "../../ingest/github/api.ts";
import { githubAuthorization } from "../../ingest/github/auth.ts";
import type { GitHubCredentials } from "../../ingest/github/config.ts";
import { listRepositories, type RepositoryRecord } from "../../ingest/github/repositories.ts";
import { HttpClient } from "../../ingest/http/client.ts";
import { CODEOWNERS_PATHS, parseCodeowners, type CodeownersRule } from "./codeowners.ts";
import { parseWorkflow, type WorkflowFacts } from "./workflows.ts";

export interface GitHubScope {
  apiUrl: string;
  credentials: GitHubCredentials;
  /** Every repository of these organisations; with `repositories`, both. Neither: every repository the credentials list. */
  organizations?: string[];
  repositories?: string[];
}

/** A repository role, lowest first (GitHub's `permissions` keys). */
export const PERMISSIONS = ["pull", "triage", "push", "maintain", "admin"] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What GitHub tells of one repository, read once. */
export interface RepositoryFacts {
  fullName: string;
  archived: boolean;
  workflows: WorkflowFacts[];
  /** Workflow files that could not be read or parsed. */
  unreadable: string[];
  /** null: no CODEOWNERS file. */
  codeowners: CodeownersRule[] | null;
  /** GitHub teams with access, and how much. */
  teams: { slug: string; permission: Permission }[];
  environments: string[];
  /** Environments (of `environments`) that hold GitHub deployments. */
  deployedEnvironments: string[];
}

interface ContentFile {
  content?: string;
  encoding?: string;
}

interface TeamRepository {
  full_name: string;
  role_name?: string;
  permissions?: Partial<Record<Permission, boolean>>;
}

/** The GitHub client for discovery: the extractor's own (auth, retries, rate-limit waits, paging). */
export function gitHubApi(scope: GitHubScope, concurrency: number, log: (message: string) => void): GitHubApi {
  const authorization = githubAuthorization(scope.credentials, scope.apiUrl);
  const http = new HttpClient({
    source: "github",
    baseUrl: scope.apiUrl,
    concurrency,
    log,
    headers: async () => ({ authorization: await authorization(), accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28", "user-agent": "doraform" }),
  });
  return new GitHubApi(http, `${scope.apiUrl.replace(/\/$/, "")}/graphql`);
}

/** Every repository in scope with its workflow files, CODEOWNERS, environments and teams. */
export async function readRepositories(api: GitHubApi, scope: GitHubScope): Promise<{ repositories: RepositoryFacts[]; notes: string[] }> {
  const records = await listRepositories(api, { repositories: scope.repositories ?? [], organizations: scope.organizations ?? [], credentials: scope.credentials });
  const owners = [...new Set(records.map((r) => r.full_name.split("/")[0]!))];
  const notes: string[] = [];
  const access = new Map<string, RepositoryFacts["teams"]>();
  for (const owner of owners) {
    const read = await readTeamAccess(api, owner, access);
    if (!read) notes.push(`${owner}: its GitHub teams could not be read (a user account, or the token lacks members:read): owners come from CODEOWNERS only`);
  }
  const repositories = await Promise.all(records.map((record) => readRepository(api, record, access.get(record.full_name.toLowerCase()) ?? [])));
  return { repositories, notes };
}

async function readRepository(api: GitHubApi, record: RepositoryRecord, teams: RepositoryFacts["teams"]): Promise<RepositoryFacts> {
  const base = `/repos/${record.full_name}`;
  const facts: RepositoryFacts = { fullName: record.full_name, archived: record.archived, workflows: [], unreadable: [], codeowners: null, teams, environments: [], deployedEnvironments: [] };
  // an archived repository is left out: nothing more to read
  if (record.archived) return facts;
  const paths: string[] = [];
  for await (const workflow of api.list(`${base}/actions/workflows`, {}, (page: { workflows: Array<{ path: string }> }) => page.workflows)) paths.push(workflow.path);
  for (const path of paths) {
    const text = await fileText(api, base, path);
    const parsed = text === null ? null : parseWorkflow(path, text);
    if (parsed) facts.workflows.push(parsed);
    else facts.unreadable.push(path);
  }
  for (const path of CODEOWNERS_PATHS) {
    const text = await fileText(api, base, path);
    if (text !== null) {
      facts.codeowners = parseCodeowners(text);
      break;
    }
  }
  for await (const environment of api.list(`${base}/environments`, {}, (page: { environments?: Array<{ name: string }> }) => page.environments ?? [])) {
    facts.environments.push(environment.name);
  }
  for (const environment of facts.environments) {
    const deployments = await api.get<unknown[]>(`${base}/deployments`, { query: { environment, per_page: 1 } });
    if (deployments.body.length > 0) facts.deployedEnvironments.push(environment);
  }
  return facts;
}

/** A file's text at the default branch, or null when there is none. */
async function fileText(api: GitHubApi, base: string, path: string): Promise<string | null> {
  const response = await api.get<ContentFile | unknown[]>(`${base}/contents/${path.split("/").map(encodeURIComponent).join("/")}`, { allow: [404] });
  const body = response.body;
  if (response.status !== 200 || Array.isArray(body) || typeof body?.content !== "string") return null;
  return body.encoding === "base64" ? Buffer.from(body.content, "base64").toString("utf8") : body.content;
}

/** Each team's role on each repository it reaches, keyed by the repository's lower-cased full name; false when teams cannot be listed. */
async function readTeamAccess(api: GitHubApi, owner: string, into: Map<string, RepositoryFacts["teams"]>): Promise<boolean> {
  const first = await api.get<Array<{ slug: string }>>(`/orgs/${owner}/teams`, { query: { per_page: 100 }, allow: [403, 404] });
  if (first.status !== 200) return false;
  const slugs: string[] = [];
  for await (const page of api.pages(first)) slugs.push(...page.map((team) => team.slug));
  for (const slug of slugs) {
    for await (const repo of api.list(`/orgs/${owner}/teams/${slug}/repos`, {}, (page: TeamRepository[]) => page)) {
      const key = repo.full_name.toLowerCase();
      into.set(key, [...(into.get(key) ?? []), { slug, permission: permissionOf(repo) }]);
    }
  }
  return true;
}

function permissionOf(repo: TeamRepository): Permission {
  const byRole: Record<string, Permission> = { read: "pull", write: "push", triage: "triage", maintain: "maintain", admin: "admin" };
  const named = repo.role_name ? byRole[repo.role_name] : undefined;
  return named ?? [...PERMISSIONS].reverse().find((p) => repo.permissions?.[p]) ?? "pull";
}
