import type { Commit, Deployment, Organisation, PullRequest, Repository, Workflow, WorkflowRun } from "../../model/organisation.ts";

/** One repository with the lookups the routes need. */
export interface RepoIndex {
  repo: Repository;
  owner: string;
  name: string;
  commitBySha: Map<string, Commit>;
  /** Position in `repo.commits` (parents before children): the chronological order of compare. */
  position: Map<string, number>;
  pullByNumber: Map<number, PullRequest>;
  runById: Map<number, WorkflowRun>;
  /** run_number: the run's 1-based rank among its workflow's runs by creation. */
  runNumber: Map<number, number>;
  workflowById: Map<number, Workflow>;
  deploymentById: Map<number, Deployment>;
}

export class GitHubStore {
  readonly repos: RepoIndex[];
  private readonly byName = new Map<string, RepoIndex>();
  private readonly byId = new Map<number, RepoIndex>();
  private readonly byWorkflowId = new Map<number, RepoIndex>();

  constructor(readonly org: Organisation) {
    this.repos = org.repositories.map(indexRepository);
    for (const index of this.repos) {
      this.byName.set(index.repo.full_name.toLowerCase(), index);
      this.byId.set(index.repo.id, index);
      for (const workflow of index.repo.workflows) this.byWorkflowId.set(workflow.id, index);
    }
  }

  repositoryById(id: number): RepoIndex | undefined {
    return this.byId.get(id);
  }

  /** The repository holding a workflow (workflow ids are unique across GitHub). */
  repositoryOfWorkflow(workflowId: number): RepoIndex | undefined {
    return this.byWorkflowId.get(workflowId);
  }

  /** Owner and name are case-insensitive on GitHub. */
  repository(owner: string, name: string): RepoIndex | undefined {
    return this.byName.get(`${owner}/${name}`.toLowerCase());
  }
}

function indexRepository(repo: Repository): RepoIndex {
  const [owner, name] = repo.full_name.split("/") as [string, string];
  const commitBySha = new Map(repo.commits.map((c) => [c.sha, c]));
  for (const pr of repo.pull_requests) {
    for (const sha of pr.commit_shas) {
      if (!commitBySha.has(sha)) {
        throw new Error(`demo organisation: pull request ${repo.full_name}#${pr.number} lists commit ${sha}, which is not among the repository's commits`);
      }
    }
  }
  const runNumber = new Map<number, number>();
  const byWorkflow = new Map<number, WorkflowRun[]>();
  for (const run of repo.workflow_runs) byWorkflow.set(run.workflow_id, [...(byWorkflow.get(run.workflow_id) ?? []), run]);
  for (const runs of byWorkflow.values()) {
    runs.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id).forEach((run, i) => runNumber.set(run.id, i + 1));
  }
  return {
    repo,
    owner,
    name,
    commitBySha,
    position: new Map(repo.commits.map((c, i) => [c.sha, i])),
    pullByNumber: new Map(repo.pull_requests.map((pr) => [pr.number, pr])),
    runById: new Map(repo.workflow_runs.map((run) => [run.id, run])),
    runNumber,
    workflowById: new Map(repo.workflows.map((w) => [w.id, w])),
    deploymentById: new Map(repo.deployments.map((d) => [d.id, d])),
  };
}

/** A commit named by full sha, an unambiguous prefix of at least 4 characters, or a branch name. */
export function resolveRef(index: RepoIndex, ref: string): Commit | undefined {
  const branch = index.repo.branches.find((b) => b.name === ref);
  if (branch) return index.commitBySha.get(branch.head_sha);
  const exact = index.commitBySha.get(ref);
  if (exact) return exact;
  if (!/^[0-9a-f]{4,39}$/i.test(ref)) return undefined;
  const matches = index.repo.commits.filter((c) => c.sha.startsWith(ref.toLowerCase()));
  return matches.length === 1 ? matches[0] : undefined;
}
