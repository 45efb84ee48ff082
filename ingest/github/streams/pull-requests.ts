import { streamFacts } from "../../protocol/source.ts";
import { laterOf, type RepoContext, type RepoStream } from "../context.ts";
import pullRequestsSchema from "../../../includes/raw_streams/github/pull_requests.json" with { type: "json" };

interface Connection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}

interface CommitNode {
  commit: { oid: string; authoredDate: string; committedDate: string };
}

/** A page of a repository's merged pull requests, newest update first. */
export type PullRequestsPage = Connection<PullRequestNode>;

interface PullRequestNode {
  databaseId: number;
  id: string;
  number: number;
  title: string;
  body: string;
  state: string;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  baseRefName: string;
  headRefName: string;
  author: { login: string } | null;
  labels: { nodes: Array<{ name: string }> };
  mergeCommit: { oid: string } | null;
  commits: Connection<CommitNode>;
  files: Connection<{ path: string }> | null;
  reviews: Connection<ReviewNode>;
}

interface ReviewNode {
  author: { __typename: string; login: string } | null;
  state: string;
  submittedAt: string | null;
}

/** GitHub lists at most 250 commits of a pull request (REST documents it; we keep GraphQL to the same). */
export const MAX_PULL_REQUEST_COMMITS = 250;
/** GitHub lists at most 3000 files of a pull request. */
export const MAX_PULL_REQUEST_FILES = 3000;
/**
 * GitHub charges a page 1 request plus 4 per pull request (its labels, commits, files and reviews),
 * divided by 100 and rounded: 37 pull requests cost 1 point (149 requests), 38 would cost 2 (153).
 */
export const PULL_REQUESTS_PAGE_SIZE = 37;

const COMMITS = "totalCount pageInfo { hasNextPage endCursor } nodes { commit { oid authoredDate committedDate } }";
const FILES = "totalCount pageInfo { hasNextPage endCursor } nodes { path }";
// the first 20 reviews come with the page; more are read only when none of them is by someone else
const REVIEWS = "totalCount pageInfo { hasNextPage endCursor } nodes { author { __typename login } state submittedAt }";
const REVIEWS_PAGE = 20;

/** What is asked of each pull request: 4 requests (its labels, commits, files and reviews), 320 nodes. */
const PULL_REQUEST_FIELDS = `databaseId id number title body state createdAt updatedAt mergedAt closedAt baseRefName headRefName
        author { login }
        labels(first: 100) { nodes { name } }
        mergeCommit { oid }
        commits(first: 100) { ${COMMITS} }
        files(first: 100) { ${FILES} }
        reviews(first: ${REVIEWS_PAGE}) { ${REVIEWS} }`;

/** A repository's page of merged pull requests, `$cursor` and `$pageSize` named by the caller (one query may ask several repositories'). */
export const pullRequestsPage = (cursor: string, pageSize: string) => `pullRequests(first: ${pageSize}, after: ${cursor}, states: [MERGED], orderBy: {field: UPDATED_AT, direction: DESC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        ${PULL_REQUEST_FIELDS}
      }
    }`;

/** One page of merged pull requests, newest update first, each with its merge commit and its commits' dates. */
export const PULL_REQUESTS_QUERY = `query PullRequests($owner: String!, $name: String!, $cursor: String, $pageSize: Int!) {
  repository(owner: $owner, name: $name) {
    ${pullRequestsPage("$cursor", "$pageSize")}
  }
}`;

/** The rest of one pull request's commits, files or reviews, when a page of the list query did not hold them all. */
export const PULL_REQUEST_MORE_QUERY = `query PullRequestMore($owner: String!, $name: String!, $number: Int!, $commitsCursor: String, $filesCursor: String, $reviewsCursor: String, $withCommits: Boolean!, $withFiles: Boolean!, $withReviews: Boolean!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      commits(first: 100, after: $commitsCursor) @include(if: $withCommits) { ${COMMITS} }
      files(first: 100, after: $filesCursor) @include(if: $withFiles) { ${FILES} }
      reviews(first: 100, after: $reviewsCursor) @include(if: $withReviews) { ${REVIEWS} }
    }
  }
}`;

type PullRequestsCursor = { updated_at?: string };

/** Newest update first, a read stops at the first pull request not updated since the cursor (or before the start). */
const seenBy = (ctx: RepoContext, state: PullRequestsCursor | undefined) => (updatedAt: string) =>
  state?.updated_at ? Date.parse(updatedAt) <= Date.parse(state.updated_at) : Date.parse(updatedAt) < Date.parse(ctx.config.startDate);

export const pullRequests: RepoStream<PullRequestsCursor> = {
  ...streamFacts(pullRequestsSchema),
  asks: (ctx, state) => ({ pullRequests: { takes: (updatedAt) => !seenBy(ctx, state)(updatedAt) } }),
  async *read(ctx, state) {
    const [owner, name] = ctx.repo.full_name.split("/");
    const seen = seenBy(ctx, state);
    // a backfill pages past the pull requests updated since its end (landed already) without taking them
    const landed = (updatedAt: string) => ctx.config.endDate !== undefined && Date.parse(updatedAt) >= Date.parse(ctx.config.endDate);
    let newest = state?.updated_at;
    for (let cursor: string | null = null, more = true; more; ) {
      // the first page may have been read ahead with other repositories' (as many as changed, and one more)
      const page: PullRequestsPage | undefined = cursor === null && ctx.ahead?.pullRequests ? ctx.ahead.pullRequests : await pullRequestsAfter(ctx, owner!, name!, cursor);
      if (!page) break;
      for (const node of page.nodes) {
        if (seen(node.updatedAt)) {
          more = false;
          break;
        }
        if (landed(node.updatedAt)) continue;
        newest = laterOf(newest, node.updatedAt);
        yield await toRecord(ctx, node);
      }
      more &&= page.pageInfo.hasNextPage;
      cursor = page.pageInfo.endCursor;
    }
    return { updated_at: newest };
  },
};

async function pullRequestsAfter(ctx: RepoContext, owner: string, name: string, cursor: string | null): Promise<PullRequestsPage | undefined> {
  const data: { repository: { pullRequests: PullRequestsPage } | null } = await ctx.api.graphql(PULL_REQUESTS_QUERY, { owner, name, cursor, pageSize: PULL_REQUESTS_PAGE_SIZE });
  return data.repository?.pullRequests;
}

async function toRecord(ctx: RepoContext, node: PullRequestNode): Promise<Record<string, unknown>> {
  const { commits, files, reviews } = await completeLists(ctx, node);
  return {
    repository: ctx.repo.full_name,
    number: node.number,
    id: node.databaseId,
    node_id: node.id,
    title: node.title,
    body: node.body,
    state: node.state,
    author_login: node.author?.login ?? null,
    labels: node.labels.nodes.map((label) => label.name),
    base_ref: node.baseRefName,
    head_ref: node.headRefName,
    created_at: node.createdAt,
    updated_at: node.updatedAt,
    merged_at: node.mergedAt,
    closed_at: node.closedAt,
    merge_commit_sha: node.mergeCommit?.oid ?? null,
    commits: commits.map(({ commit }) => ({ sha: commit.oid, authored_date: commit.authoredDate, committed_date: commit.committedDate })),
    commits_total: node.commits.totalCount,
    files: files.map((file) => file.path),
    files_total: node.files?.totalCount ?? files.length,
    reviews: reviews.map((review) => ({
      author_login: review.author?.login ?? null,
      author_is_bot: review.author?.__typename === "Bot",
      state: review.state,
      submitted_at: review.submittedAt,
    })),
    reviews_total: node.reviews.totalCount,
  };
}

/**
 * A review that can be a pull request's pickup (docs/metrics.md#decision-66): submitted, by a person
 * other than its author. The models also leave out the catalog's bot logins.
 */
function picksUp(review: ReviewNode, author: string | null): boolean {
  return review.submittedAt !== null && review.author !== null && review.author.__typename !== "Bot" && review.author.login !== author;
}

/**
 * Pages the inner connections (first ≤ 100 each) up to GitHub's caps; reviews only until one can be
 * the pickup (the earliest is all the models use).
 */
async function completeLists(ctx: RepoContext, node: PullRequestNode) {
  const commits = [...node.commits.nodes];
  const files = [...(node.files?.nodes ?? [])];
  const reviews = [...node.reviews.nodes];
  let commitsInfo = node.commits.pageInfo;
  let filesInfo = node.files?.pageInfo ?? { hasNextPage: false, endCursor: null };
  let reviewsInfo = node.reviews.pageInfo;
  const author = node.author?.login ?? null;
  const [owner, name] = ctx.repo.full_name.split("/");
  for (;;) {
    const withCommits = commitsInfo.hasNextPage && commits.length < MAX_PULL_REQUEST_COMMITS;
    const withFiles = filesInfo.hasNextPage && files.length < MAX_PULL_REQUEST_FILES;
    const withReviews = reviewsInfo.hasNextPage && !reviews.some((review) => picksUp(review, author));
    if (!withCommits && !withFiles && !withReviews) break;
    const data: {
      repository: { pullRequest: { commits?: Connection<CommitNode>; files?: Connection<{ path: string }>; reviews?: Connection<ReviewNode> } };
    } = await ctx.api.graphql(PULL_REQUEST_MORE_QUERY, {
      owner, name, number: node.number, withCommits, withFiles, withReviews,
      commitsCursor: commitsInfo.endCursor, filesCursor: filesInfo.endCursor, reviewsCursor: reviewsInfo.endCursor,
    });
    const more = data.repository.pullRequest;
    const done = { hasNextPage: false, endCursor: null };
    if (withReviews) {
      reviews.push(...(more.reviews?.nodes ?? []));
      reviewsInfo = more.reviews?.pageInfo ?? done;
    }
    if (withCommits) {
      commits.push(...(more.commits?.nodes ?? []));
      commitsInfo = more.commits?.pageInfo ?? done;
    }
    if (withFiles) {
      files.push(...(more.files?.nodes ?? []));
      filesInfo = more.files?.pageInfo ?? done;
    }
  }
  return { commits: commits.slice(0, MAX_PULL_REQUEST_COMMITS), files: files.slice(0, MAX_PULL_REQUEST_FILES), reviews };
}
