import type { Commit, Deployment, DeploymentStatus, Job, PullRequest, RunAttempt, Workflow, WorkflowRun } from "../../model/organisation.ts";
import { nodeId, sha1, stableId } from "../ids.ts";
import type { RepoIndex } from "./store.ts";

/**
 * REST objects in the shapes of GitHub's OpenAPI description. Personal data the real API carries
 * (commit author names and emails) is synthesized from the login, so the extractors must drop it.
 */
export interface Urls {
  /** GITHUB_API_URL of this server. */
  api: string;
  /** When the repositories and workflows were created: the organisation's start_date. */
  createdAt: string;
}

const HTML = "https://github.com";

export function user(urls: Urls, login: string) {
  const id = stableId(login);
  const api = `${urls.api}/users/${encodeURIComponent(login)}`;
  const isBot = login.endsWith("[bot]");
  return {
    login,
    id,
    node_id: nodeId(isBot ? "Bot" : "User", id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: `${HTML}/${encodeURIComponent(login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: isBot ? "Bot" : "User",
    site_admin: false,
  };
}

function organisationUser(urls: Urls, login: string) {
  return { ...user(urls, login), node_id: nodeId("Organization", stableId(login)), type: "Organization" };
}

/** The deterministic stand-in for a person's name and email (personal data the extractors drop). */
function person(login: string | null, date: string) {
  const name = (login ?? "unknown").replace(/\[bot\]$/, "");
  return {
    name: name.replace(/[-_]/g, " ").replace(/\b\w/g, (c) => c.toUpperCase()),
    email: `${stableId(login ?? "unknown")}+${name}@users.noreply.github.com`,
    date,
  };
}

const repoUrl = (urls: Urls, index: RepoIndex) => `${urls.api}/repos/${index.repo.full_name}`;

/** `minimal-repository`: the shape of org listings and of a run's repository. */
export function minimalRepository(urls: Urls, index: RepoIndex) {
  const { repo } = index;
  const api = repoUrl(urls, index);
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: index.name,
    full_name: repo.full_name,
    private: true,
    owner: organisationUser(urls, index.owner),
    html_url: `${HTML}/${repo.full_name}`,
    description: null,
    fork: false,
    archived: repo.archived ?? false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    hooks_url: `${api}/hooks`,
  };
}

/** The repository's last push (REST `pushed_at`, GraphQL `pushedAt`): its latest commit's. */
export function repositoryPushedAt(index: RepoIndex, createdAt: string): string {
  return index.repo.commits.at(-1)?.committer_date ?? createdAt;
}

/** `repository` / `full-repository`: what `/user/repos` and `/repos/{owner}/{repo}` return. */
export function fullRepository(urls: Urls, index: RepoIndex) {
  const { repo } = index;
  const { createdAt } = urls;
  const pushedAt = repositoryPushedAt(index, createdAt);
  return {
    ...minimalRepository(urls, index),
    git_url: `git://github.com/${repo.full_name}.git`,
    ssh_url: `git@github.com:${repo.full_name}.git`,
    clone_url: `${HTML}/${repo.full_name}.git`,
    svn_url: `${HTML}/${repo.full_name}`,
    mirror_url: null,
    homepage: null,
    language: "TypeScript",
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: repo.commits.length,
    default_branch: repo.default_branch,
    open_issues_count: 0,
    open_issues: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    disabled: false,
    visibility: "private",
    license: null,
    pushed_at: pushedAt,
    created_at: createdAt,
    updated_at: pushedAt,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_forking: false,
    web_commit_signoff_required: false,
    subscribers_count: 0,
    network_count: 0,
  };
}

export function workflow(urls: Urls, index: RepoIndex, w: Workflow) {
  const { createdAt } = urls;
  return {
    id: w.id,
    node_id: nodeId("Workflow", w.id),
    name: w.name,
    path: w.path,
    state: "active",
    created_at: createdAt,
    updated_at: createdAt,
    url: `${repoUrl(urls, index)}/actions/workflows/${w.id}`,
    html_url: `${HTML}/${index.repo.full_name}/blob/${index.repo.default_branch}/${w.path}`,
    badge_url: `${HTML}/${index.repo.full_name}/workflows/${encodeURIComponent(w.name)}/badge.svg`,
  };
}

/** The attempt a run object shows: the latest one (attempts are in order). */
export function latestAttempt(run: WorkflowRun): RunAttempt | undefined {
  return run.attempts.at(-1);
}

export function runStatus(run: WorkflowRun): "completed" | "in_progress" | "queued" {
  const attempt = latestAttempt(run);
  if (!attempt) return "queued";
  if (attempt.conclusion !== null) return "completed";
  return run.status === "queued" ? "queued" : "in_progress";
}

export function runUpdatedAt(run: WorkflowRun): string {
  const attempt = latestAttempt(run);
  return attempt?.completed_at ?? attempt?.run_started_at ?? run.created_at;
}

function simpleCommit(commit: Commit) {
  return {
    id: commit.sha,
    tree_id: sha1(`tree:${commit.sha}`),
    message: commit.message,
    timestamp: commit.committer_date,
    author: (({ name, email }) => ({ name, email }))(person(commit.author_login, commit.author_date)),
    committer: { name: "GitHub", email: "noreply@github.com" },
  };
}

/** `pull-request-minimal`: the open-or-merged pull requests whose head branch a pull_request run built. */
function runPullRequests(urls: Urls, index: RepoIndex, run: WorkflowRun) {
  if (run.event !== "pull_request") return [];
  const end = (ref: string, sha: string) => ({ ref, sha, repo: { id: index.repo.id, url: repoUrl(urls, index), name: index.name } });
  return index.repo.pull_requests
    .filter((pr) => pr.head_ref === run.head_branch && pr.commit_shas.includes(run.head_sha))
    .map((pr) => ({
      id: pr.id,
      number: pr.number,
      url: `${repoUrl(urls, index)}/pulls/${pr.number}`,
      head: end(pr.head_ref, run.head_sha),
      base: end(pr.base_ref, baseSha(index, pr)),
    }));
}

export function workflowRun(urls: Urls, index: RepoIndex, run: WorkflowRun, options: { excludePullRequests?: boolean } = {}) {
  const w = index.workflowById.get(run.workflow_id);
  const attempt = latestAttempt(run);
  const head = index.commitBySha.get(run.head_sha);
  const api = `${repoUrl(urls, index)}/actions/runs/${run.id}`;
  const actor = user(urls, head?.author_login ?? "github-actions[bot]");
  return {
    id: run.id,
    name: w?.name ?? null,
    node_id: nodeId("WorkflowRun", run.id),
    head_branch: run.head_branch,
    head_sha: run.head_sha,
    path: w?.path ?? "",
    display_title: head?.message.split("\n")[0] ?? run.head_sha,
    run_number: index.runNumber.get(run.id) ?? 1,
    event: run.event,
    status: runStatus(run),
    conclusion: attempt?.conclusion ?? null,
    workflow_id: run.workflow_id,
    check_suite_id: run.id * 10,
    check_suite_node_id: nodeId("CheckSuite", run.id * 10),
    url: api,
    html_url: `${HTML}/${index.repo.full_name}/actions/runs/${run.id}`,
    pull_requests: options.excludePullRequests ? [] : runPullRequests(urls, index, run),
    created_at: run.created_at,
    updated_at: runUpdatedAt(run),
    actor,
    run_attempt: attempt?.run_attempt ?? 1,
    referenced_workflows: [],
    run_started_at: attempt?.run_started_at ?? run.created_at,
    triggering_actor: actor,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${repoUrl(urls, index)}/check-suites/${run.id * 10}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: attempt && attempt.run_attempt > 1 ? `${api}/attempts/${attempt.run_attempt - 1}` : null,
    workflow_url: `${repoUrl(urls, index)}/actions/workflows/${run.workflow_id}`,
    head_commit: head ? simpleCommit(head) : null,
    repository: minimalRepository(urls, index),
    head_repository: minimalRepository(urls, index),
  };
}

export function job(urls: Urls, index: RepoIndex, run: WorkflowRun, attempt: RunAttempt, j: Job) {
  const api = `${repoUrl(urls, index)}/actions/jobs/${j.id}`;
  return {
    id: j.id,
    run_id: run.id,
    run_url: `${repoUrl(urls, index)}/actions/runs/${run.id}`,
    run_attempt: attempt.run_attempt,
    node_id: nodeId("CheckRun", j.id),
    head_sha: run.head_sha,
    url: api,
    html_url: `${HTML}/${index.repo.full_name}/actions/runs/${run.id}/job/${j.id}`,
    status: j.completed_at !== null ? "completed" : "in_progress",
    conclusion: j.conclusion,
    created_at: attempt.run_started_at,
    started_at: j.started_at,
    completed_at: j.completed_at,
    name: j.name,
    steps: [],
    check_run_url: `${repoUrl(urls, index)}/check-runs/${j.id}`,
    labels: ["ubuntu-latest"],
    runner_id: 1,
    runner_name: "GitHub Actions 1",
    runner_group_id: 1,
    runner_group_name: "GitHub Actions",
    workflow_name: index.workflowById.get(run.workflow_id)?.name ?? null,
    head_branch: run.head_branch,
  };
}

export function deploymentUpdatedAt(d: Deployment): string {
  return d.statuses.reduce((latest, s) => (s.created_at > latest ? s.created_at : latest), d.created_at);
}

export function deployment(urls: Urls, index: RepoIndex, d: Deployment) {
  const api = `${repoUrl(urls, index)}/deployments/${d.id}`;
  return {
    url: api,
    id: d.id,
    node_id: nodeId("Deployment", d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: {},
    original_environment: d.environment,
    environment: d.environment,
    description: null,
    creator: user(urls, d.creator_login),
    created_at: d.created_at,
    updated_at: deploymentUpdatedAt(d),
    statuses_url: `${api}/statuses`,
    repository_url: repoUrl(urls, index),
    transient_environment: false,
    production_environment: /^prod(uction)?$/.test(d.environment),
  };
}

export function deploymentStatus(urls: Urls, index: RepoIndex, d: Deployment, s: DeploymentStatus) {
  const deploymentUrl = `${repoUrl(urls, index)}/deployments/${d.id}`;
  return {
    url: `${deploymentUrl}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId("DeploymentStatus", s.id),
    state: s.state,
    creator: user(urls, d.creator_login),
    description: s.description ?? "",
    environment: d.environment,
    target_url: `${HTML}/${index.repo.full_name}/deployments/${encodeURIComponent(d.environment)}`,
    log_url: `${HTML}/${index.repo.full_name}/deployments/${encodeURIComponent(d.environment)}`,
    environment_url: `${HTML}/${index.repo.full_name}/deployments/${encodeURIComponent(d.environment)}`,
    created_at: s.created_at,
    updated_at: s.created_at,
    deployment_url: deploymentUrl,
    repository_url: repoUrl(urls, index),
  };
}

/** The commit object of commit listings, pull request commits and compare. */
export function commit(urls: Urls, index: RepoIndex, c: Commit) {
  const api = `${repoUrl(urls, index)}/commits/${c.sha}`;
  const author = c.author_login ? user(urls, c.author_login) : null;
  return {
    url: api,
    sha: c.sha,
    node_id: nodeId("Commit", c.sha),
    html_url: `${HTML}/${index.repo.full_name}/commit/${c.sha}`,
    comments_url: `${api}/comments`,
    commit: {
      url: `${repoUrl(urls, index)}/git/commits/${c.sha}`,
      author: person(c.author_login, c.author_date),
      committer: { ...person(c.author_login, c.committer_date) },
      message: c.message,
      comment_count: 0,
      tree: { sha: sha1(`tree:${c.sha}`), url: `${repoUrl(urls, index)}/git/trees/${sha1(`tree:${c.sha}`)}` },
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    },
    author,
    committer: author,
    parents: c.parents.map((sha) => ({ sha, url: `${repoUrl(urls, index)}/commits/${sha}`, html_url: `${HTML}/${index.repo.full_name}/commit/${sha}` })),
  };
}

/** A `diff-entry`: line counts are made up (stable per path) since the model only knows paths. */
export function diffEntry(urls: Urls, index: RepoIndex, ref: string, filename: string) {
  const lines = (stableId(`${ref}:${filename}`) % 40) + 1;
  return {
    sha: sha1(`blob:${ref}:${filename}`),
    filename,
    status: "modified",
    additions: lines,
    deletions: Math.floor(lines / 3),
    changes: lines + Math.floor(lines / 3),
    blob_url: `${HTML}/${index.repo.full_name}/blob/${ref}/${filename}`,
    raw_url: `${HTML}/${index.repo.full_name}/raw/${ref}/${filename}`,
    contents_url: `${repoUrl(urls, index)}/contents/${filename}?ref=${ref}`,
    patch: `@@ -1,${Math.floor(lines / 3)} +1,${lines} @@`,
  };
}

/** A single commit (`GET /commits/{ref}`): the listing shape plus stats and files. */
export function commitWithFiles(urls: Urls, index: RepoIndex, c: Commit) {
  const files = c.files.slice(0, 300).map((f) => diffEntry(urls, index, c.sha, f));
  const additions = files.reduce((n, f) => n + f.additions, 0);
  const deletions = files.reduce((n, f) => n + f.deletions, 0);
  return { ...commit(urls, index, c), stats: { additions, deletions, total: additions + deletions }, files };
}

export function pullState(pr: PullRequest): "open" | "closed" {
  return pr.closed_at !== null || pr.merged_at !== null ? "closed" : "open";
}

function label(urls: Urls, index: RepoIndex, name: string) {
  const id = stableId(`${index.repo.full_name}:label:${name}`);
  return {
    id,
    node_id: nodeId("Label", id),
    url: `${repoUrl(urls, index)}/labels/${encodeURIComponent(name)}`,
    name,
    description: "",
    color: sha1(name).slice(0, 6),
    default: false,
  };
}

function branchEnd(urls: Urls, index: RepoIndex, ref: string, sha: string, login: string) {
  return { label: `${index.owner}:${ref}`, ref, sha, user: user(urls, login), repo: fullRepository(urls, index) };
}

/** base.sha: the parent of the pull request's first commit, else the base branch head. */
function baseSha(index: RepoIndex, pr: PullRequest): string {
  const first = pr.commit_shas[0] ? index.commitBySha.get(pr.commit_shas[0]) : undefined;
  return first?.parents[0] ?? index.repo.branches.find((b) => b.name === pr.base_ref)?.head_sha ?? "";
}

/** `pull-request-simple`: the shape of pull request listings. */
export function pullRequestSimple(urls: Urls, index: RepoIndex, pr: PullRequest) {
  const api = `${repoUrl(urls, index)}/pulls/${pr.number}`;
  const issue = `${repoUrl(urls, index)}/issues/${pr.number}`;
  const head = pr.commit_shas.at(-1) ?? pr.merge_commit_sha ?? "";
  return {
    url: api,
    id: pr.id,
    node_id: nodeId("PullRequest", pr.id),
    html_url: `${HTML}/${index.repo.full_name}/pull/${pr.number}`,
    diff_url: `${HTML}/${index.repo.full_name}/pull/${pr.number}.diff`,
    patch_url: `${HTML}/${index.repo.full_name}/pull/${pr.number}.patch`,
    issue_url: issue,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoUrl(urls, index)}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: `${repoUrl(urls, index)}/statuses/${head}`,
    number: pr.number,
    state: pullState(pr),
    locked: false,
    title: pr.title,
    user: user(urls, pr.author_login),
    body: pr.body,
    labels: pr.labels.map((name) => label(urls, index, name)),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.created_at,
    updated_at: pr.updated_at,
    closed_at: pr.closed_at ?? pr.merged_at,
    merged_at: pr.merged_at,
    merge_commit_sha: pr.merge_commit_sha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchEnd(urls, index, pr.head_ref, head, pr.author_login),
    base: branchEnd(urls, index, pr.base_ref, baseSha(index, pr), index.owner),
    _links: {
      self: { href: api },
      html: { href: `${HTML}/${index.repo.full_name}/pull/${pr.number}` },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${repoUrl(urls, index)}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${repoUrl(urls, index)}/statuses/${head}` },
    },
    author_association: "MEMBER",
    auto_merge: null,
    draft: false,
  };
}

/** `pull-request`: a single pull request, with counts the listing leaves out. */
export function pullRequest(urls: Urls, index: RepoIndex, pr: PullRequest) {
  const files = pr.files.map((f) => diffEntry(urls, index, pr.merge_commit_sha ?? String(pr.number), f));
  const merged = pr.merged_at !== null;
  return {
    ...pullRequestSimple(urls, index, pr),
    merged,
    mergeable: merged ? null : true,
    rebaseable: merged ? null : true,
    mergeable_state: merged ? "unknown" : "clean",
    merged_by: merged ? user(urls, pr.author_login) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pr.commit_shas.length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
  };
}
