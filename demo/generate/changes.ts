import type { MergeMethod, PullRequest, Review } from "../model/organisation.ts";
import { DAY, HOUR, MINUTE, clamp, iso } from "./clock.ts";
import type { SimService, Simulation } from "./context.ts";
import { branchSlug, changeTitle, dependencyBump, sourceFiles } from "./names.ts";
import { buildRun } from "./runs.ts";

export interface ChangeSpec {
  author?: string;
  title?: string;
  body?: string;
  labels?: string[];
  headRef?: string;
  files?: string[];
  method?: MergeMethod;
  /** Base branch; default the default branch. */
  target?: string;
  /** An urgent fix: opened and reviewed within the hour. */
  quick?: boolean;
}

const BOT = "dependabot[bot]";

/** A pull request merged at `mergedAt` into its base branch (main unless a release hotfix). */
export function mergeChange(sim: Simulation, service: SimService, mergedAt: number, spec: ChangeSpec = {}): PullRequest {
  const { random, git } = sim;
  const target = spec.target ?? git.defaultBranch;
  const review = spec.quick ? random.int(5 * MINUTE, 30 * MINUTE) : clamp(random.duration(5 * HOUR, 1), 10 * MINUTE, 5 * DAY);
  const createdAt = mergedAt - review;
  const draft = draftPullRequest(sim, service, createdAt, spec);
  // some branches were rebased onto a newer main during review: committed later than authored
  const rebasedAt =
    target === git.defaultBranch && !spec.quick && random.chance(0.2) ? random.int(Math.max(createdAt, draft.startedAt + MINUTE), mergedAt - 2 * MINUTE) : null;
  const base =
    target !== git.defaultBranch ? git.head(target) : git.mainHeadAt(rebasedAt ?? draft.startedAt);
  const authoredAt = commitTimes(sim, draft.startedAt, rebasedAt ?? (spec.quick ? createdAt : mergedAt - 5 * MINUTE));
  const commits = authoredAt.map((time, i) => ({
    message: i === 0 ? draft.title : random.pick(["Address review comments", "Fix tests", "Tidy up", "Handle edge case"]),
    author: draft.author,
    authoredAt: time,
    committedAt: rebasedAt !== null ? rebasedAt + i : time + random.int(0, 90),
    files: filesOfCommit(draft.files, i, authoredAt.length),
    pulls: [draft.number],
  }));
  const commitShas = git.chain(base, commits);
  continuousIntegration(sim, service, draft.headRef, commitShas[commitShas.length - 1], commits[commits.length - 1].committedAt, mergedAt);

  const method: MergeMethod = spec.method ?? (draft.author === BOT ? "squash" : random.weighted({ squash: 5, merge: 3, rebase: 2 }));
  const head = git.head(target);
  const merger = random.pick(sim.members(service.entry.team));
  let mergeSha: string;
  if (method === "merge") {
    mergeSha = git.commit({
      parents: [head, commitShas[commitShas.length - 1]],
      message: `Merge pull request #${draft.number} from ${sim.owner}/${draft.headRef}\n\n${draft.title}`,
      author: merger,
      authoredAt: mergedAt,
      committedAt: mergedAt,
      files: draft.files,
      pulls: [draft.number],
    }).sha;
  } else if (method === "squash") {
    mergeSha = git.commit({
      parents: [head],
      message: `${draft.title} (#${draft.number})`,
      author: draft.author,
      authoredAt: mergedAt,
      committedAt: mergedAt,
      files: draft.files,
      pulls: [draft.number],
    }).sha;
  } else {
    // rebase merge: copies of the branch's commits on top of the base, keeping their author dates
    const copies = git.chain(
      head,
      commitShas.map((_, i) => ({
        message: i === 0 ? draft.title : "Follow-up",
        author: draft.author,
        authoredAt: authoredAt[i],
        committedAt: mergedAt,
        files: filesOfCommit(draft.files, i, commitShas.length),
        pulls: [draft.number],
      })),
    );
    mergeSha = copies[copies.length - 1];
  }
  git.setHead(target, mergeSha, mergedAt);
  if (random.chance(0.25)) pushRun(sim, sim.workflows.lint.id, target, mergeSha, mergedAt + random.int(5, 30), ["lint"]);

  const editedLater = mergedAt + random.int(HOUR, 3 * DAY);
  const pr = pullRequest(draft, target, createdAt, commitShas, {
    updated_at: iso(random.chance(0.1) && editedLater < sim.clock ? editedLater : mergedAt),
    merged_at: iso(mergedAt),
    closed_at: iso(mergedAt),
    merge_commit_sha: mergeSha,
    merge_method: method,
  });
  pr.reviews = reviewsOf(sim, service, draft.author, createdAt, mergedAt);
  sim.pullRequests.push(pr);
  if (target === git.defaultBranch) {
    for (const touched of servicesTouched(sim, draft.files)) touched.undeployed.push(pr);
  } else if (service.release) {
    service.release.pending.push(pr);
  }
  return pr;
}

const REVIEW_BOT = "review-helper[bot]";

/**
 * The reviews of a pull request open from `createdAt` to `mergedAt`, in the order they were begun: now
 * and then the author's own comments, a bot's, a draft (pending) review, a first review later dismissed,
 * a review after the merge, or none before it; the rest a teammate's first review, then an approval.
 */
function reviewsOf(sim: Simulation, service: SimService, author: string, createdAt: number, mergedAt: number): Review[] {
  const random = sim.reviewRandom;
  const reviewers = sim.members(service.entry.team).filter((login) => login !== author);
  const reviews: Array<{ author_login: string; state: Review["state"]; begun: number; submitted: number | null }> = [];
  const open = mergedAt - createdAt;
  const at = (from: number, to: number) => random.int(Math.min(from, to), Math.max(from, to));
  const own = random.chance(0.02) ? random.int(21, 25) : random.chance(0.25) ? random.int(1, 2) : 0;
  for (let i = 0; i < own; i++) {
    const time = at(createdAt + 30, createdAt + Math.floor(open / 3));
    reviews.push({ author_login: author, state: "COMMENTED", begun: time, submitted: time });
  }
  if (random.chance(0.1)) {
    const time = at(createdAt + 60, createdAt + Math.floor(open / 4));
    reviews.push({ author_login: REVIEW_BOT, state: "COMMENTED", begun: time, submitted: time });
  }
  if (reviewers.length > 0 && !random.chance(0.08)) {
    const first = random.pick(reviewers);
    const pickedUpAt = at(createdAt + 60, Math.min(mergedAt, createdAt + Math.max(60, Math.floor(open * random.between(0.05, 0.9)))));
    if (random.chance(0.05)) {
      // a draft review begun first and never submitted: it is no pickup
      const other = random.pick(reviewers);
      reviews.push({ author_login: other, state: "PENDING", begun: at(createdAt + 1, pickedUpAt - 1), submitted: null });
    }
    const firstState = random.weighted({ COMMENTED: 4, CHANGES_REQUESTED: 2, APPROVED: 3, DISMISSED: 1 }) as Review["state"];
    reviews.push({ author_login: first, state: firstState, begun: pickedUpAt, submitted: pickedUpAt });
    if (firstState !== "APPROVED") {
      const approvedAt = at(pickedUpAt, mergedAt);
      reviews.push({ author_login: random.pick(reviewers), state: "APPROVED", begun: approvedAt, submitted: approvedAt });
    }
  }
  if (random.chance(0.05) && reviewers.length > 0 && mergedAt + 2 * HOUR < sim.clock) {
    const late = mergedAt + random.int(MINUTE, 2 * HOUR);
    reviews.push({ author_login: random.pick(reviewers), state: "COMMENTED", begun: late, submitted: late });
  }
  return reviews
    .sort((a, b) => a.begun - b.begun)
    .map((review) => ({
      author_login: review.author_login,
      state: review.state,
      created_at: iso(review.begun),
      submitted_at: review.submitted === null ? null : iso(review.submitted),
    }));
}

/** A pull request opened at `createdAt` that is never merged: still open near the clock, else closed. */
export function abandonChange(sim: Simulation, service: SimService, createdAt: number): void {
  const { random, git } = sim;
  const draft = draftPullRequest(sim, service, createdAt, {});
  const authoredAt = commitTimes(sim, draft.startedAt, createdAt);
  const commitShas = git.chain(
    git.mainHeadAt(draft.startedAt),
    authoredAt.map((time, i) => ({
      message: i === 0 ? draft.title : "WIP",
      author: draft.author,
      authoredAt: time,
      committedAt: time,
      files: filesOfCommit(draft.files, i, authoredAt.length),
      pulls: [draft.number],
    })),
  );
  const headSha = commitShas[commitShas.length - 1];
  continuousIntegration(sim, service, draft.headRef, headSha, authoredAt[authoredAt.length - 1], sim.clock);
  const closedAt = createdAt + random.int(DAY, 14 * DAY);
  const open = closedAt >= sim.clock;
  if (open) git.setHead(draft.headRef, headSha, createdAt);
  sim.pullRequests.push(
    pullRequest(draft, git.defaultBranch, createdAt, commitShas, {
      updated_at: iso(open ? createdAt : closedAt),
      merged_at: null,
      closed_at: open ? null : iso(closedAt),
      merge_commit_sha: null,
      merge_method: null,
    }),
  );
}

type Outcome = Pick<PullRequest, "updated_at" | "merged_at" | "closed_at" | "merge_commit_sha" | "merge_method">;

/** A drafted pull request as GitHub lists it, merged or not (fields in the scenario format's order). */
function pullRequest(draft: Draft, baseRef: string, createdAt: number, commitShas: string[], outcome: Outcome): PullRequest {
  return {
    id: draft.id,
    number: draft.number,
    title: draft.title,
    body: draft.body,
    author_login: draft.author,
    labels: draft.labels,
    head_ref: draft.headRef,
    base_ref: baseRef,
    created_at: iso(createdAt),
    ...outcome,
    commit_shas: commitShas,
    files: draft.files,
  };
}

/** A commit pushed straight to main, with no pull request. */
export function directPush(sim: Simulation, service: SimService, pushedAt: number): void {
  const { random, git } = sim;
  const sha = git.commit({
    parents: [git.head(git.defaultBranch)],
    message: random.pick(["Bump version", "Fix typo in config", "Hotfix: correct env var", "Update runbook link"]),
    author: random.pick(sim.members(service.entry.team)),
    authoredAt: pushedAt - random.duration(20 * MINUTE),
    committedAt: pushedAt,
    files: sourceFiles(service.prefix, random).slice(0, 1),
    pulls: [],
  }).sha;
  git.setHead(git.defaultBranch, sha, pushedAt);
}

/** The services whose path prefixes the files touch (every service of a plain repository). */
export function servicesTouched(sim: Simulation, files: string[]): SimService[] {
  if (!sim.monorepo) return sim.services;
  return sim.services.filter((s) => files.some((file) => file.startsWith(s.prefix)));
}

export function pushRun(sim: Simulation, workflowId: number, branch: string, sha: string, createdAt: number, jobs: string[]): void {
  if (createdAt >= sim.clock) return;
  const story = sim.random.weighted({ success: 90, failure: 8, cancelled: 2 });
  sim.runs.push(
    buildRun({ workflowId, headBranch: branch, headSha: sha, event: "push", createdAt, jobs, story }, sim.clock, sim.ids, sim.random).run,
  );
}

interface Draft {
  id: number;
  number: number;
  title: string;
  body: string;
  author: string;
  labels: string[];
  headRef: string;
  files: string[];
  /** When work on the branch began: its first commit's author date. */
  startedAt: number;
}

function draftPullRequest(sim: Simulation, service: SimService, createdAt: number, spec: ChangeSpec): Draft {
  const { random } = sim;
  const bot = spec.author === undefined && random.chance(0.06);
  const bump = dependencyBump(random);
  const title = spec.title ?? (bot ? `Bump ${bump.name} from ${bump.from} to ${bump.to}` : changeTitle(random));
  const coding = spec.quick ? random.int(2 * MINUTE, 10 * MINUTE) : clamp(random.duration(6 * HOUR, 1), 5 * MINUTE, 7 * DAY);
  const number = sim.nextPullNumber++;
  return {
    id: sim.ids.number(),
    number,
    title,
    body: spec.body ?? (bot ? `Bumps ${bump.name} from ${bump.from} to ${bump.to}.` : `${title}.\n\nTested locally and in CI.`),
    author: spec.author ?? (bot ? BOT : random.pick(sim.members(service.entry.team))),
    labels: spec.labels ?? (bot ? ["dependencies"] : random.chance(0.2) ? [random.pick(["bug", "enhancement", "tech-debt"])] : []),
    headRef: spec.headRef ?? (bot ? `dependabot/npm_and_yarn/${bump.name}-${bump.to}` : `${random.pick(["feature", "fix", "chore"])}/${branchSlug(title)}-${number}`),
    files: spec.files ?? (bot ? [`${service.prefix}package.json`, `${service.prefix}package-lock.json`] : changedFiles(sim, service)),
    startedAt: Math.max(createdAt - coding, sim.bornAt + MINUTE),
  };
}

/** Mostly the service's own files; in a monorepo sometimes another service's too, or only shared files. */
function changedFiles(sim: Simulation, service: SimService): string[] {
  const { random } = sim;
  const own = sourceFiles(service.prefix, random);
  if (!sim.monorepo) return own;
  const roll = random.next();
  if (roll < 0.05) return [random.pick(["README.md", ".github/workflows/ci.yml", "docs/architecture.md"])];
  if (roll < 0.15) return [...own, ...sourceFiles(random.pick(sim.services).prefix, random)].sort();
  return own;
}

/** Author dates of a branch's commits: the first when work began, the others until `until`. */
function commitTimes(sim: Simulation, startedAt: number, until: number): number[] {
  const count = Math.min(6, 1 + sim.random.poisson(1.2));
  const later = Array.from({ length: count - 1 }, () => sim.random.int(startedAt + 1, Math.max(startedAt + 1, until)));
  return [startedAt, ...later.sort((a, b) => a - b)];
}

function filesOfCommit(files: string[], index: number, count: number): string[] {
  const mine = files.filter((_, j) => j % count === index);
  return mine.length > 0 ? mine : [files[index % files.length]];
}

/** CI on the pull request's head; now and then the deploy workflow too (a dry run that must not count). */
function continuousIntegration(sim: Simulation, service: SimService, headRef: string, headSha: string, pushedAt: number, before: number): void {
  const { random } = sim;
  const createdAt = Math.min(pushedAt + random.int(20, 120), before - 60);
  if (createdAt >= sim.clock || createdAt <= pushedAt) return;
  const story = random.weighted({ success: 88, failure: 9, cancelled: 3 });
  const ci = { workflowId: sim.workflows.ci.id, headBranch: headRef, headSha, event: "pull_request", createdAt, jobs: ["build", "test"], story };
  sim.runs.push(buildRun(ci, sim.clock, sim.ids, random).run);
  if (random.chance(0.04)) {
    // a pull_request run of the deploy workflow; from a fork's main its head_branch is "main"
    const headBranch = random.chance(0.5) ? sim.git.defaultBranch : headRef;
    const dryRun = { ...ci, workflowId: service.workflow.id, headBranch, jobs: service.jobs, deployJob: service.deployJob, story: "success" as const };
    sim.runs.push(buildRun(dryRun, sim.clock, sim.ids, random).run);
  }
}
