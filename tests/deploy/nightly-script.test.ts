import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const nightly = (args: string[], env: Record<string, string | undefined>) =>
  run("node", ["scripts/nightly.mjs", ...args], { env: { PATH: process.env.PATH, ...env } });

/** The commands a dry run would run, without the group markers. */
const commands = (stdout: string) => stdout.split("\n").filter((line) => line && !line.startsWith("::"));

describe("scripts/nightly.mjs", () => {
  it("runs ingest, then checks doraform.yaml's generated JSON and runs dataform, then the alerts, then posts the reviews, in that order", async () => {
    const { stdout } = await nightly(["--dry-run"], { GOOGLE_CLOUD_PROJECT: "acme-dora", DORAFORM_LOCATION: "EU" });
    const lines = commands(stdout);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe("node bin/doraform.js ingest --warehouse bigquery");
    expect(lines[1]).toBe("node bin/doraform.js config check");
    expect(lines[2]).toMatch(/^npx dataform run \. --credentials \S+\.df-credentials\.json --default-database acme-dora --default-location EU --action-retry-limit 2$/);
    expect(lines[3]).toBe("node bin/doraform.js alerts --bigquery-project acme-dora");
    // every night: the reviews' log posts each week's and each quarter's once
    expect(lines[4]).toBe("node bin/doraform.js review --post --bigquery-project acme-dora");
    expect(lines[5]).toBe("node bin/doraform.js review --quarterly --post --bigquery-project acme-dora");
  });

  it("links the reviews to the report at DORAFORM_REPORT_URL, and skips them with nowhere to post", async () => {
    const { stdout } = await nightly(["review", "--dry-run"], { GOOGLE_CLOUD_PROJECT: "p", DORAFORM_REPORT_URL: "https://dora.example.com/report.html" });
    expect(commands(stdout)[0]).toBe("node bin/doraform.js review --post --bigquery-project p --report-url https://dora.example.com/report.html");
    const skipped = await nightly(["review"], { GOOGLE_CLOUD_PROJECT: "p" });
    expect(skipped.stderr).toBe("nightly: review: nowhere to post (set DORAFORM_SLACK_WEBHOOK_URL, or run in GitHub Actions): skipped\n");
    expect(commands(skipped.stdout)).toEqual([]);
  });

  it("runs only the steps named, and a full refresh when asked", async () => {
    const { stdout } = await nightly(["transform", "--dry-run"], { GOOGLE_CLOUD_PROJECT: "p", DORAFORM_FULL_REFRESH: "true" });
    const lines = commands(stdout);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/--default-location US --action-retry-limit 2 --full-refresh$/);
  });

  it("fails with one line when the project is not set or a step is unknown", async () => {
    await expect(nightly([], {})).rejects.toMatchObject({ code: 1, stderr: "nightly: GOOGLE_CLOUD_PROJECT is not set (the BigQuery project to load and run in)\n" });
    await expect(nightly(["deploy"], { GOOGLE_CLOUD_PROJECT: "p" })).rejects.toMatchObject({ code: 1, stderr: "nightly: unknown step deploy (steps: ingest, transform, alerts, review)\n" });
  });
});
