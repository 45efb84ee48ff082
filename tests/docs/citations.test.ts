// Citations point into the repository: the definitions live in docs/metrics.md, so no file may send
// a reader to the reference pages a clone does not have, every numbered decision a model, include,
// the demo or a docs page cites exists there, and the docs pages' relative links resolve.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const METRICS = "docs/metrics.md";
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** Tracked files and new ones not ignored: what a clone (or the next commit) holds. */
const repositoryFiles = (): string[] =>
  execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "" && fs.existsSync(path.join(ROOT, file)));

/** The outside pages, spelled in parts so this file does not cite them itself. */
const OUTSIDE_PAGES = new RegExp(["METRICS", "DESIGN"].map((name) => `\\b${name}\\.md\\b`).join("|"));

/** "decision 25", "decisions 31, 50 and 51", "metric-decisions.md 52", "docs/metrics.md#decision-64": every number cited. */
function citedDecisions(text: string): number[] {
  const numbers: number[] = [];
  const lists = /\b(?:decisions?|metric-decisions(?:\.md)?)\s+(\d+(?:\s*(?:,|and|or)\s*\d+)*)/gi;
  for (const match of text.matchAll(lists)) numbers.push(...(match[1].match(/\d+/g) ?? []).map(Number));
  for (const match of text.matchAll(/#decision-(\d+)/g)) numbers.push(Number(match[1]));
  return numbers;
}

/** The numbers docs/metrics.md defines: each paragraph opens with "**(decision N)" under an anchor. */
function definedDecisions(text: string): number[] {
  return [...text.matchAll(/<a id="decision-(\d+)"><\/a>\*\*\(decision (\d+)\)/g)].map((match) => {
    if (match[1] !== match[2]) throw new Error(`anchor decision-${match[1]} opens decision ${match[2]}`);
    return Number(match[1]);
  });
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");

function anchorsOf(text: string): Set<string> {
  const headings = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1]));
  const ids = [...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1]);
  return new Set([...headings, ...ids]);
}

describe("citations point into the repository", () => {
  it("no file cites the reference pages that live outside the repository", () => {
    const citing = repositoryFiles().filter((file) => OUTSIDE_PAGES.test(read(file)));
    expect(citing).toEqual([]);
  });

  it("docs/metrics.md numbers each decision once", () => {
    const defined = definedDecisions(read(METRICS));
    expect(defined.length).toBeGreaterThan(0);
    expect(defined.filter((n, i) => defined.indexOf(n) !== i)).toEqual([]);
  });

  it("every decision cited in definitions/, includes/, demo/ and docs/ is a numbered decision of docs/metrics.md", () => {
    const defined = new Set(definedDecisions(read(METRICS)));
    const folders = ["definitions/", "includes/", "demo/", "docs/"];
    const missing = repositoryFiles()
      .filter((file) => folders.some((folder) => file.startsWith(folder)))
      .flatMap((file) => citedDecisions(read(file)).filter((n) => !defined.has(n)).map((n) => `${file}: decision ${n}`));
    expect(missing).toEqual([]);
  });

  it("the README's, CONTRIBUTING's and docs pages' relative links reach a file, and an anchor there when they name one", () => {
    const broken: string[] = [];
    const pages = repositoryFiles().filter((file) => file === "README.md" || file === "CONTRIBUTING.md" || (file.startsWith("docs/") && file.endsWith(".md")));
    for (const page of pages) {
      for (const [, target] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [file, anchor] = target.split("#");
        const resolved = file === "" ? page : path.posix.join(path.posix.dirname(page), file);
        if (!fs.existsSync(path.join(ROOT, resolved))) broken.push(`${page}: ${target}`);
        else if (anchor && resolved.endsWith(".md") && !anchorsOf(read(resolved)).has(anchor)) broken.push(`${page}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe("the citation patterns", () => {
  it("read single numbers, lists and the old page's form", () => {
    expect(citedDecisions("(decision 25) and Decisions 31, 50 and 51; docs/metric-decisions.md 52, metric-decisions 2")).toEqual([
      25, 31, 50, 51, 52, 2,
    ]);
    expect(citedDecisions("(docs/metrics.md#decision-64, docs/metrics.md#decision-5)")).toEqual([64, 5]);
  });

  it("read an anchor and its paragraph's number, and refuse a mismatch", () => {
    expect(definedDecisions('<a id="decision-7"></a>**(decision 7) Branch.** x <a id="decision-9"></a>**(decision 9) Extra')).toEqual([7, 9]);
    expect(() => definedDecisions('<a id="decision-7"></a>**(decision 8) Branch.**')).toThrow(/decision-7/);
  });
});
