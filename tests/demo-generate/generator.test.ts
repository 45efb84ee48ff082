import { beforeAll, describe, expect, it } from "vitest";
import { iso } from "../../demo/generate/clock.ts";
import { generateOrganisation, generateOrganisationSlices, mergeSlices, SIZES } from "../../demo/generate/index.ts";
import type { Organisation } from "../../demo/model/organisation.ts";
import { validateOrganisation } from "../../demo/scenario/index.ts";
import { CLOCK, allPullRequests, ancestors, deployRuns, succeeded } from "./facts.ts";

let demo: Organisation;
beforeAll(() => {
  demo = generateOrganisation();
});

describe("the organisation generator", () => {
  it("gives byte-identical output for the same seed and knobs", () => {
    expect(JSON.stringify(generateOrganisation({ seed: 1 }))).toBe(JSON.stringify(demo));
    expect(JSON.stringify(generateOrganisation({ ...SIZES.tiny, seed: 5 }))).toBe(JSON.stringify(generateOrganisation({ ...SIZES.tiny, seed: 5 })));
  });

  it("gives a different organisation for a different seed", () => {
    expect(JSON.stringify(generateOrganisation({ ...SIZES.tiny, seed: 6 }))).not.toBe(JSON.stringify(generateOrganisation({ ...SIZES.tiny, seed: 5 })));
  });

  it("makes the default demo: 12 services over 52 weeks, a few thousand runs and pull requests", () => {
    expect(demo.services).toHaveLength(12);
    expect(demo.as_of).toBe("2026-11-25");
    expect(demo.start_date).toBe("2025-11-27"); // 52 weeks = 364 days before the end of as_of
    const runs = demo.repositories.reduce((n, r) => n + r.workflow_runs.length, 0);
    const pulls = demo.repositories.reduce((n, r) => n + r.pull_requests.length, 0);
    expect(runs).toBeGreaterThan(1000);
    expect(runs).toBeLessThan(10_000);
    expect(pulls).toBeGreaterThan(1000);
    expect(pulls).toBeLessThan(5_000);
  });

  it("streams one repository per slice, and the slices make up the whole organisation", () => {
    const slices = [...generateOrganisationSlices(SIZES.tiny)];
    for (const slice of slices) {
      expect(slice.repositories).toHaveLength(1);
      validateOrganisation(slice);
    }
    expect(mergeSlices(slices)).toEqual(generateOrganisation(SIZES.tiny));
  });

  it("yields the first slice of a large organisation without making the rest", () => {
    const stream = generateOrganisationSlices(SIZES.large);
    const first = stream.next().value as Organisation;
    expect(first.repositories).toHaveLength(1);
    expect(first.start_date).toBe("2023-11-30"); // 156 weeks before the end of 2026-11-25
    stream.return(undefined);
  });

  it("passes the scenario checks: unique ids, every referenced sha, workflow and service exists", () => {
    expect(() => validateOrganisation(demo)).not.toThrow();
  });

  it("writes times as UTC ISO 8601 seconds, like GitHub", () => {
    expect(iso(0)).toBe("1970-01-01T00:00:00Z");
    expect(iso(86_399)).toBe("1970-01-01T23:59:59Z");
    expect(iso(951_782_400 + 3_723)).toBe("2000-02-29T01:02:03Z");
  });

  it("never dates anything after the as_of day", () => {
    const times = JSON.stringify(demo).match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g)!;
    expect(times.length).toBeGreaterThan(10_000);
    expect(times.filter((t) => t >= CLOCK)).toEqual([]);
  });
});

describe("commit history", () => {
  it("authors every commit no later than it is committed, and rebased branches commit later than they author", () => {
    const commits = demo.repositories.flatMap((r) => r.commits);
    expect(commits.filter((c) => c.author_date > c.committer_date)).toEqual([]);
    const prCommits = new Set(allPullRequests(demo).flatMap(({ pr }) => pr.commit_shas));
    const rebased = commits.filter((c) => prCommits.has(c.sha) && Date.parse(c.committer_date) - Date.parse(c.author_date) > 3600_000);
    expect(rebased.length).toBeGreaterThan(10);
  });

  it("puts every merged pull request's merge commit on its base branch", () => {
    let checked = 0;
    for (const repo of demo.repositories) {
      const reachable = new Map<string, Set<string>>();
      for (const pr of repo.pull_requests) {
        if (pr.merged_at === null) continue;
        const head = repo.branches.find((b) => b.name === pr.base_ref)!;
        if (!reachable.has(head.name)) reachable.set(head.name, ancestors(repo, head.head_sha));
        expect(reachable.get(head.name)!.has(pr.merge_commit_sha!), `${repo.full_name}#${pr.number}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("makes merge commits with two parents, squash commits with one, and rebased copies of the branch", () => {
    const methods = { merge: 0, squash: 0, rebase: 0 };
    for (const repo of demo.repositories) {
      const bySha = new Map(repo.commits.map((c) => [c.sha, c]));
      for (const pr of repo.pull_requests) {
        if (pr.merge_method === null) continue;
        methods[pr.merge_method]++;
        const merge = bySha.get(pr.merge_commit_sha!)!;
        if (pr.merge_method === "merge") {
          expect(merge.parents).toEqual([expect.any(String), pr.commit_shas[pr.commit_shas.length - 1]]);
        } else if (pr.merge_method === "squash") {
          expect(merge.parents).toHaveLength(1);
          expect(pr.commit_shas).not.toContain(merge.sha);
        } else {
          // walking back from the last copy finds the branch's author dates, in order, on new shas
          const copies = [];
          for (let c = merge, k = 0; k < pr.commit_shas.length; k++, c = bySha.get(c.parents[0])!) copies.unshift(c);
          expect(copies.map((c) => c.author_date)).toEqual(pr.commit_shas.map((s) => bySha.get(s)!.author_date));
          expect(copies.some((c) => pr.commit_shas.includes(c.sha))).toBe(false);
          expect(copies.every((c) => c.pull_numbers.includes(pr.number))).toBe(true);
        }
      }
    }
    expect(methods.merge).toBeGreaterThan(50);
    expect(methods.squash).toBeGreaterThan(50);
    expect(methods.rebase).toBeGreaterThan(50);
  });

  it("pushes some commits straight to main, with no pull request", () => {
    const direct = demo.repositories.flatMap((r) => r.commits.filter((c) => c.pull_numbers.length === 0 && c.parents.length > 0));
    expect(direct.length).toBeGreaterThan(5);
  });

  it("has bots among pull request authors, and open and closed-unmerged pull requests", () => {
    const pulls = allPullRequests(demo).map(({ pr }) => pr);
    expect(pulls.some((pr) => pr.author_login === "dependabot[bot]" && pr.merged_at !== null)).toBe(true);
    expect(pulls.some((pr) => pr.closed_at === null)).toBe(true);
    expect(pulls.some((pr) => pr.closed_at !== null && pr.merged_at === null)).toBe(true);
  });

  it("reviews merged pull requests in every way the pickup rules tell apart", () => {
    const merged = allPullRequests(demo).map(({ pr }) => pr).filter((pr) => pr.merged_at !== null);
    const ms = (time: string) => Date.parse(time);
    const other = (pr: (typeof merged)[number]) => (pr.reviews ?? []).filter((r) => r.author_login !== pr.author_login && !r.author_login.endsWith("[bot]"));
    for (const pr of merged) {
      const reviews = pr.reviews ?? [];
      // GitHub's order (begun), a pending review never submitted, a submitted one never before its start or the opening
      expect(reviews.map((r) => ms(r.created_at))).toEqual(reviews.map((r) => ms(r.created_at)).sort((a, b) => a - b));
      for (const r of reviews) {
        expect(r.state === "PENDING").toBe(r.submitted_at === null);
        if (r.submitted_at !== null) expect(ms(r.submitted_at)).toBeGreaterThanOrEqual(ms(pr.created_at));
      }
    }
    const kinds = {
      byAuthor: merged.some((pr) => pr.reviews?.some((r) => r.author_login === pr.author_login)),
      byBot: merged.some((pr) => pr.reviews?.some((r) => r.author_login.endsWith("[bot]"))),
      pending: merged.some((pr) => pr.reviews?.some((r) => r.state === "PENDING")),
      dismissed: merged.some((pr) => other(pr)[0]?.state === "DISMISSED"),
      afterMerge: merged.some((pr) => pr.reviews?.some((r) => r.submitted_at !== null && ms(r.submitted_at) > ms(pr.merged_at!))),
      unreviewed: merged.some((pr) => other(pr).every((r) => r.submitted_at === null || ms(r.submitted_at) > ms(pr.merged_at!))),
      morePages: merged.some((pr) => (pr.reviews ?? []).slice(0, 20).every((r) => r.author_login === pr.author_login) && other(pr).length > 0),
    };
    expect(kinds).toEqual({ byAuthor: true, byBot: true, pending: true, dismissed: true, afterMerge: true, unreviewed: true, morePages: true });
  });
});

describe("services and deploy runs", () => {
  it("puts several services in a monorepo, each with its path prefix and its own deploy workflow", () => {
    const monorepo = demo.repositories.find((r) => demo.services.filter((s) => s.repository === r.full_name).length > 1)!;
    const services = demo.services.filter((s) => s.repository === monorepo.full_name);
    expect(new Set(services.map((s) => s.deploy_workflows[0])).size).toBe(services.length);
    for (const s of services) expect(s.path_prefixes).toEqual([`services/${s.name}/`]);
    const prefixes = services.map((s) => s.path_prefixes![0]);
    const touched = (files: string[]) => prefixes.filter((p) => files.some((f) => f.startsWith(p))).length;
    expect(monorepo.pull_requests.some((pr) => touched(pr.files) === 0)).toBe(true);
    expect(monorepo.pull_requests.some((pr) => touched(pr.files) >= 2)).toBe(true);
  });

  it("is untidy the way real organisations are, so discovering its catalog takes work", () => {
    const file = (repo: Organisation["repositories"][number], path: string) => repo.files?.find((f) => f.path === path)?.content;
    // deploy workflows not all called deploy*, each deploying in the production environment
    const deployFiles = demo.services.flatMap((s) => s.deploy_workflows.map((path) => path.split("/").pop()!));
    expect(deployFiles.some((name) => !name.startsWith("deploy"))).toBe(true);
    for (const s of demo.services) {
      const repo = demo.repositories.find((r) => r.full_name === s.repository)!;
      expect(file(repo, s.deploy_workflows[0]!)).toContain("name: production");
      // a monorepo's services are told apart by the paths filters of their deploy workflows
      if (s.path_prefixes) expect(file(repo, s.deploy_workflows[0]!)).toContain(`- '${s.path_prefixes[0]}**'`);
    }
    // PagerDuty services named for people, not after the repositories
    const serviceNames = new Set(demo.services.map((s) => s.name));
    expect(demo.pagerduty.services.filter((p) => serviceNames.has(p.name))).toEqual([]);
    // owners told by GitHub teams and CODEOWNERS; every repository also open to all engineers
    expect(demo.repositories.every((r) => r.team_access?.some((a) => a.team === "engineering" && a.permission === "push"))).toBe(true);
    expect(demo.repositories.some((r) => file(r, ".github/CODEOWNERS") === undefined)).toBe(true);
    // repositories that are no service: archived ones with a deploy workflow, one that never deploys
    const uncatalogued = demo.repositories.filter((r) => !demo.services.some((s) => s.repository === r.full_name));
    expect(uncatalogued.map((r) => [r.full_name, r.archived, r.workflow_runs.length])).toEqual([
      ["acme/legacy-api", true, 0],
      ["acme/terraform-modules", false, 0],
    ]);
  });

  it("re-runs deploys: a failed attempt then a successful one, and a success re-run later", () => {
    const runs = deployRuns(demo).map((d) => d.run);
    expect(runs.some((r) => r.attempts[0].conclusion === "failure" && r.attempts[1]?.conclusion === "success")).toBe(true);
    const rerunSuccess = runs.filter((r) => r.attempts[0].conclusion === "success" && r.attempts.length > 1);
    expect(rerunSuccess.length).toBeGreaterThan(0);
    for (const r of rerunSuccess) expect(r.attempts[1].run_started_at > r.attempts[0].completed_at!).toBe(true);
  });

  it("has failed, cancelled, timed-out and in-progress deploy runs, on main and on release branches", () => {
    const runs = deployRuns(demo).map((d) => d.run);
    const last = (r: (typeof runs)[number]) => r.attempts[r.attempts.length - 1].conclusion;
    for (const conclusion of ["failure", "cancelled", "timed_out", "startup_failure"]) {
      expect(runs.some((r) => last(r) === conclusion), conclusion).toBe(true);
    }
    expect(runs.some((r) => r.status !== "completed")).toBe(true);
    expect(runs.some((r) => r.head_branch.startsWith("release/") && succeeded(r))).toBe(true);
    expect(runs.some((r) => r.head_branch === "main" && succeeded(r))).toBe(true);
  });

  it("runs noise workflows that are not deployments: CI, lint, and pull_request runs of the deploy workflow", () => {
    const paths = (event?: string) =>
      new Set(
        demo.repositories.flatMap((repo) =>
          repo.workflow_runs.filter((r) => !event || r.event === event).map((r) => repo.workflows.find((w) => w.id === r.workflow_id)!.path),
        ),
      );
    expect(paths()).toContain(".github/workflows/ci.yml");
    expect(paths()).toContain(".github/workflows/lint.yml");
    expect([...paths("pull_request")].some((p) => /\/deploy[^/]*\.yml$/.test(p))).toBe(true);
  });

  it("has a week in which nothing was deployed anywhere", () => {
    const finishes = deployRuns(demo).filter((d) => succeeded(d.run)).flatMap((d) => d.run.attempts.flatMap((a) => a.jobs.map((j) => j.completed_at ?? "")));
    const weeks = new Set(finishes.filter(Boolean).map((t) => mondayOf(t)));
    const empty = [];
    for (let t = Date.parse("2025-12-01T00:00:00Z"); t < Date.parse("2026-11-23T00:00:00Z"); t += 7 * 86_400_000) {
      if (!weeks.has(new Date(t).toISOString().slice(0, 10))) empty.push(t);
    }
    expect(empty.length).toBeGreaterThan(0);
  });

  it("records GitHub deployments: some on a run's commit within 10 minutes of it, some not", () => {
    const finished = new Map<string, number[]>();
    for (const d of deployRuns(demo)) {
      for (const a of d.run.attempts) {
        const job = a.jobs.find((j) => j.name === "deploy" && j.conclusion === "success");
        if (job) finished.set(d.run.head_sha, [...(finished.get(d.run.head_sha) ?? []), Date.parse(job.completed_at!)]);
      }
    }
    const production = demo.repositories.flatMap((r) => r.deployments).filter((d) => d.environment === "production");
    const successAt = (d: (typeof production)[number]) => Date.parse(d.statuses.find((s) => s.state === "success")?.created_at ?? "");
    const near = production.filter((d) => (finished.get(d.sha) ?? []).some((t) => Math.abs(t - successAt(d)) <= 600_000));
    const far = production.filter((d) => !Number.isNaN(successAt(d)) && !near.includes(d));
    expect(near.length).toBeGreaterThan(10);
    expect(far.length).toBeGreaterThan(0);
    expect(production.some((d) => d.statuses.some((s) => s.state === "inactive"))).toBe(true);
    expect(demo.repositories.flatMap((r) => r.deployments).some((d) => d.environment === "staging")).toBe(true);
  });
});

function mondayOf(time: string): string {
  const t = Date.parse(time);
  const day = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - day * 86_400_000).toISOString().slice(0, 10);
}
