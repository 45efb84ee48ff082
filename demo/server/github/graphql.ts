import { schema as githubSchema } from "@octokit/graphql-schema";
import {
  buildClientSchema,
  executeSync,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";
import type { Commit, Deployment, PullRequest, Workflow } from "../../model/organisation.ts";
import { nodeId, parseNodeId } from "../ids.ts";
import type { GitHubRateLimits } from "../rate-limits.ts";
import { workflowRunNode, type ConnectionArgs } from "./graphql-actions.ts";
import { graphqlPoints } from "./graphql-cost.ts";
import { deploymentUpdatedAt, repositoryPushedAt } from "./objects.ts";
import { graphqlRateLimited } from "./responses.ts";
import type { ApiResponse, Router } from "../router.ts";
import { resolveRef, type GitHubStore, type RepoIndex } from "./store.ts";

let cachedSchema: GraphQLSchema | undefined;

/** GitHub's real GraphQL schema (from its introspection result, which builds faster than the SDL). */
export function gitHubSchema(): GraphQLSchema {
  cachedSchema ??= buildClientSchema(githubSchema.json as unknown as IntrospectionQuery);
  return cachedSchema;
}

/** Errors GitHub reports before executing anything: the whole response then has no data. */
const PAGINATION_ERRORS = new Set(["MISSING_PAGINATION_BOUNDARIES", "EXCESSIVE_PAGINATION"]);

const cursorOf = (i: number) => Buffer.from(`cursor:v2:${i}`).toString("base64");
const indexOfCursor = (cursor: string) => Number(Buffer.from(cursor, "base64").toString("utf8").replace(/^cursor:v2:/, ""));

/** A connection as GitHub serves it, with its `first`/`last` rules (1 to 100, one of them required). */
function connection<T>(items: T[], args: ConnectionArgs, info: GraphQLResolveInfo, totalCount = items.length) {
  const name = info.fieldName;
  const { first, last } = args;
  if (first == null && last == null) {
    throw typed("MISSING_PAGINATION_BOUNDARIES", `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`);
  }
  for (const [argument, value] of [["first", first], ["last", last]] as const) {
    if (value != null && value > 100) {
      throw typed("EXCESSIVE_PAGINATION", `Requesting ${value} records on the \`${name}\` connection exceeds the \`${argument}\` limit of 100 records.`);
    }
    if (value != null && value < 0) throw typed("INVALID_ARGUMENTS", `\`${argument}\` on the \`${name}\` connection cannot be less than zero.`);
  }
  let start = args.after ? indexOfCursor(args.after) + 1 : 0;
  let end = args.before ? indexOfCursor(args.before) : items.length;
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  const nodes = items.slice(start, end);
  const edges = nodes.map((node, i) => ({ node, cursor: cursorOf(start + i) }));
  return {
    totalCount,
    nodes,
    edges,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: nodes.length > 0 ? cursorOf(start) : null,
      endCursor: nodes.length > 0 ? cursorOf(end - 1) : null,
    },
  };
}

function typed(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

/** Registers `POST /graphql`: queries validated against the real schema and run over the organisation. */
export function registerGitHubGraphql(router: Router, store: GitHubStore, limits: GitHubRateLimits, createdAt: string): void {
  router.add("POST", "/graphql", (request) => {
    const body = request.body as { query?: unknown; variables?: Record<string, unknown>; operationName?: string } | undefined;
    if (typeof body?.query !== "string") {
      return { status: 200, body: { errors: [{ message: "A query attribute must be specified and must be a string." }] } };
    }
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      return { status: 200, body: { errors: [formatError(error as GraphQLError)] } };
    }
    const schema = gitHubSchema();
    const invalid = validate(schema, document);
    if (invalid.length > 0) return { status: 200, body: { errors: invalid.map(formatError) } };
    const cost = graphqlPoints(document, body.variables, body.operationName);
    if (!limits.fits("graphql", cost)) {
      limits.refused();
      return { status: 200, body: graphqlRateLimited(), cost: 0 };
    }
    const result = executeSync({
      schema,
      document,
      rootValue: rootValue(store, limits, cost, createdAt),
      variableValues: body.variables ?? {},
      operationName: body.operationName,
    });
    const errors = result.errors?.map(formatError);
    if (errors?.some((e) => PAGINATION_ERRORS.has(String(e.type)))) return { status: 200, body: { data: null, errors }, cost };
    return { status: 200, body: errors ? { data: result.data ?? null, errors } : { data: result.data }, cost } satisfies ApiResponse;
  });
}

/** GitHub's error entries: `type` at the top level, and its wording for unknown fields. */
function formatError(error: GraphQLError): Record<string, unknown> {
  const unknownField = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(error.message);
  const type = error.extensions?.type;
  return {
    ...(type ? { type } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(unknownField ? { extensions: { code: "undefinedField", typeName: unknownField[2], fieldName: unknownField[1] } } : {}),
    ...(error.locations ? { locations: error.locations } : {}),
    message: unknownField ? `Field '${unknownField[1]}' doesn't exist on type '${unknownField[2]}'` : error.message,
  };
}

function rootValue(store: GitHubStore, limits: GitHubRateLimits, cost: number, createdAt: string) {
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const index = store.repository(owner, name);
      if (!index) throw typed("NOT_FOUND", `Could not resolve to a Repository with the name '${owner}/${name}'.`);
      return repositoryNode(index, createdAt);
    },
    node: ({ id }: { id: string }) => globalNode(store, createdAt, id),
    nodes: ({ ids }: { ids: string[] }) => {
      if (ids.length > MAX_NODE_IDS) throw typed("EXCESSIVE_PAGINATION", `You may not ask for more than ${MAX_NODE_IDS} nodes at once (${ids.length} ids given).`);
      // GitHub answers an id it cannot resolve with null in its place and a NOT_FOUND error
      return ids.map((id) => globalNode(store, createdAt, id) ?? typed("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`));
    },
    rateLimit: () => {
      // this query is charged after it runs: show the quota as it will be
      const q = limits.quota("graphql");
      return { cost, limit: q.limit, remaining: Math.max(0, q.remaining - cost), used: q.used + cost, resetAt: new Date(q.reset * 1000).toISOString(), nodeCount: 1 };
    },
  };
}

const HTML = "https://github.com";

/** `nodes(ids:)` takes at most 100 ids, as GitHub's does. */
const MAX_NODE_IDS = 100;

/** The repository, workflow, run or deployment a (legacy-format) global id names: the node types the extractor asks for by id. */
function globalNode(store: GitHubStore, createdAt: string, id: string): Record<string, unknown> | undefined {
  const parsed = parseNodeId(id);
  const number = Number(parsed?.id);
  if (parsed?.type === "Repository") {
    const index = store.repositoryById(number);
    return index && repositoryNode(index, createdAt);
  }
  if (parsed?.type === "Workflow") {
    const index = store.repositoryOfWorkflow(number);
    const workflow = index?.workflowById.get(number);
    return index && workflow && workflowNode(index, workflow, createdAt);
  }
  if (parsed?.type === "WorkflowRun") {
    const index = store.repos.find((repo) => repo.runById.has(number));
    return index && workflowRunNode(index, index.runById.get(number)!, connection);
  }
  if (parsed?.type === "Deployment") {
    const deployment = store.repos.find((repo) => repo.deploymentById.has(number))?.deploymentById.get(number);
    return deployment && deploymentNode(deployment);
  }
  return undefined;
}

type Ordered = ConnectionArgs & { orderBy?: { field: string; direction: string } | null };

/** Oldest first, or newest first when asked (`CREATED_AT` is the only order these connections take). */
function byCreation<T extends { created_at: string; id: number }>(items: T[], args: Ordered): T[] {
  const sorted = [...items].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
  return args.orderBy?.direction === "DESC" ? sorted.reverse() : sorted;
}

function workflowNode(index: RepoIndex, workflow: Workflow, createdAt: string) {
  return {
    __typename: "Workflow",
    id: nodeId("Workflow", workflow.id),
    databaseId: workflow.id,
    name: workflow.name,
    createdAt,
    updatedAt: createdAt,
    state: "ACTIVE",
    // GitHub's default order is the newest run first
    runs: (args: Ordered, _c: unknown, info: GraphQLResolveInfo) =>
      connection(
        byCreation(index.repo.workflow_runs.filter((run) => run.workflow_id === workflow.id), { ...args, orderBy: args.orderBy ?? { field: "CREATED_AT", direction: "DESC" } }).map(
          (run) => workflowRunNode(index, run, connection),
        ),
        args,
        info,
      ),
  };
}

function deploymentNode(deployment: Deployment) {
  return {
    __typename: "Deployment",
    id: nodeId("Deployment", deployment.id),
    databaseId: deployment.id,
    environment: deployment.environment,
    task: deployment.task,
    createdAt: deployment.created_at,
    // a new status moves it, as REST's updated_at
    updatedAt: deploymentUpdatedAt(deployment),
    // newest first, as REST lists them; no id but the node id, the status's environment the deployment's
    statuses: (args: ConnectionArgs, _c: unknown, info: GraphQLResolveInfo) =>
      connection(
        byCreation(deployment.statuses, { ...args, orderBy: { field: "CREATED_AT", direction: "DESC" } }).map((status) => ({
          __typename: "DeploymentStatus",
          id: nodeId("DeploymentStatus", status.id),
          state: status.state.toUpperCase(),
          description: status.description ?? "",
          environment: deployment.environment,
          createdAt: status.created_at,
          updatedAt: status.created_at,
          creator: actor(deployment.creator_login),
        })),
        args,
        info,
      ),
  };
}

function repositoryNode(index: RepoIndex, createdAt: string) {
  const { repo } = index;
  return {
    __typename: "Repository",
    id: nodeId("Repository", repo.id),
    databaseId: repo.id,
    name: index.name,
    nameWithOwner: repo.full_name,
    owner: { __typename: "Organization", login: index.owner, id: nodeId("Organization", index.owner) },
    url: `${HTML}/${repo.full_name}`,
    isArchived: false,
    pushedAt: repositoryPushedAt(index, createdAt),
    deployments: (args: Ordered & { environments?: string[] | null }, _c: unknown, info: GraphQLResolveInfo) =>
      connection(
        byCreation(repo.deployments.filter((d) => !args.environments || args.environments.includes(d.environment)), args).map(deploymentNode),
        args,
        info,
      ),
    defaultBranchRef: () => {
      const head = resolveRef(index, repo.default_branch);
      return { __typename: "Ref", name: repo.default_branch, prefix: "refs/heads/", target: head ? commitNode(index, head) : null };
    },
    pullRequests: (
      args: ConnectionArgs & {
        states?: string[] | null;
        orderBy?: { field: string; direction: string } | null;
        baseRefName?: string | null;
        headRefName?: string | null;
        labels?: string[] | null;
      },
      _context: unknown,
      info: GraphQLResolveInfo,
    ) => {
      const field = args.orderBy?.field === "UPDATED_AT" ? "updated_at" : "created_at";
      const descending = args.orderBy?.direction === "DESC";
      const pulls = repo.pull_requests
        .filter((pr) => !args.states || args.states.includes(pullState(pr)))
        .filter((pr) => !args.baseRefName || pr.base_ref === args.baseRefName)
        .filter((pr) => !args.headRefName || pr.head_ref === args.headRefName)
        .filter((pr) => !args.labels || pr.labels.some((l) => args.labels!.includes(l)))
        .sort((a, b) => a[field].localeCompare(b[field]) || a.number - b.number);
      if (descending) pulls.reverse();
      return connection(pulls.map((pr) => pullRequestNode(index, pr)), args, info);
    },
    pullRequest: ({ number }: { number: number }) => {
      const pr = index.pullByNumber.get(number);
      return pr ? pullRequestNode(index, pr) : null;
    },
    object: ({ oid, expression }: { oid?: string; expression?: string }) => {
      const commit = resolveRef(index, oid ?? expression ?? "");
      return commit ? commitNode(index, commit) : null;
    },
  };
}

function pullState(pr: PullRequest): "OPEN" | "CLOSED" | "MERGED" {
  if (pr.merged_at !== null) return "MERGED";
  return pr.closed_at !== null ? "CLOSED" : "OPEN";
}

function pullRequestNode(index: RepoIndex, pr: PullRequest) {
  const url = `${HTML}/${index.repo.full_name}/pull/${pr.number}`;
  const merge = pr.merge_commit_sha ? index.commitBySha.get(pr.merge_commit_sha) : undefined;
  return {
    __typename: "PullRequest",
    id: nodeId("PullRequest", pr.id),
    databaseId: pr.id,
    number: pr.number,
    title: pr.title,
    body: pr.body,
    state: pullState(pr),
    merged: pr.merged_at !== null,
    isDraft: false,
    createdAt: pr.created_at,
    updatedAt: pr.updated_at,
    mergedAt: pr.merged_at,
    closedAt: pr.closed_at ?? pr.merged_at,
    baseRefName: pr.base_ref,
    headRefName: pr.head_ref,
    headRefOid: pr.commit_shas.at(-1) ?? null,
    url,
    permalink: url,
    changedFiles: pr.files.length,
    author: actor(pr.author_login),
    labels: (args: ConnectionArgs, _c: unknown, info: GraphQLResolveInfo) =>
      connection(pr.labels.map((name) => ({ __typename: "Label", name, id: nodeId("Label", `${pr.id}:${name}`) })), args, info),
    mergeCommit: merge ? commitNode(index, merge) : null,
    // like the REST listing, only the first 250 commits can be read; totalCount is the true count
    commits: (args: ConnectionArgs, _c: unknown, info: GraphQLResolveInfo) =>
      connection(
        pr.commit_shas.slice(0, 250).map((sha) => ({
          __typename: "PullRequestCommit",
          id: nodeId("PullRequestCommit", `${pr.id}:${sha}`),
          url: `${url}/commits/${sha}`,
          commit: commitNode(index, index.commitBySha.get(sha)!),
        })),
        args,
        info,
        pr.commit_shas.length,
      ),
    files: (args: ConnectionArgs, _c: unknown, info: GraphQLResolveInfo) =>
      connection(pr.files.map((path) => ({ __typename: "PullRequestChangedFile", path, additions: 1, deletions: 0, changeType: "MODIFIED" })), args, info),
    // in the order begun, as GitHub lists them; `states` filters like GitHub's argument
    reviews: (args: ConnectionArgs & { states?: string[] | null }, _c: unknown, info: GraphQLResolveInfo) =>
      connection(
        (pr.reviews ?? [])
          .filter((review) => !args.states || args.states.includes(review.state))
          .map((review, i) => ({
            __typename: "PullRequestReview",
            id: nodeId("PullRequestReview", `${pr.id}:${i}`),
            author: actor(review.author_login),
            state: review.state,
            createdAt: review.created_at,
            submittedAt: review.submitted_at,
          })),
        args,
        info,
      ),
  };
}

/** A GitHub actor: a login ending in "[bot]" is a Bot account, any other a User. */
function actor(login: string) {
  return { __typename: login.endsWith("[bot]") ? "Bot" : "User", login, url: `${HTML}/${login}` };
}

function commitNode(index: RepoIndex, c: Commit): Record<string, unknown> {
  const actor = (date: string) => ({
    name: c.author_login ?? "Unknown",
    email: `${c.author_login ?? "unknown"}@users.noreply.github.com`,
    date,
    user: c.author_login ? { __typename: "User", login: c.author_login } : null,
  });
  return {
    __typename: "Commit",
    id: nodeId("Commit", c.sha),
    oid: c.sha,
    abbreviatedOid: c.sha.slice(0, 7),
    message: c.message,
    messageHeadline: c.message.split("\n")[0],
    authoredDate: c.author_date,
    committedDate: c.committer_date,
    url: `${HTML}/${index.repo.full_name}/commit/${c.sha}`,
    author: actor(c.author_date),
    committer: actor(c.committer_date),
    changedFilesIfAvailable: c.files.length,
    parents: (args: ConnectionArgs, _c: unknown, info: GraphQLResolveInfo) =>
      connection(
        c.parents.map((sha) => index.commitBySha.get(sha)).filter((p): p is Commit => p !== undefined).map((p) => commitNode(index, p)),
        args,
        info,
      ),
    associatedPullRequests: (args: ConnectionArgs, _c: unknown, info: GraphQLResolveInfo) =>
      connection(
        c.pull_numbers.map((n) => index.pullByNumber.get(n)).filter((pr): pr is PullRequest => pr !== undefined).map((pr) => pullRequestNode(index, pr)),
        args,
        info,
      ),
  };
}
