import type { Commit, Organisation, PullRequest, Repository } from "../model/organisation.ts";
import { touches, type Catalog } from "./catalog.ts";
import type { DeploymentContents } from "./contents.ts";
import type { BaseDeployment } from "./deployments.ts";
import type { ChangeRow } from "./marts.ts";
import type { ResolvedSettings } from "./settings.ts";
import { isoTimestamp, secondsBetween, toMs } from "./time.ts";
import { sortByText } from "./order.ts";

/** GitHub lists at most this many commits of a pull request. */
const LISTED_COMMITS = 250;

interface Candidate {
  idBase: string;
  pullNumber: number | null;
  sha: string;
  files: string[];
  firstCommitAt: string;
  openedAt: string | null;
  firstReviewedAt: string | null;
  mergedAt: string;
}

/**
 * The first review that picked the pull request up (docs/metrics.md#decision-66): submitted by a
 * person other than its author (a "[bot]" login is a bot account; bot logins are settings) and not
 * after the merge.
 */
function firstReview(pull: PullRequest, botLogins: Set<string>): string | null {
  const merged = toMs(pull.merged_at as string);
  const times = (pull.reviews ?? [])
    .filter((review) => review.author_login !== pull.author_login && !review.author_login.endsWith("[bot]") && !botLogins.has(review.author_login))
    .map((review) => review.submitted_at)
    .filter((submitted): submitted is string => submitted !== null && toMs(submitted) <= merged);
  return times.length === 0 ? null : times.reduce((a, b) => (toMs(b) < toMs(a) ? b : a));
}

function pullRequestCandidate(repository: Repository, pull: PullRequest, commits: Map<string, Commit>, botLogins: Set<string>): Candidate {
  const authored = pull.commit_shas
    .slice(0, LISTED_COMMITS)
    .map((sha) => commits.get(sha)?.author_date)
    .filter((date): date is string => date !== undefined);
  const firstCommitAt = [pull.created_at, ...authored].reduce((a, b) => (toMs(b) < toMs(a) ? b : a));
  return {
    idBase: `gh-pr:${repository.full_name}#${pull.number}`,
    pullNumber: pull.number,
    sha: pull.merge_commit_sha as string,
    files: pull.files,
    firstCommitAt,
    openedAt: pull.created_at,
    firstReviewedAt: firstReview(pull, botLogins),
    mergedAt: pull.merged_at as string,
  };
}

function directPushCandidate(repository: Repository, commit: Commit): Candidate {
  // decision 10: a direct push is merged when committed, first committed when authored
  return {
    idBase: `gh-commit:${repository.full_name}@${commit.sha}`,
    pullNumber: null,
    sha: commit.sha,
    files: commit.files,
    firstCommitAt: commit.author_date,
    openedAt: null,
    firstReviewedAt: null,
    mergedAt: commit.committer_date,
  };
}

function seconds(start: string | null, end: string | null): number | null {
  return start === null || end === null ? null : secondsBetween(start, end);
}

/** Every merged change (docs/metrics.md, Change and lead time) and how many pull requests the overrides excluded. */
export function buildChanges(
  org: Organisation,
  catalog: Catalog,
  settings: ResolvedSettings,
  contents: DeploymentContents,
): { changes: ChangeRow[]; excludedPullRequests: number } {
  const excludedAuthors = new Set(org.overrides?.exclude_pull_request_authors ?? []);
  const excludedLabels = new Set(org.overrides?.exclude_pull_request_labels ?? []);
  const changes: ChangeRow[] = [];
  let excludedPullRequests = 0;

  for (const repository of org.repositories) {
    const commits = new Map(repository.commits.map((commit) => [commit.sha, commit]));
    const deployBranch = (ref: string) => ref === repository.default_branch || settings.releaseBranchPattern.test(ref);
    const candidates: { candidate: Candidate; onlyDeployed: boolean }[] = [];
    for (const pull of repository.pull_requests) {
      if (pull.merged_at === null || pull.merge_commit_sha === null || !deployBranch(pull.base_ref)) continue;
      if (excludedAuthors.has(pull.author_login) || pull.labels.some((label) => excludedLabels.has(label))) {
        excludedPullRequests += 1;
        continue;
      }
      if (settings.botLogins.has(pull.author_login)) continue;
      candidates.push({ candidate: pullRequestCandidate(repository, pull, commits, settings.botLogins), onlyDeployed: false });
    }
    for (const commit of repository.commits) {
      if (commit.pull_numbers.length > 0 || (commit.author_login !== null && settings.botLogins.has(commit.author_login))) continue;
      // decision 22: a direct push is seen only through the contents of a deployment
      candidates.push({ candidate: directPushCandidate(repository, commit), onlyDeployed: true });
    }

    const monorepo = catalog.isMonorepo(repository.full_name);
    for (const { candidate, onlyDeployed } of candidates) {
      for (const service of catalog.servicesOf(repository.full_name)) {
        if (!touches(service, candidate.files)) continue;
        const timeline = contents.timeline.get(service.name) ?? [];
        const deployment = contents.firstShippedBy.get(service.name)?.get(candidate.sha);
        if (onlyDeployed && !deployment) continue;
        changes.push(changeRow(candidate, service.name, service.team, repository.full_name, monorepo, deployment, timeline[0]));
      }
    }
  }
  return { changes: sortByText(changes, (change) => change.change_id), excludedPullRequests };
}

function changeRow(
  candidate: Candidate,
  service: string,
  team: string,
  repository: string,
  monorepo: boolean,
  deployment: BaseDeployment | undefined,
  firstObserved: BaseDeployment | undefined,
): ChangeRow {
  const deployedAt = deployment?.finished_at ?? null;
  const status = deployment
    ? "deployed"
    : firstObserved && toMs(candidate.mergedAt) > toMs(firstObserved.finished_at)
      ? "pending"
      : "unknown";
  return {
    change_id: monorepo ? `${candidate.idBase}/${service}` : candidate.idBase,
    service,
    team,
    repository,
    pull_number: candidate.pullNumber,
    merge_commit_sha: candidate.sha,
    status,
    first_commit_at: isoTimestamp(candidate.firstCommitAt),
    opened_at: candidate.openedAt === null ? null : isoTimestamp(candidate.openedAt),
    first_reviewed_at: candidate.firstReviewedAt === null ? null : isoTimestamp(candidate.firstReviewedAt),
    merged_at: isoTimestamp(candidate.mergedAt),
    deployment_id: deployment?.deployment_id ?? null,
    deployed_at: deployedAt,
    lead_time_seconds: seconds(candidate.firstCommitAt, deployedAt),
    coding_seconds: seconds(candidate.firstCommitAt, candidate.openedAt),
    pickup_seconds: seconds(candidate.openedAt, candidate.firstReviewedAt),
    review_seconds: seconds(candidate.openedAt, candidate.mergedAt),
    deploy_wait_seconds: seconds(candidate.mergedAt, deployedAt),
  };
}
