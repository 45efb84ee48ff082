import type { Commit, Incident, Organisation, WorkflowRun } from "../../demo/model/organisation.ts";
import type { DemoServer } from "../../demo/server/index.ts";

/** A 40-character sha that is easy to read in failures: "c1" → "c1c1c1…". */
export const sha = (name: string): string => name.repeat(40).slice(0, 40);

function commit(name: string, parents: string[], at: string, extra: Partial<Commit> = {}): Commit {
  return {
    sha: sha(name),
    parents: parents.map(sha),
    message: `commit ${name}`,
    author_login: "ann",
    author_date: at,
    committer_date: at,
    files: [`src/${name}.ts`],
    pull_numbers: [],
    ...extra,
  };
}

const run = (id: number, workflow_id: number, head_branch: string, created_at: string, extra: Partial<WorkflowRun> = {}): WorkflowRun => ({
  id,
  workflow_id,
  head_branch,
  head_sha: sha("c1"),
  event: "push",
  created_at,
  status: "completed",
  attempts: [{ run_attempt: 1, run_started_at: created_at, conclusion: "success", completed_at: created_at.replace(/:00Z$/, ":30Z"), jobs: [] }],
  ...extra,
});

/** 65 CI runs an hour apart on 2026-02-01/02, ids 200–264, oldest first: enough for three pages of 30. */
export const CI_RUNS = Array.from({ length: 65 }, (_, i) =>
  run(200 + i, 11, "main", new Date(Date.parse("2026-02-01T00:00:00Z") + i * 3_600_000).toISOString().replace(".000Z", "Z")),
);

/**
 * The hand-built organisation of these tests, as of 2026-03-10 (the server's now: 23:59:59Z).
 *
 * acme/api history (parents before children; names are hex so prefixes work as short shas):
 *   c1 ← c2 ← c3 ←─── d1 (merge of PR #1, main head)
 *    ↖ f1 ← f2 ──────↗       (PR #1 on feature/x)
 *   c2 ← b1                  (release/1.0 head)
 *   d1 ← e1                  (PR #2, open, feature/y)
 *   e1 ← a9                  (committed after as_of: not served)
 */
export function organisation(): Organisation {
  const incident = (n: number, extra: Partial<Incident>): Incident => ({
    id: `PINC${String(n).padStart(3, "0")}`,
    incident_number: n,
    title: `Incident ${n}`,
    description: `Incident ${n} description`,
    service_id: "PSVC002",
    urgency: "low",
    created_at: "2026-02-10T00:00:00Z",
    status_changes: [],
    notes: [],
    custom_fields: {},
    related_change_event_ids: [],
    ...extra,
  });
  return {
    as_of: "2026-03-10",
    start_date: "2026-01-01",
    owner: "acme",
    teams: [{ name: "platform" }],
    services: [
      {
        name: "api",
        team: "platform",
        repository: "acme/api",
        deploy_workflows: [".github/workflows/deploy.yml"],
        pagerduty_service_ids: ["PSVC001"],
      },
    ],
    repositories: [
      {
        id: 1001,
        full_name: "acme/api",
        default_branch: "main",
        commits: [
          commit("c1", [], "2026-02-20T09:00:00Z"),
          commit("c2", ["c1"], "2026-02-21T09:00:00Z"),
          commit("f1", ["c1"], "2026-02-21T10:00:00Z", { author_login: "bob", committer_date: "2026-02-22T08:00:00Z", pull_numbers: [1] }),
          commit("c3", ["c2"], "2026-02-22T09:00:00Z"),
          commit("b1", ["c2"], "2026-02-23T09:00:00Z", { files: ["services/api/fix.ts"] }),
          commit("f2", ["f1"], "2026-02-23T10:00:00Z", { author_login: "bob", pull_numbers: [1] }),
          commit("d1", ["c3", "f2"], "2026-02-24T09:00:00Z", { message: "Merge pull request #1 from acme/feature/x", pull_numbers: [1] }),
          commit("e1", ["d1"], "2026-03-05T09:00:00Z", { author_login: "cy", pull_numbers: [2] }),
          commit("a9", ["e1"], "2026-03-15T09:00:00Z"),
        ],
        branches: [
          { name: "main", head_sha: sha("d1") },
          { name: "release/1.0", head_sha: sha("b1") },
          { name: "feature/y", head_sha: sha("e1") },
        ],
        pull_requests: [
          {
            id: 5001,
            number: 1,
            title: "Add feature x",
            body: "Adds x.",
            author_login: "bob",
            labels: ["feature"],
            head_ref: "feature/x",
            base_ref: "main",
            created_at: "2026-02-22T09:30:00Z",
            updated_at: "2026-02-24T09:00:00Z",
            merged_at: "2026-02-24T09:00:00Z",
            closed_at: "2026-02-24T09:00:00Z",
            merge_commit_sha: sha("d1"),
            merge_method: "merge",
            commit_shas: [sha("f1"), sha("f2")],
            files: ["src/f1.ts", "src/f2.ts"],
          },
          {
            id: 5002,
            number: 2,
            title: "Work in progress",
            body: "",
            author_login: "cy",
            labels: [],
            head_ref: "feature/y",
            base_ref: "main",
            created_at: "2026-03-05T09:30:00Z",
            updated_at: "2026-03-06T09:00:00Z",
            merged_at: null,
            closed_at: null,
            merge_commit_sha: null,
            merge_method: null,
            commit_shas: [sha("e1")],
            files: ["src/e1.ts"],
          },
          {
            id: 5003,
            number: 3,
            title: "Abandoned",
            body: "",
            author_login: "ann",
            labels: ["wontfix"],
            head_ref: "feature/z",
            base_ref: "release/1.0",
            created_at: "2026-03-01T09:30:00Z",
            updated_at: "2026-03-07T09:00:00Z",
            merged_at: null,
            closed_at: "2026-03-07T09:00:00Z",
            merge_commit_sha: null,
            merge_method: null,
            commit_shas: [],
            files: [],
          },
        ],
        workflows: [
          { id: 10, name: "Deploy", path: ".github/workflows/deploy.yml" },
          { id: 11, name: "CI", path: ".github/workflows/ci.yml" },
        ],
        workflow_runs: [
          ...CI_RUNS,
          run(100, 10, "main", "2026-03-02T10:00:00Z", {
            head_sha: sha("d1"),
            attempts: [
              {
                run_attempt: 1,
                run_started_at: "2026-03-02T10:00:00Z",
                conclusion: "failure",
                completed_at: "2026-03-02T10:05:00Z",
                jobs: [{ id: 9001, name: "deploy", started_at: "2026-03-02T10:01:00Z", completed_at: "2026-03-02T10:05:00Z", conclusion: "failure" }],
              },
              {
                run_attempt: 2,
                run_started_at: "2026-03-02T10:20:00Z",
                conclusion: "success",
                completed_at: "2026-03-02T10:30:00Z",
                jobs: [
                  { id: 9002, name: "build", started_at: "2026-03-02T10:21:00Z", completed_at: "2026-03-02T10:25:00Z", conclusion: "success" },
                  { id: 9003, name: "deploy", started_at: "2026-03-02T10:25:00Z", completed_at: "2026-03-02T10:30:00Z", conclusion: "success" },
                ],
              },
            ],
          }),
          run(101, 11, "feature/x", "2026-03-03T09:00:00Z", { event: "pull_request", head_sha: sha("f2") }),
          run(102, 10, "release/1.0", "2026-03-05T12:00:00Z", {
            event: "workflow_dispatch",
            head_sha: sha("b1"),
            status: "in_progress",
            attempts: [{ run_attempt: 1, run_started_at: "2026-03-05T12:00:00Z", conclusion: null, completed_at: null, jobs: [] }],
          }),
          run(103, 10, "main", "2026-03-11T10:00:00Z"),
        ],
        deployments: [
          {
            id: 500,
            sha: sha("d1"),
            ref: "main",
            environment: "production",
            task: "deploy",
            creator_login: "github-actions[bot]",
            created_at: "2026-03-04T10:00:00Z",
            statuses: [
              { id: 600, state: "in_progress", created_at: "2026-03-04T10:00:10Z" },
              { id: 601, state: "success", created_at: "2026-03-04T10:05:00Z", description: "Deployed" },
            ],
          },
          {
            id: 501,
            sha: sha("c3"),
            ref: "main",
            environment: "staging",
            task: "deploy",
            creator_login: "ann",
            created_at: "2026-03-01T10:00:00Z",
            statuses: [{ id: 602, state: "success", created_at: "2026-03-01T10:03:00Z" }],
          },
          { id: 502, sha: sha("e1"), ref: "main", environment: "production", task: "deploy", creator_login: "ann", created_at: "2026-03-20T10:00:00Z", statuses: [] },
        ],
      },
    ],
    pagerduty: {
      services: [
        { id: "PSVC001", name: "api", created_at: "2025-06-01T00:00:00Z" },
        { id: "PSVC002", name: "web", created_at: "2025-06-01T00:00:00Z" },
      ],
      incidents: [
        incident(1, {
          service_id: "PSVC001",
          urgency: "high",
          created_at: "2026-03-04T11:00:00Z",
          status_changes: [
            { type: "acknowledge", at: "2026-03-04T11:05:00Z" },
            { type: "resolve", at: "2026-03-04T12:00:00Z" },
          ],
          notes: [{ id: "PNOTE01", content: "deployment: gh-run:100", created_at: "2026-03-04T11:10:00Z" }],
          custom_fields: { deployment_id: "gh-run:100" },
          related_change_event_ids: ["CE1"],
        }),
        incident(2, { created_at: "2026-03-08T08:00:00Z", urgency: "high" }),
        incident(3, {
          service_id: "PSVC001",
          created_at: "2025-12-01T09:00:00Z",
          status_changes: [{ type: "resolve", at: "2025-12-01T10:00:00Z" }],
          merged_into_incident_id: "PINC001",
        }),
        incident(4, { created_at: "2026-03-12T08:00:00Z" }),
        incident(5, {
          created_at: "2026-03-06T08:00:00Z",
          status_changes: [
            { type: "resolve", at: "2026-03-06T09:00:00Z" },
            { type: "reopen", at: "2026-03-06T10:00:00Z" },
            { type: "acknowledge", at: "2026-03-06T10:30:00Z" },
          ],
        }),
        // 30 resolved low-urgency incidents on web in February, #10–#39, a day apart from 2026-02-01
        ...Array.from({ length: 30 }, (_, k) => {
          const created = new Date(Date.parse("2026-02-01T06:00:00Z") + k * 86_400_000).toISOString().replace(".000Z", "Z");
          return incident(10 + k, { created_at: created, status_changes: [{ type: "resolve", at: created.replace("T06", "T07") }] });
        }),
      ],
      change_events: [
        {
          id: "CE1",
          summary: "Deploy api@d1 (gh-run:100)",
          timestamp: "2026-03-02T10:30:00Z",
          service_ids: ["PSVC001"],
          custom_details: { deployment_id: "gh-run:100" },
          links: [{ href: "https://github.com/acme/api/actions/runs/100", text: "run" }],
        },
        { id: "CE2", summary: "Deploy web", timestamp: "2025-11-01T10:00:00Z", service_ids: ["PSVC002"], custom_details: {}, links: [] },
      ],
    },
  };
}

/** GET (or another method) with the server's token; returns status, headers and parsed body. */
export async function call(
  server: DemoServer,
  api: "github" | "pagerduty",
  pathAndQuery: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const base = api === "github" ? server.env.GITHUB_API_URL : server.env.PAGERDUTY_API_URL;
  const authorization = api === "github" ? `Bearer ${server.env.GITHUB_TOKEN}` : `Token token=${server.env.PAGERDUTY_TOKEN}`;
  const response = await fetch(`${base}${pathAndQuery}`, {
    method: init.method ?? "GET",
    headers: { authorization, ...(init.body ? { "content-type": "application/json" } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Follows rel="next" links from a first URL and returns every page's body. */
export async function allPages(server: DemoServer, pathAndQuery: string): Promise<any[]> {
  const pages: any[] = [];
  let url: string | undefined = `${server.env.GITHUB_API_URL}${pathAndQuery}`;
  while (url) {
    const response: Response = await fetch(url, { headers: { authorization: `Bearer ${server.env.GITHUB_TOKEN}` } });
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    pages.push(await response.json());
    url = /<([^>]+)>; rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
  }
  return pages;
}
