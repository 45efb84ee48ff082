import type { Commit, PullRequest, WorkflowRun } from "../../model/organisation.ts";
import { isApiResponse, type ApiRequest, type ApiResponse, type Router } from "../router.ts";
import { ancestors, compareCommits } from "./dag.ts";
import { parseDateRange } from "./date-range.ts";
import * as objects from "./objects.ts";
import type { Urls } from "./objects.ts";
import { githubError, linkHeader, notFound, ok, paged, readPage, validationFailed } from "./responses.ts";
import { resolveRef, type GitHubStore, type RepoIndex } from "./store.ts";

/** Filters that cap the workflow run listing at 1000 results, as GitHub documents. */
const CAPPING_RUN_FILTERS = ["actor", "branch", "check_suite_id", "created", "event", "head_sha", "status"];
const RUN_STATUSES = new Set(["completed", "in_progress", "queued", "requested", "waiting", "pending"]);

const newestFirst = <T extends { created_at: string; id: number }>(a: T, b: T) =>
  b.created_at.localeCompare(a.created_at) || b.id - a.id;

/** Registers GitHub's REST routes (paths below GITHUB_API_URL) over the organisation. */
export function registerGitHubRest(router: Router, store: GitHubStore, urls: Urls): void {
  const inRepo = (handler: (request: ApiRequest, index: RepoIndex) => ApiResponse) => (request: ApiRequest) => {
    const index = store.repository(request.params.owner!, request.params.repo!);
    return index ? handler(request, index) : notFound();
  };

  router
    .add("GET", "/user/repos", (request) => {
      const sort = request.query.get("sort") ?? "full_name";
      const repos = sortRepositories(store.repos, sort, request.query.get("direction"));
      return paged(request, "Repository", repos, (index) => objects.fullRepository(urls, index));
    })
    .add("GET", "/orgs/{org}/repos", (request) => {
      if (request.params.org!.toLowerCase() !== store.org.owner.toLowerCase()) return notFound();
      const repos = sortRepositories(store.repos, request.query.get("sort") ?? "created", request.query.get("direction"));
      return paged(request, "Repository", repos, (index) => objects.minimalRepository(urls, index));
    })
    .add("GET", "/repos/{owner}/{repo}", inRepo((_request, index) => ok(objects.fullRepository(urls, index))))
    .add(
      "GET",
      "/repos/{owner}/{repo}/actions/workflows",
      inRepo((request, index) =>
        paged(request, "Workflow", index.repo.workflows, (w) => objects.workflow(urls, index, w), (workflows, total) => ({ total_count: total, workflows })),
      ),
    )
    .add(
      "GET",
      "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
      inRepo((request, index) => {
        const key = request.params.workflow_id!;
        const w = index.repo.workflows.find((x) => String(x.id) === key || x.path.split("/").at(-1) === key);
        return w ? listRuns(request, index, urls, (run) => run.workflow_id === w.id) : notFound();
      }),
    )
    .add("GET", "/repos/{owner}/{repo}/actions/runs", inRepo((request, index) => listRuns(request, index, urls, () => true)))
    .add(
      "GET",
      "/repos/{owner}/{repo}/actions/runs/{run_id}",
      inRepo((request, index) => {
        const run = index.runById.get(Number(request.params.run_id));
        return run ? ok(objects.workflowRun(urls, index, run)) : notFound();
      }),
    )
    .add(
      "GET",
      "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs",
      inRepo((request, index) => {
        const run = index.runById.get(Number(request.params.run_id));
        if (!run) return notFound();
        const filter = request.query.get("filter") ?? "latest";
        if (filter !== "latest" && filter !== "all") return validationFailed("Job", "filter");
        const attempts = filter === "all" ? run.attempts : run.attempts.slice(-1);
        return listJobs(request, index, urls, run, attempts);
      }),
    )
    .add(
      "GET",
      "/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs",
      inRepo((request, index) => {
        const run = index.runById.get(Number(request.params.run_id));
        const attempt = run?.attempts.find((a) => a.run_attempt === Number(request.params.attempt_number));
        return run && attempt ? listJobs(request, index, urls, run, [attempt]) : notFound();
      }),
    )
    .add(
      "GET",
      "/repos/{owner}/{repo}/deployments",
      inRepo((request, index) => {
        const filters = ["sha", "ref", "task", "environment"] as const;
        const deployments = index.repo.deployments
          .filter((d) => filters.every((f) => request.query.get(f) === null || d[f] === request.query.get(f)))
          .sort(newestFirst);
        return paged(request, "Deployment", deployments, (d) => objects.deployment(urls, index, d));
      }),
    )
    .add(
      "GET",
      "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
      inRepo((request, index) => {
        const d = index.deploymentById.get(Number(request.params.deployment_id));
        if (!d) return notFound();
        const statuses = [...d.statuses].sort(newestFirst);
        return paged(request, "DeploymentStatus", statuses, (s) => objects.deploymentStatus(urls, index, d, s));
      }),
    )
    .add("GET", "/repos/{owner}/{repo}/pulls", inRepo((request, index) => listPulls(request, index, urls)))
    .add(
      "GET",
      "/repos/{owner}/{repo}/pulls/{pull_number}",
      inRepo((request, index) => {
        const pr = index.pullByNumber.get(Number(request.params.pull_number));
        return pr ? ok(objects.pullRequest(urls, index, pr)) : notFound();
      }),
    )
    .add(
      "GET",
      "/repos/{owner}/{repo}/pulls/{pull_number}/commits",
      inRepo((request, index) => {
        const pr = index.pullByNumber.get(Number(request.params.pull_number));
        if (!pr) return notFound();
        // GitHub lists at most 250 commits of a pull request
        const commits = pr.commit_shas.slice(0, 250).map((sha) => index.commitBySha.get(sha)!);
        return paged(request, "Commit", commits, (c) => objects.commit(urls, index, c));
      }),
    )
    .add(
      "GET",
      "/repos/{owner}/{repo}/pulls/{pull_number}/files",
      inRepo((request, index) => {
        const pr = index.pullByNumber.get(Number(request.params.pull_number));
        if (!pr) return notFound();
        const ref = pr.merge_commit_sha ?? pr.commit_shas.at(-1) ?? String(pr.number);
        return paged(request, "PullRequestFile", pr.files.slice(0, 3000), (f) => objects.diffEntry(urls, index, ref, f));
      }),
    )
    .add("GET", "/repos/{owner}/{repo}/compare/{basehead}", inRepo((request, index) => compare(request, index, urls)), { greedy: true })
    .add(
      "GET",
      "/repos/{owner}/{repo}/commits",
      inRepo((request, index) => {
        const start = resolveRef(index, request.query.get("sha") ?? index.repo.default_branch);
        if (!start) return notFound();
        const reachable = ancestors(index, start.sha);
        const since = request.query.get("since");
        const until = request.query.get("until");
        const path = request.query.get("path");
        const author = request.query.get("author");
        const commits = index.repo.commits
          .filter((c) => reachable.has(c.sha))
          .filter((c) => since === null || Date.parse(c.committer_date) >= Date.parse(since))
          .filter((c) => until === null || Date.parse(c.committer_date) <= Date.parse(until))
          .filter((c) => path === null || c.files.some((f) => f === path || f.startsWith(`${path.replace(/\/$/, "")}/`)))
          .filter((c) => author === null || c.author_login === author)
          .sort((a, b) => b.committer_date.localeCompare(a.committer_date) || index.position.get(b.sha)! - index.position.get(a.sha)!);
        return paged(request, "Commit", commits, (c) => objects.commit(urls, index, c));
      }),
    )
    .add(
      "GET",
      "/repos/{owner}/{repo}/commits/{commit_sha}/pulls",
      inRepo((request, index) => {
        const c = resolveRef(index, request.params.commit_sha!);
        if (!c) return githubError(422, `No commit found for SHA: ${request.params.commit_sha}`);
        const pulls = c.pull_numbers.map((n) => index.pullByNumber.get(n)).filter((pr): pr is PullRequest => pr !== undefined);
        return paged(request, "PullRequest", pulls, (pr) => objects.pullRequestSimple(urls, index, pr));
      }),
    )
    .add(
      "GET",
      "/repos/{owner}/{repo}/commits/{ref}",
      inRepo((request, index) => {
        const c = resolveRef(index, request.params.ref!);
        return c ? ok(objects.commitWithFiles(urls, index, c)) : githubError(422, `No commit found for SHA: ${request.params.ref}`);
      }),
      { greedy: true },
    );
}

function sortRepositories(repos: RepoIndex[], sort: string, direction: string | null): RepoIndex[] {
  const ascending = direction ? direction === "asc" : sort === "full_name";
  const key = sort === "full_name" ? (r: RepoIndex) => r.repo.full_name.toLowerCase() : (r: RepoIndex) => String(r.repo.id).padStart(20, "0");
  const sorted = [...repos].sort((a, b) => key(a).localeCompare(key(b)));
  return ascending ? sorted : sorted.reverse();
}

function listRuns(request: ApiRequest, index: RepoIndex, urls: Urls, scope: (run: WorkflowRun) => boolean): ApiResponse {
  const q = request.query;
  const created = q.get("created");
  const inRange = created === null ? () => true : parseDateRange(created);
  if (!inRange) return validationFailed("WorkflowRun", "created");
  const status = q.get("status");
  const runs = index.repo.workflow_runs
    .filter(scope)
    .filter((run) => inRange(run.created_at))
    .filter((run) => q.get("branch") === null || run.head_branch === q.get("branch"))
    .filter((run) => q.get("event") === null || run.event === q.get("event"))
    .filter((run) => q.get("head_sha") === null || run.head_sha === q.get("head_sha"))
    .filter((run) => q.get("check_suite_id") === null || run.id * 10 === Number(q.get("check_suite_id")))
    .filter((run) => q.get("actor") === null || index.commitBySha.get(run.head_sha)?.author_login === q.get("actor"))
    .filter((run) => {
      if (status === null) return true;
      return RUN_STATUSES.has(status) ? objects.runStatus(run) === status : run.attempts.at(-1)?.conclusion === status;
    })
    .sort(newestFirst);
  // a filtered listing pages through its first 1000 runs only; total_count still says how many matched
  const capped = CAPPING_RUN_FILTERS.some((f) => q.has(f)) ? runs.slice(0, 1000) : runs;
  const excludePullRequests = q.get("exclude_pull_requests") === "true";
  return paged(
    request,
    "WorkflowRun",
    capped,
    (run) => objects.workflowRun(urls, index, run, { excludePullRequests }),
    (page) => ({ total_count: runs.length, workflow_runs: page }),
  );
}

function listJobs(request: ApiRequest, index: RepoIndex, urls: Urls, run: WorkflowRun, attempts: WorkflowRun["attempts"]): ApiResponse {
  const jobs = attempts.flatMap((attempt) => attempt.jobs.map((j) => ({ attempt, j })));
  return paged(
    request,
    "Job",
    jobs,
    ({ attempt, j }) => objects.job(urls, index, run, attempt, j),
    (page, total) => ({ total_count: total, jobs: page }),
  );
}

function listPulls(request: ApiRequest, index: RepoIndex, urls: Urls): ApiResponse {
  const q = request.query;
  const state = q.get("state") ?? "open";
  if (!["open", "closed", "all"].includes(state)) return validationFailed("PullRequest", "state");
  const sort = q.get("sort") ?? "created";
  if (!["created", "updated", "popularity", "long-running"].includes(sort)) return validationFailed("PullRequest", "sort");
  // GitHub's default direction: desc for created (or no sort), asc otherwise
  const direction = q.get("direction") ?? (sort === "created" ? "desc" : "asc");
  const head = q.get("head");
  const headRef = head?.includes(":") ? head.split(":").slice(1).join(":") : head;
  const key = (pr: PullRequest) => (sort === "updated" ? pr.updated_at : pr.created_at);
  const pulls = index.repo.pull_requests
    .filter((pr) => state === "all" || objects.pullState(pr) === state)
    .filter((pr) => q.get("base") === null || pr.base_ref === q.get("base"))
    .filter((pr) => headRef == null || pr.head_ref === headRef)
    .sort((a, b) => key(a).localeCompare(key(b)) || a.number - b.number);
  if (direction === "desc") pulls.reverse();
  return paged(request, "PullRequest", pulls, (pr) => objects.pullRequestSimple(urls, index, pr));
}

/**
 * Compare `base...head`: without paging at most the 250 newest commits and every file (up to 300);
 * with per_page or page, Link pagination over all commits, oldest first, and files on page 1 only.
 */
function compare(request: ApiRequest, index: RepoIndex, urls: Urls): ApiResponse {
  const [baseRef, headRef] = request.params.basehead!.split("...");
  if (baseRef === undefined || headRef === undefined) return notFound();
  const base = resolveRef(index, baseRef);
  const head = resolveRef(index, headRef);
  if (!base || !head) return notFound();
  const result = compareCommits(index, base, head);
  const paging = request.query.has("per_page") || request.query.has("page");
  let shown: Commit[] = result.commits.slice(-250);
  let headers: Record<string, string> = {};
  let withFiles = true;
  if (paging) {
    const p = readPage(request, "Commit");
    if (isApiResponse(p)) return p;
    const lastPage = Math.max(1, Math.ceil(result.commits.length / p.perPage));
    shown = result.commits.slice((p.page - 1) * p.perPage, p.page * p.perPage);
    const link = linkHeader(request, p.page, lastPage);
    if (link) headers = { link };
    withFiles = p.page === 1;
  }
  const files = [...new Set(result.commits.flatMap((c) => c.files))].slice(0, 300);
  const api = `${urls.api}/repos/${index.repo.full_name}`;
  const html = `https://github.com/${index.repo.full_name}`;
  const basehead = `${baseRef}...${headRef}`;
  return {
    status: 200,
    headers,
    body: {
      url: `${api}/compare/${basehead}`,
      html_url: `${html}/compare/${basehead}`,
      permalink_url: `${html}/compare/${index.owner}:${base.sha.slice(0, 7)}...${index.owner}:${head.sha.slice(0, 7)}`,
      diff_url: `${html}/compare/${basehead}.diff`,
      patch_url: `${html}/compare/${basehead}.patch`,
      base_commit: objects.commit(urls, index, base),
      merge_base_commit: objects.commit(urls, index, result.mergeBase ?? base),
      status: result.status,
      ahead_by: result.aheadBy,
      behind_by: result.behindBy,
      total_commits: result.aheadBy,
      commits: shown.map((c) => objects.commit(urls, index, c)),
      ...(withFiles ? { files: files.map((f) => objects.diffEntry(urls, index, head.sha, f)) } : {}),
    },
  };
}
