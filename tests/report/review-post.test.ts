import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { writeMartFile } from "../../demo/warehouse/mart-file.ts";
import { openMarts, type MartDatabase } from "../../report/reader/open.ts";
import { postReview, type ReviewPost } from "../../report/review/post.ts";
import { ensureReviewLog, recordReviewSent } from "../../report/review/sent-log.ts";
import { mrkdwn, reviewMessage } from "../../report/review/slack.ts";
import { fakeBigQuery } from "./support/bigquery-stub.ts";
import { WritableTables } from "./support/bigquery-tables.ts";
import { doraform } from "./support/cli.ts";
import { LATEST_COMPLETE_WEEK, plantedOrganisation } from "./support/planted-org.ts";

/**
 * `doraform review --post` as the nightly job runs it every night: the weekly review posted once a
 * week to a Slack-compatible webhook (a receiver on loopback) and to the job summary
 * (GITHUB_STEP_SUMMARY), remembered in `dora.reviews_sent`; the quarterly review once a quarter.
 */

/** A webhook receiver on loopback answering `status` to every post. */
async function receiver(status = 200) {
  const bodies: string[] = [];
  let requests = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      requests += 1;
      if (status === 200) bodies.push(body);
      res.writeHead(status).end(status === 200 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  // the path stands for the secret part of a Slack webhook URL
  return { server, port, url: `http://127.0.0.1:${port}/services/T000/B000/s3cr3t-token`, bodies, requests: () => requests };
}

describe("doraform review --post", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-review-post-"));
  const database = path.join(dir, "warehouse.duckdb");
  const servers: http.Server[] = [];
  let copies = 0;
  /** A copy of the built warehouse (an empty log), a job summary file, and a receiver answering `status`. */
  async function fresh(status = 200) {
    const file = path.join(dir, `copy-${++copies}.duckdb`);
    fs.copyFileSync(database, file);
    const hook = await receiver(status);
    servers.push(hook.server);
    const summary = path.join(dir, `summary-${copies}.md`);
    const env = { DORAFORM_SLACK_WEBHOOK_URL: hook.url, GITHUB_STEP_SUMMARY: summary };
    const post = (...extra: string[]) => doraform(["review", "--post", "--database", file, ...extra], env);
    return { file, hook, summary, post };
  }

  beforeAll(async () => {
    await writeMartFile(database, plantedOrganisation());
  }, 300_000);
  afterAll(() => {
    for (const server of servers) server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("posts the week's review to the webhook and the job summary once; the next night's run posts nothing", async () => {
    const { hook, summary, post } = await fresh();
    const first = await post();
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`review: posted the weekly review of the week of ${LATEST_COMPLETE_WEEK} to the webhook at 127.0.0.1:${hook.port} and the job summary\n`);
    expect(hook.bodies).toHaveLength(1);
    const message = JSON.parse(hook.bodies[0]!);
    expect(message.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: `Weekly delivery review: the week of ${LATEST_COMPLETE_WEEK}` } });
    // the organisation's table as preformatted text, its change failure rate worked out in tests/report/review.test.ts
    const organisation = message.blocks.find((b: { text?: { text: string } }) => b.text?.text.startsWith("*Organisation*"));
    expect(organisation.text.text).toContain("```\n| metric | this week |");
    expect(organisation.text.text).toContain("| Change failure rate | 22.2% (n=9) | 0.0% (n=36) | 0.9% (n=117) | +21.4 pp (beyond sample) | elite |");
    // the Appendix stays in the report, which the message links to
    expect(hook.bodies[0]).not.toContain("Appendix");
    expect(message.blocks.at(-1)).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: "The whole review: out/report.html" }] });
    expect(message.text.startsWith(`*Weekly delivery review: the week of ${LATEST_COMPLETE_WEEK}*\n`)).toBe(true);
    // the job summary gets the whole Markdown page, its Appendix included
    const written = fs.readFileSync(summary, "utf8");
    expect(written.startsWith(`# Weekly delivery review: the week of ${LATEST_COMPLETE_WEEK}\n`)).toBe(true);
    expect(written).toContain("\n## Appendix\n");

    const second = await post();
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`^review: the weekly review of the week of ${LATEST_COMPLETE_WEEK} was posted at \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z: not posted again\\n$`));
    expect(hook.requests()).toBe(1);
    expect(fs.readFileSync(summary, "utf8")).toBe(written);
    expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain("s3cr3t-token");
  });

  it("posts a week the log does not hold: last week's post does not stand for this one", async () => {
    const { file, hook, post } = await fresh();
    const marts = await openMarts({ database: file, write: true });
    try {
      await ensureReviewLog(marts);
      await recordReviewSent(marts, "weekly", "2026-11-09");
      // the quarterly review of the quarter, posted already: another review, another period
      await recordReviewSent(marts, "quarterly", "2026-10-01");
    } finally {
      await marts.close();
    }
    const run = await post();
    expect(run.code, run.stderr).toBe(0);
    expect(hook.bodies).toHaveLength(1);
    expect(run.stdout).toContain(`posted the weekly review of the week of ${LATEST_COMPLETE_WEEK}`);
  });

  it("does not record a post the webhook failed: the command fails in one line naming the host, and the next run posts", { timeout: 60_000 }, async () => {
    const { file, hook, post } = await fresh(500);
    const failed = await post();
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(`doraform: review webhook at 127.0.0.1:${hook.port} failed after 4 attempts: HTTP 500\n`);
    expect(hook.requests()).toBe(4);
    const working = await receiver();
    servers.push(working.server);
    const retried = await doraform(["review", "--post", "--database", file], { DORAFORM_SLACK_WEBHOOK_URL: working.url });
    expect(retried.code, retried.stderr).toBe(0);
    expect(working.bodies).toHaveLength(1);
  });

  it("posts the quarterly review once a quarter, apart from the weekly one", async () => {
    const { hook, summary, post } = await fresh();
    const first = await post("--quarterly");
    expect(first.code, first.stderr).toBe(0);
    // as_of 2026-11-25 is in 2026-Q4
    expect(first.stdout).toContain("posted the quarterly review of 2026-Q4");
    const message = JSON.parse(hook.bodies[0]!);
    expect(message.blocks[0].text.text).toBe("Quarterly delivery review: 2026-Q4");
    expect(fs.readFileSync(summary, "utf8").startsWith("# Quarterly delivery review: 2026-Q4\n")).toBe(true);
    expect((await post("--quarterly")).stdout).toContain("the quarterly review of 2026-Q4 was posted at");
    expect((await post()).stdout).toContain("posted the weekly review");
    expect(hook.bodies).toHaveLength(2);
  });

  it("says with --dry-run what it would post, and posts and records nothing", async () => {
    const { hook, summary, post } = await fresh();
    const dry = await post("--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    const [json, status] = [dry.stdout.slice(0, dry.stdout.lastIndexOf("}\n") + 1), dry.stdout.slice(dry.stdout.lastIndexOf("}\n") + 2)];
    expect(JSON.parse(json).blocks[0].text.text).toBe(`Weekly delivery review: the week of ${LATEST_COMPLETE_WEEK}`);
    expect(status).toBe(`review --dry-run: would post the weekly review of the week of ${LATEST_COMPLETE_WEEK} to the webhook at 127.0.0.1:${hook.port} and the job summary\n`);
    expect(hook.requests()).toBe(0);
    expect(fs.existsSync(summary)).toBe(false);
    expect((await post()).stdout).toContain("posted the weekly review");
  });

  it("fails in one line with nowhere to post, or --dry-run without --post", async () => {
    const { file } = await fresh();
    const nowhere = await doraform(["review", "--post", "--database", file], { DORAFORM_SLACK_WEBHOOK_URL: "", GITHUB_STEP_SUMMARY: "" });
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toBe("doraform: review --post: nowhere to post: set DORAFORM_SLACK_WEBHOOK_URL (or --webhook-url), or GITHUB_STEP_SUMMARY in a workflow\n");
    const dry = await doraform(["review", "--dry-run", "--database", file]);
    expect(dry.stderr).toBe("doraform: --dry-run goes with --post\n");
  });
});

describe("the review log on BigQuery (the real client against the REST stub)", { timeout: 120_000 }, () => {
  const marts = plantedOrganisation();
  const stubs: Array<{ close(): Promise<void> }> = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-review-log-"));
  afterEach(async () => {
    await Promise.all(stubs.splice(0).map((stub) => stub.close()));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function bigQuery(tables: WritableTables): Promise<MartDatabase> {
    const fake = await fakeBigQuery(marts, { tables });
    stubs.push(fake.stub);
    return openMarts({ bigquery: fake.bigquery });
  }

  const week: ReviewPost = { review: "weekly", periodStart: LATEST_COMPLETE_WEEK, period: `the week of ${LATEST_COMPLETE_WEEK}`, markdown: "# Weekly\n", link: "out/report.html" };

  it("keeps dora.reviews_sent in GoogleSQL a BigQuery parser accepts, and posts a period once", async () => {
    const tables = new WritableTables(["reviews_sent"]);
    const summaryFile = path.join(dir, "summary.md");
    const started = Date.now();
    const first = await bigQuery(tables);
    expect(await postReview(first, week, { summaryFile }).finally(() => first.close())).toBe(`review: posted the weekly review of the week of ${LATEST_COMPLETE_WEEK} to the job summary`);
    const log = tables.tables.get("dora.reviews_sent")!;
    expect(log.fields).toEqual([
      { name: "review", type: "STRING" },
      { name: "period_start", type: "DATE" },
      { name: "sent_at", type: "TIMESTAMP" },
    ]);
    expect(log.rows).toHaveLength(1);
    expect(log.rows[0]).toMatchObject({ review: "weekly", period_start: LATEST_COMPLETE_WEEK });
    expect(Date.parse(log.rows[0]!.sent_at as string)).toBeGreaterThanOrEqual(started - 1000);

    // the next night: a new connection finds the week in the log
    const second = await bigQuery(tables);
    expect(await postReview(second, week, { summaryFile }).finally(() => second.close())).toMatch(/was posted at .*: not posted again$/);
    // another week, and the quarter, are posted
    const third = await bigQuery(tables);
    try {
      expect(await postReview(third, { ...week, periodStart: "2026-11-23", period: "the week of 2026-11-23" }, { summaryFile })).toContain("posted the weekly review of the week of 2026-11-23");
      expect(await postReview(third, { ...week, review: "quarterly", periodStart: "2026-10-01", period: "2026-Q4" }, { summaryFile })).toContain("posted the quarterly review of 2026-Q4");
    } finally {
      await third.close();
    }
    expect(fs.readFileSync(summaryFile, "utf8")).toBe("# Weekly\n# Weekly\n# Weekly\n");
    // create, select, insert; create, select; then per period create, select, insert
    expect(tables.statements.map((s) => s.split(" ")[0])).toEqual(["create", "select", "insert", "create", "select", "create", "select", "insert", "create", "select", "insert"]);
  });
});

describe("the review as a Slack message", () => {
  it("draws headings bold, lists as bullets and tables as preformatted text, with Slack's control characters escaped", () => {
    expect(mrkdwn("## Data quality\n\n- 48% of incidents are linked (<90%) & more\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\nafter")).toBe(
      "*Data quality*\n\n• 48% of incidents are linked (&lt;90%) &amp; more\n\n```\n| a | b |\n| 1 | 2 |\n```\nafter",
    );
  });

  it("keeps a short review whole in the text, one section block per heading, without the Appendix", () => {
    const message = reviewMessage("# Weekly review\n\n## Organisation\n\nall well\n\n## Links\n\n- report\n\n## Appendix\n\n### Service api\n", "https://r.example/report.html");
    expect(message.text).toBe("*Weekly review*\n\n*Organisation*\n\nall well\n\n*Links*\n\n• report\n\nThe whole review: https://r.example/report.html");
    expect(message.blocks.map((b) => (b.text as { text: string } | undefined)?.text ?? "context")).toEqual(["Weekly review", "*Organisation*\n\nall well", "*Links*\n\n• report", "context"]);
  });

  it("keeps within Slack's limits when the review is long: the headline and link as text, long sections cut at a line", () => {
    const row = (i: number) => `| service-${String(i).padStart(3, "0")} | ${"x".repeat(40)} |`;
    const table = ["| where | value |", "| --- | --- |", ...Array.from({ length: 200 }, (_, i) => row(i))].join("\n");
    const sections = Array.from({ length: 60 }, (_, i) => `## Section ${i}\n\n${i === 0 ? table : "short"}`);
    const message = reviewMessage(`# A long review\n\n${sections.join("\n\n")}\n`, "https://r.example/report.html");
    // 200 rows of 54 characters: over the 4,000 characters Slack advises for text, and over a section's 3,000
    expect(message.text).toBe("*A long review*\nThe whole review: https://r.example/report.html");
    expect(message.blocks).toHaveLength(50);
    const first = (message.blocks[1]!.text as { text: string }).text;
    expect(first.length).toBeLessThanOrEqual(3000);
    // cut after a whole row, the preformatted block closed, and where the rest is
    expect(first).toMatch(/\| service-0\d\d \| x{40} \|\n```\n…\nThe whole review: https:\/\/r\.example\/report\.html$/);
    expect(first.match(/```/g)).toHaveLength(2);
    for (const block of message.blocks.slice(1, -1)) expect((block.text as { text: string }).text.length).toBeLessThanOrEqual(3000);
  });
});
