import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseVars } from "../../warehouse/command.ts";
import { createProgress, summaryLine } from "../../warehouse/transform-progress.ts";
import type { TransformEvent } from "../../warehouse/transform.ts";

function collect(tty: boolean) {
  const out = new PassThrough();
  const err = Object.assign(new PassThrough(), { isTTY: tty });
  let stdout = "";
  let stderr = "";
  out.on("data", (chunk) => (stdout += chunk));
  err.on("data", (chunk) => (stderr += chunk));
  return { report: createProgress({ out, err }), output: () => ({ stdout, stderr }) };
}

const EVENTS: TransformEvent[] = [
  { type: "compiled", durationMs: 310, actions: 2, tests: 0 },
  { type: "action-started", name: "p.s.a", kind: "view", index: 0, total: 2 },
  { type: "action-finished", index: 0, total: 2, result: { name: "p.s.a", kind: "view", fileName: "a.sqlx", status: "successful", durationMs: 40 } },
  { type: "action-started", name: "p.s.b", kind: "table", index: 1, total: 2 },
  {
    type: "action-finished",
    index: 1,
    total: 2,
    result: { name: "p.s.b", kind: "table", fileName: "b.sqlx", status: "failed", message: "b.sqlx: Binder Error: x", durationMs: 1250 },
  },
];

describe("what doraform transform prints", () => {
  it("one line per action with its result and time, and the reason under a failure", () => {
    const { report, output } = collect(false);
    EVENTS.forEach(report);
    expect(output().stdout).toBe(
      [
        "Compiled in 0.31 s: 2 actions, 0 unit tests.",
        "ok       view        p.s.a  0.04 s",
        "FAILED   table       p.s.b  1.25 s",
        "         b.sqlx: Binder Error: x",
        "",
      ].join("\n"),
    );
  });

  it("no progress display when stderr is not a terminal", () => {
    const { report, output } = collect(false);
    EVENTS.forEach(report);
    expect(output().stderr).toBe("");
  });

  it("a progress line on a terminal, naming the running action, cleared before each result", () => {
    const { report, output } = collect(true);
    EVENTS.forEach(report);
    expect(output().stderr).toBe("[1/2] view p.s.a ...\r\x1b[2K[2/2] table p.s.b ...\r\x1b[2K");
  });

  it("a summary that counts each outcome", () => {
    const line = summaryLine({
      successful: false,
      database: "/w/doraform.duckdb",
      compileMs: 300,
      durationMs: 2500,
      tests: [{ name: "t", fileName: "t.sqlx", successful: true, messages: [], durationMs: 1 }],
      actions: [
        { name: "a", kind: "view", fileName: "", status: "successful", durationMs: 1 },
        { name: "b", kind: "table", fileName: "", status: "failed", durationMs: 1 },
        { name: "c", kind: "table", fileName: "", status: "skipped", durationMs: 0 },
        { name: "d", kind: "table", fileName: "", status: "skipped", durationMs: 0 },
      ],
    });
    expect(line).toBe("Failed in 2.50 s: 4 actions: 1 successful, 1 failed, 2 skipped; 1 unit test, 0 failed. Warehouse: /w/doraform.duckdb\n");
  });
});

describe("--vars", () => {
  it("reads comma-separated key=value pairs, as the official CLI does", () => {
    expect(parseVars("a=1,b=two,empty=")).toEqual({ a: "1", b: "two", empty: "" });
  });

  it("refuses a pair without a key and value, naming it", () => {
    expect(() => parseVars("a=1,oops")).toThrow('--vars: expected key=value pairs separated by commas, got "oops"');
  });
});
