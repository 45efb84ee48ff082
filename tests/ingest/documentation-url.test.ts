import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";

const REPOSITORY = path.resolve(import.meta.dirname, "../..");

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");

describe("each source's documentationUrl", () => {
  it.each(["github", "pagerduty", "jira"])("%s: a page of the repository's own docs, at the section on that source", (name) => {
    const spec = JSON.parse(execFileSync(process.execPath, [CLI, "source", name, "spec"], { cwd: REPOSITORY, encoding: "utf8" }));
    const [file, section] = String(spec.spec.documentationUrl).split("#");
    expect(file).toMatch(/^docs\/.+\.md$/);
    const page = fs.readFileSync(path.join(REPOSITORY, file!), "utf8");
    const headings = page.split("\n").filter((line) => line.startsWith("#")).map((line) => anchor(line.replace(/^#+/, "")));
    expect(headings).toContain(section);
    expect(section).toBe(name);
  });
});
