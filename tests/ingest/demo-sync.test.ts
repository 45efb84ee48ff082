import { describe, expect, it } from "vitest";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { GitHubApi } from "../../ingest/github/api.ts";
import { listRepositories } from "../../ingest/github/repositories.ts";
import { githubSource } from "../../ingest/github/source.ts";
import { expectedKeys, expectedLogEntryCount } from "./expected.ts";
import { allRawText, demoServers, latestRecords, syncDemo, temporaryDatabase } from "./demo-harness.ts";
import { smallOrganisation } from "./fixtures/small-org.ts";

const serve = demoServers();

const organisations: Array<[string, () => Organisation]> = [
  ["the hand-made organisation", smallOrganisation],
  ["the tiny generated organisation", () => generateOrganisation({ ...SIZES.tiny, seed: 7 })],
];

describe.each(organisations)("ingest of %s", (_name, make) => {
  it("lands exactly the records the organisation has, stream by stream", async () => {
    const org = make();
    const server = await serve(org);
    const file = temporaryDatabase();
    await syncDemo(server, org, file);
    const landed = await latestRecords(file);
    for (const [stream, keys] of Object.entries(expectedKeys(org))) {
      expect([...landed[stream]!.keys()].sort(), stream).toEqual([...keys].sort());
    }
    expect(landed.incident_log_entries!.size).toBe(expectedLogEntryCount(org));
  });

  it("lands exactly the same records with eight requests in flight at once (as `doraform run` reads the demo)", async () => {
    const org = make();
    const server = await serve(org);
    const file = temporaryDatabase();
    await syncDemo(server, org, file, 8);
    const landed = await latestRecords(file);
    for (const [stream, keys] of Object.entries(expectedKeys(org))) {
      expect([...landed[stream]!.keys()].sort(), stream).toEqual([...keys].sort());
    }
    expect(landed.incident_log_entries!.size).toBe(expectedLogEntryCount(org));
  });

  it("keeps author names and emails, and the tokens, out of every raw table", async () => {
    const org = make();
    const server = await serve(org);
    const file = temporaryDatabase();
    await syncDemo(server, org, file);
    const text = await allRawText(file);
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
    expect(text).not.toContain('\\"email\\"');
    expect(text).not.toContain(server.env.GITHUB_TOKEN);
    expect(text).not.toContain(server.env.PAGERDUTY_TOKEN);
  });

  it("makes only a handful of requests per repository on a second sync of an unchanged organisation", async () => {
    const org = make();
    const server = await serve(org);
    const file = temporaryDatabase();
    await syncDemo(server, org, file);
    const before = await latestRecords(file);
    server.resetCounts();
    await syncDemo(server, org, file);
    const counts = server.requestCounts();
    const github = Object.entries(counts).filter(([route]) => !route.includes("/incidents") && !route.includes("/services") && !route.includes("/log_entries"));
    const githubTotal = github.reduce((sum, [, n]) => sum + n, 0);
    // per repository: the workflows listing, each deploy workflow's runs listing (304), the deployments listing (304),
    // one GraphQL page; plus the repository listing
    const deployWorkflows = org.repositories.reduce(
      (sum, repo) => sum + repo.workflows.filter((w) => /^deploy/.test(w.path.split("/").at(-1)!) || org.services.some((s) => s.deploy_workflows.includes(w.path))).length,
      0,
    );
    expect(githubTotal).toBeLessThanOrEqual(3 * org.repositories.length + deployWorkflows + 1);
    expect(counts["GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs"] ?? 0).toBe(0);
    expect(counts["GET /repos/{owner}/{repo}/compare/{basehead}"] ?? 0).toBe(0);
    // and the data is what it was
    const after = await latestRecords(file);
    for (const stream of Object.keys(before)) expect([...after[stream]!.keys()].sort(), stream).toEqual([...before[stream]!.keys()].sort());
  });
});

describe("the landed records of the hand-made organisation", () => {
  it("hold what the metrics need: jobs of every attempt, a pull request's commit dates, a commit's pull requests, an incident's tags", async () => {
    const org = smallOrganisation();
    const server = await serve(org);
    const file = temporaryDatabase();
    await syncDemo(server, org, file);
    const landed = await latestRecords(file);
    const record = (stream: string, key: string) => JSON.parse(landed[stream]!.get(key)!);

    // run 103 failed its first attempt and succeeded on the second: both attempts' deploy jobs are there
    expect(record("workflow_jobs", "1032")).toMatchObject({ run_id: 103, run_attempt: 1, conclusion: "failure", repository: "acme/api" });
    expect(record("workflow_jobs", "1034")).toMatchObject({ run_id: 103, run_attempt: 2, conclusion: "success", completed_at: "2026-03-04T11:20:00Z" });
    expect(record("workflow_runs", "103")).toMatchObject({ run_attempt: 2, path: ".github/workflows/deploy.yml", head_branch: "main", event: "push" });

    const pr1 = record("pull_requests", "acme/api#1");
    expect(pr1.merge_commit_sha).toBe("5a".padEnd(40, "0"));
    expect(pr1.commits.map((c: { authored_date: string }) => c.authored_date)).toEqual(["2026-03-03T09:00:00Z", "2026-03-03T11:00:00Z"]);
    expect(pr1).toMatchObject({ author_login: "bob", labels: ["feature"], files: ["src/a.ts", "src/b.ts"], commits_total: 2 });

    // deploy 101 (c1) → 103 (5a, squash of #1) → 104 (e2, direct push c3 and merge of #2)
    const contents = record("deployment_commits", `acme/api ${"5a".padEnd(40, "0")} ${"e2".padEnd(40, "0")}`);
    expect(contents).toMatchObject({ status: "ahead", ahead_by: 3, total_commits: 3 });
    expect(new Set(contents.commit_shas)).toEqual(new Set(["c3", "b1", "e2"].map((s) => s.padEnd(40, "0"))));
    expect(record("commits", `acme/api ${"c3".padEnd(40, "0")}`)).toMatchObject({ pull_numbers: [], files: ["src/c.ts"], author_login: "ann" });
    expect(record("commits", `acme/api ${"e2".padEnd(40, "0")}`)).toMatchObject({ pull_numbers: [2], files: null, parents: ["c3", "b1"].map((s) => s.padEnd(40, "0")) });

    expect(record("incidents", "Q1INC")).toMatchObject({ status: "resolved", resolved_at: "2026-03-04T13:00:00Z", service: { id: "PAPI001" } });
    expect(record("incidents", "Q2INC")).toMatchObject({ status: "triggered", resolved_at: null });
    expect(record("incident_custom_fields", "Q1INC").custom_fields).toContainEqual({ name: "deployment_id", value: "gh-run:103" });
    expect(record("incident_notes", "N1")).toMatchObject({ content: "deployment: gh-run:103", incident_id: "Q1INC" });
    expect(record("incident_related_change_events", "Q1INC CE1")).toMatchObject({ custom_details: { deployment_id: "gh-run:103" } });
  });
});

describe("reach", () => {
  it("lists the repositories of named organisations and explicit lists, once each", async () => {
    const org = smallOrganisation();
    const server = await serve(org);
    const names = async (settings: Record<string, unknown>) =>
      (await listRepositories(GitHubApi.create(githubSource.parseConfig(settings, server.env), () => undefined), githubSource.parseConfig(settings, server.env))).map((repo) => repo.full_name);
    expect(await names({ organizations: ["acme"] })).toEqual(["acme/api", "acme/web"]);
    expect(await names({ repositories: ["acme/web"] })).toEqual(["acme/web"]);
    expect(await names({ repositories: ["acme/web"], organizations: ["acme"] })).toEqual(["acme/api", "acme/web"]);
    expect(await names({})).toEqual(["acme/api", "acme/web"]);
  });

  it("pages a pull request's commits past GraphQL's 100 a connection, up to GitHub's 250", async () => {
    const org = smallOrganisation();
    const api = org.repositories[0]!;
    const head = api.branches.find((b) => b.name === "main")!.head_sha;
    const own = Array.from({ length: 260 }, (_, i) => ({
      sha: `bb${String(i).padStart(38, "0")}`,
      parents: [i === 0 ? head : `bb${String(i - 1).padStart(38, "0")}`],
      message: `step ${i}`,
      author_login: "bob",
      author_date: new Date(Date.parse("2026-03-08T00:00:00Z") + i * 60_000).toISOString().replace(".000", ""),
      committer_date: "2026-03-09T00:00:00Z",
      files: [`src/step${i}.ts`],
      pull_numbers: [4],
    }));
    const squash = { sha: "5b".padEnd(40, "0"), parents: [head], message: "big (#4)", author_login: "bob", author_date: "2026-03-09T00:00:00Z", committer_date: "2026-03-09T00:00:00Z", files: ["src/big.ts"], pull_numbers: [4] };
    api.commits.push(...own, squash);
    api.branches.find((b) => b.name === "main")!.head_sha = squash.sha;
    api.pull_requests.push({
      id: 9004, number: 4, title: "Big", body: "", author_login: "bob", labels: [], head_ref: "big", base_ref: "main",
      created_at: "2026-03-08T12:00:00Z", updated_at: "2026-03-09T00:00:00Z", merged_at: "2026-03-09T00:00:00Z", closed_at: "2026-03-09T00:00:00Z",
      merge_commit_sha: squash.sha, merge_method: "squash", commit_shas: own.map((c) => c.sha), files: own.map((c) => c.files[0]!),
    });
    const server = await serve(org);
    const config = githubSource.parseConfig({ start_date: org.start_date, repositories: ["acme/api"] }, server.env);
    let record: Record<string, unknown> | undefined;
    for await (const message of githubSource.read(config, new Set(["pull_requests"]), new Map(), () => undefined)) {
      if (message.type === "RECORD" && message.record.data.number === 4) record = message.record.data;
    }
    const commits = record!.commits as Array<{ sha: string; authored_date: string }>;
    expect(commits).toHaveLength(250);
    expect(commits.map((c) => c.sha)).toEqual(own.slice(0, 250).map((c) => c.sha));
    expect(commits[0]!.authored_date).toBe("2026-03-08T00:00:00Z");
    expect(record!.files).toHaveLength(260);
  });

  it("reads further review pages only until a review by someone other than the author", async () => {
    const org = smallOrganisation();
    const api = org.repositories[0]!;
    const at = (minute: number) => new Date(Date.parse("2026-03-03T12:00:00Z") + minute * 60_000).toISOString().replace(".000", "");
    const review = (author_login: string, minute: number, state: "COMMENTED" | "APPROVED" | "PENDING" = "COMMENTED") =>
      ({ author_login, state, created_at: at(minute), submitted_at: state === "PENDING" ? null : at(minute) });
    const pr1 = api.pull_requests.find((pr) => pr.number === 1)!;
    // 20 reviews a page: the author's own, a bot's and a draft fill the first; a teammate's opens the second
    pr1.reviews = [
      ...Array.from({ length: 18 }, (_, i) => review(pr1.author_login, i)),
      review("lint[bot]", 18),
      review("carol", 19, "PENDING"),
      review("carol", 20),
      ...Array.from({ length: 100 }, (_, i) => review(pr1.author_login, 21 + i)),
      review("dave", 200, "APPROVED"),
    ];
    const pr2 = api.pull_requests.find((pr) => pr.number === 2)!;
    pr2.reviews = [review("carol", 1), ...Array.from({ length: 25 }, (_, i) => review(pr2.author_login, 2 + i))];
    const server = await serve(org);
    const config = githubSource.parseConfig({ start_date: org.start_date, repositories: ["acme/api"] }, server.env);
    const records = new Map<number, Record<string, unknown>>();
    for await (const message of githubSource.read(config, new Set(["pull_requests"]), new Map(), () => undefined)) {
      if (message.type === "RECORD") records.set(message.record.data.number as number, message.record.data);
    }
    const reviews = (number: number) => records.get(number)!.reviews as Array<{ author_login: string; author_is_bot: boolean; submitted_at: string | null }>;
    // the second page (100) holds the teammate's review; the approval on a third page is not read
    expect(reviews(1)).toHaveLength(120);
    expect(reviews(1)[18]).toMatchObject({ author_login: "lint[bot]", author_is_bot: true });
    expect(reviews(1)[19]).toMatchObject({ author_login: "carol", submitted_at: null });
    expect(reviews(1)[20]).toMatchObject({ author_login: "carol", author_is_bot: false, submitted_at: at(20) });
    expect(records.get(1)!.reviews_total).toBe(122);
    // the first page already holds the pickup
    expect(reviews(2)).toHaveLength(20);
    expect(records.get(2)!.reviews_total).toBe(26);
  });
});
