import type { RepositoryFile } from "../../model/organisation.ts";
import { nodeId, sha1, stableId } from "../ids.ts";
import type { ApiRequest, ApiResponse, Router } from "../router.ts";
import type { Urls } from "./objects.ts";
import { notFound, ok, paged } from "./responses.ts";
import type { GitHubStore, RepoIndex } from "./store.ts";

const HTML = "https://github.com";

/**
 * What a repository holds besides its history: files through the contents API (`content-file`,
 * base64 wrapped at 60 characters as GitHub sends it, or `content-directory`) and its deployment
 * environments (`environment`). Files are those of the default branch's head whatever `ref` asks.
 */
export function registerGitHubContents(router: Router, store: GitHubStore, urls: Urls): void {
  const inRepo = (handler: (request: ApiRequest, index: RepoIndex) => ApiResponse) => (request: ApiRequest) => {
    const index = store.repository(request.params.owner!, request.params.repo!);
    return index ? handler(request, index) : notFound();
  };
  router
    .add(
      "GET",
      "/repos/{owner}/{repo}/contents/{path}",
      inRepo((request, index) => {
        const path = request.params.path!.replace(/^\/+|\/+$/g, "");
        const files = index.repo.files ?? [];
        const file = files.find((f) => f.path === path);
        if (file) return ok(contentFile(urls, index, file));
        const entries = directoryEntries(files, path);
        return entries.length > 0 ? ok(entries.map((entry) => directoryEntry(urls, index, entry))) : notFound();
      }),
      { greedy: true },
    )
    .add(
      "GET",
      "/repos/{owner}/{repo}/environments",
      inRepo((request, index) =>
        paged(request, "Environment", index.repo.environments ?? [], (name) => environment(urls, index, name), (environments, total) => ({ total_count: total, environments })),
      ),
    );
}

/** A git blob's id: sha1 over "blob <size>\0<content>". */
const blobSha = (content: string) => sha1(`blob ${Buffer.byteLength(content)}\0${content}`);

function links(urls: Urls, index: RepoIndex, path: string, sha: string, kind: "blob" | "tree") {
  const self = `${urls.api}/repos/${index.repo.full_name}/contents/${path}?ref=${index.repo.default_branch}`;
  const git = `${urls.api}/repos/${index.repo.full_name}/git/${kind}s/${sha}`;
  const html = `${HTML}/${index.repo.full_name}/${kind}/${index.repo.default_branch}/${path}`;
  return { url: self, git_url: git, html_url: html, _links: { self, git, html } };
}

function contentFile(urls: Urls, index: RepoIndex, file: RepositoryFile) {
  const sha = blobSha(file.content);
  const base64 = Buffer.from(file.content).toString("base64");
  return {
    type: "file",
    encoding: "base64",
    size: Buffer.byteLength(file.content),
    name: file.path.split("/").at(-1)!,
    path: file.path,
    content: `${base64.match(/.{1,60}/g)?.join("\n") ?? ""}\n`,
    sha,
    download_url: `https://raw.githubusercontent.com/${index.repo.full_name}/${index.repo.default_branch}/${file.path}`,
    ...links(urls, index, file.path, sha, "blob"),
  };
}

interface Entry {
  path: string;
  type: "file" | "dir";
  file?: RepositoryFile;
}

/** The files and folders directly inside `path` ("" is the root). */
function directoryEntries(files: RepositoryFile[], path: string): Entry[] {
  const prefix = path === "" ? "" : `${path}/`;
  const entries = new Map<string, Entry>();
  for (const file of files) {
    if (!file.path.startsWith(prefix)) continue;
    const [head, ...rest] = file.path.slice(prefix.length).split("/");
    const entryPath = `${prefix}${head}`;
    entries.set(entryPath, rest.length === 0 ? { path: entryPath, type: "file", file } : { path: entryPath, type: "dir" });
  }
  return [...entries.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function directoryEntry(urls: Urls, index: RepoIndex, entry: Entry) {
  const sha = entry.file ? blobSha(entry.file.content) : sha1(`tree ${entry.path}`);
  return {
    type: entry.type,
    size: entry.file ? Buffer.byteLength(entry.file.content) : 0,
    name: entry.path.split("/").at(-1)!,
    path: entry.path,
    sha,
    download_url: entry.file ? `https://raw.githubusercontent.com/${index.repo.full_name}/${index.repo.default_branch}/${entry.path}` : null,
    ...links(urls, index, entry.path, sha, entry.type === "file" ? "blob" : "tree"),
  };
}

function environment(urls: Urls, index: RepoIndex, name: string) {
  const id = stableId(`${index.repo.full_name}:environment:${name}`);
  return {
    id,
    node_id: nodeId("Environment", id),
    name,
    url: `${urls.api}/repos/${index.repo.full_name}/environments/${encodeURIComponent(name)}`,
    html_url: `${HTML}/${index.repo.full_name}/deployments/activity_log?environments_filter=${encodeURIComponent(name)}`,
    created_at: urls.createdAt,
    updated_at: urls.createdAt,
    protection_rules: [],
    deployment_branch_policy: null,
  };
}
