// SQLX an analyst can read: a model's description says its grain and one sentence more (the rules
// it applies are comments on the CTE that applies them, citing docs/metrics.md#decision-N), and no
// SQLX line is wider than a reviewer's screen.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileProject, REPOSITORY_ROOT } from "../../warehouse/compile.ts";

const MAX_LINE = 200;
const MAX_DESCRIPTION = 300;

// The weekly, quarterly and summary marts are being restructured on another branch, descriptions
// included; drop them from this list when that lands.
/** Why a model description is not "One row ... . <one sentence>" within the bound, else null. */
function descriptionProblem(description: string | undefined): string | null {
  if (!description) return "no description";
  if (!/^One row\b/.test(description)) return "does not start with its grain (\"One row per ...\")";
  if (description.length > MAX_DESCRIPTION) return `${description.length} characters (at most ${MAX_DESCRIPTION})`;
  const sentences = description.split(/(?<=[.!?])\s+(?=[A-Z`])/);
  if (sentences.length > 2) return `${sentences.length} sentences (the grain and at most one more)`;
  return null;
}

/** `file:line: N characters` for each line wider than MAX_LINE. */
function wideLines(file: string, text: string): string[] {
  return text
    .split("\n")
    .map((line, i) => ({ line: i + 1, width: [...line].length }))
    .filter(({ width }) => width > MAX_LINE)
    .map(({ line, width }) => `${file}:${line}: ${width} characters (at most ${MAX_LINE})`);
}

describe("SQLX shape", () => {
  it("gives every model a description of its grain plus one sentence", async () => {
    const graph = await compileProject(REPOSITORY_ROOT);
    const problems = (graph.tables ?? [])
      .map((table) => ({ file: table.fileName, problem: descriptionProblem(table.actionDescriptor?.description) }))
      .filter(({ problem }) => problem !== null)
      .map(({ file, problem }) => `${file}: ${problem}`);
    expect(problems).toEqual([]);
  });

  it("keeps every SQLX line within 200 characters", () => {
    const files = fs
      .readdirSync(path.join(REPOSITORY_ROOT, "definitions"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".sqlx"))
      .map((file) => `definitions/${file}`)
      .sort();
    expect(files.flatMap((file) => wideLines(file, fs.readFileSync(path.join(REPOSITORY_ROOT, file), "utf8")))).toEqual([]);
  });
});

describe("the shape checks themselves", () => {
  it("accept the grain and one sentence, and name what is wrong otherwise", () => {
    expect(descriptionProblem("One row per incident with a cause. The strongest rule that links wins.")).toBeNull();
    expect(descriptionProblem("One row: the clock the marts were built with.")).toBeNull();
    expect(descriptionProblem(undefined)).toBe("no description");
    expect(descriptionProblem("Incidents with a cause.")).toMatch(/grain/);
    expect(descriptionProblem("One row per incident. It has a cause. The strongest wins.")).toBe(
      "3 sentences (the grain and at most one more)",
    );
    expect(descriptionProblem(`One row per incident. ${"x".repeat(300)}.`)).toMatch(/^32\d characters \(at most 300\)$/);
  });
  it("names the file, line and width of a wide line", () => {
    expect(wideLines("definitions/a.sqlx", `select 1\n${"x".repeat(201)}\n${"y".repeat(200)}`)).toEqual([
      "definitions/a.sqlx:2: 201 characters (at most 200)",
    ]);
  });
});
