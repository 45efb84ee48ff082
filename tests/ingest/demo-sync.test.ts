import { afterEach, describe, expect, it } from "vitest";
import { generateOrganisation, SIZES } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { startDemoServer, type DemoServer } from "../../demo/server/index.ts";
import { expectedKeys, expectedLogEntryCount } from "./expected.ts";
import { allRawText, latestRecords, syncDemo, temporaryDatabase } from "./demo-harness.ts";
import { smallOrganisation } from "./fixtures/small-org.ts";

const servers: DemoServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(org: Organisation) {
  const server = await startDemoServer(org);
  servers.push(server);
  return server;
}

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
    // per repository: the runs listing (304), the deployments listing (304), one GraphQL page; plus the repository listing
    expect(githubTotal).toBeLessThanOrEqual(3 * org.repositories.length + 1);
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
